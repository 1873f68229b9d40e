"""No nudge on a public holiday where the member lives, and the streak carries on past it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.ports import MemberRef
from bot.services import logbook, membership
from tests.bot.services.steps import admin_typed, deliveries, member_row, next_day, typed
from tests.bot.services.team_steps import TEAM

GB, US = MemberRef("slack", "T1", "U-gb"), MemberRef("slack", "T1", "U-us")
NEW_YORK = "America/New_York"


async def test_christmas_sends_nothing_and_keeps_the_streak(ctx, clock):
    clock.now = datetime(2026, 12, 22, 8, 0, tzinfo=UTC)  # Tuesday before Christmas
    await membership.join(ctx, GB, team=TEAM.team_id)
    await membership.join(ctx, US, team=TEAM.team_id)
    await typed(ctx, US, f"/network-settings zone {NEW_YORK}")
    for ref in (GB, US):
        await logbook.handle_text(ctx, ref, "done")
    while clock.now < datetime(2026, 12, 30, tzinfo=UTC):
        for ref in (GB, US):
            member = await member_row(ctx, ref)
            if member.next_due_at is not None and member.next_due_at <= clock.now:
                await next_day(ctx, clock, ref)
                await logbook.handle_text(ctx, ref, "done")
        clock.now = min([(await member_row(ctx, r)).next_due_at for r in (GB, US)])
    gb_days = [d.local_date.day for d in await deliveries(ctx, GB)]
    us_days = [d.local_date.day for d in await deliveries(ctx, US)]
    assert gb_days == [22, 23, 24, 29]  # 25 Christmas, 28 Boxing Day (observed) in the UK
    assert us_days == [22, 23, 24, 28, 29]  # 25 only in the US
    streak = await typed(ctx, GB, "/network-streak")
    assert "Streak: 4 days" in streak.text


async def test_the_team_default_and_a_members_own_choice(ctx, clock):
    clock.now = datetime(2026, 12, 22, 8, 0, tzinfo=UTC)
    await membership.join(ctx, GB, team=TEAM.team_id)
    assert (await member_row(ctx, GB)).holidays == "GB"  # their zone's country by default
    reply = await admin_typed(ctx, TEAM, "holidays off")
    assert "Public holidays off: none" in reply.text
    assert (await member_row(ctx, GB)).holidays == ""
    mine = await typed(ctx, GB, "/network-settings holidays us-ca")
    assert "Public holidays off: US-CA" in mine.text and "team's default" not in mine.text
    await admin_typed(ctx, TEAM, "holidays DE")
    assert (await member_row(ctx, GB)).holidays == "US-CA"  # their own choice stands
    back = await typed(ctx, GB, "/network-settings holidays team")
    assert "Public holidays off: DE (the team's default)" in back.text
    wrong = await typed(ctx, GB, "/network-settings holidays Narnia")
    assert "holiday calendar" in wrong.text and "`GB`, `US-CA`" in wrong.text
    assert (await member_row(ctx, GB)).holidays == "DE"


async def test_a_team_default_moves_the_next_nudge_off_a_holiday(ctx, clock):
    clock.now = datetime(2026, 12, 24, 8, 0, tzinfo=UTC)  # Thursday
    await admin_typed(ctx, TEAM, "holidays off")
    await membership.join(ctx, GB, team=TEAM.team_id)
    assert (await member_row(ctx, GB)).next_due_date == date(2026, 12, 25)
    await admin_typed(ctx, TEAM, "holidays GB")
    assert (await member_row(ctx, GB)).next_due_date == date(2026, 12, 29)
