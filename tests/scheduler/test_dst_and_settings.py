"""Wall-clock nudges across DST changes, and settings changes mid-day, driven tick by tick."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.ports import MemberRef
from bot.schedule import wall_to_utc
from bot.services import dispatch, roster, settings
from bot.storage.tables import Delivery
from tests.bot.services.steps import typed

TICK = timedelta(minutes=5)


async def run_ticks(ctx, clock, until: datetime) -> None:
    while clock.now < until:
        clock.now += TICK
        await dispatch.deliver_due(ctx)


async def nudges(ctx) -> list[Delivery]:
    async with ctx.db.transaction() as session:
        return list(await session.scalars(select(Delivery).order_by(Delivery.claimed_at)))


# (zone, nudge time, the local dates around a DST change)
DST_CASES = [
    ("America/New_York", time(2, 30), date(2026, 3, 7)),  # spring forward: 02:30 doesn't exist
    ("America/New_York", time(1, 30), date(2026, 10, 31)),  # fall back: 01:30 happens twice
    ("Europe/London", time(1, 15), date(2026, 3, 28)),
    ("Australia/Lord_Howe", time(2, 10), date(2026, 10, 3)),  # a 30-minute jump
    ("Pacific/Chatham", time(2, 50), date(2026, 9, 26)),  # +12:45 → +13:45
    ("Asia/Kolkata", time(9, 0), date(2026, 3, 7)),  # no DST at all
]


@pytest.mark.parametrize(("zone", "at", "first_day"), DST_CASES)
async def test_nudges_keep_to_the_wall_clock_across_a_dst_change(
    ctx, clock, messenger, zone, at, first_day
):
    tz = ZoneInfo(zone)
    clock.now = datetime.combine(first_day, time(0, 0), tzinfo=tz).astimezone(UTC)
    await roster.enrol(
        ctx,
        [roster.Enrolment(MemberRef("slack", "T1", "U1"), "T1", zone, at, frozenset(range(1, 8)))],
    )
    end = clock.now + timedelta(days=3)
    await run_ticks(ctx, clock, end)
    sent = await nudges(ctx)
    days = [first_day + timedelta(days=i) for i in range(3)]
    assert [d.local_date for d in sent] == days  # one a day, none skipped
    for nudge in sent:
        due = wall_to_utc(datetime.combine(nudge.local_date, at), tz)
        assert due <= nudge.claimed_at < due + TICK  # on the first tick at or after the due time
        local = due.astimezone(tz)
        if local.time() != at:  # the wall time did not exist: the first minute after the jump
            assert local.time() > at and (due - timedelta(minutes=1)).astimezone(tz).time() < at
        else:
            assert local.fold == 0  # a repeated wall time: the first occurrence


async def test_a_member_paused_over_a_dst_change_resumes_at_the_right_time(ctx, clock):
    new_york = ZoneInfo("America/New_York")
    clock.now = datetime(2026, 3, 5, 12, 0, tzinfo=new_york).astimezone(UTC)
    ref = MemberRef("slack", "T1", "U1")
    await roster.enrol(ctx, [roster.Enrolment(ref, "T1", "America/New_York", time(9, 0))])
    await settings.pause(ctx, ref, "until 2026-03-10")  # DST starts on Sunday 8 March
    await run_ticks(ctx, clock, datetime(2026, 3, 10, 12, 0, tzinfo=new_york).astimezone(UTC))
    [nudge] = await nudges(ctx)  # nothing from Friday to Monday
    assert nudge.local_date == date(2026, 3, 10)
    assert nudge.claimed_at == datetime(2026, 3, 10, 13, 0, tzinfo=UTC)  # 09:00 EDT, not EST


async def enrolled_at_nine(ctx, clock) -> MemberRef:
    ref = MemberRef("slack", "T1", "U1")
    clock.now = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # Monday, London is on UTC
    await roster.enrol(ctx, [roster.Enrolment(ref, "T1", "Europe/London", time(9, 0))])
    return ref


async def test_a_later_time_after_todays_nudge_does_not_send_twice(ctx, clock):
    ref = await enrolled_at_nine(ctx, clock)
    await run_ticks(ctx, clock, datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    await typed(ctx, ref, "/network-settings time 11:00")
    await run_ticks(ctx, clock, datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    sent = await nudges(ctx)
    assert [(d.local_date, d.claimed_at.hour) for d in sent] == [
        (date(2026, 11, 23), 9),
        (date(2026, 11, 24), 11),  # the new time from the next nudge on
    ]


async def test_a_later_time_before_todays_nudge_still_sends_today(ctx, clock):
    ref = await enrolled_at_nine(ctx, clock)
    await run_ticks(ctx, clock, datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    await typed(ctx, ref, "/network-settings time 10:30")
    await run_ticks(ctx, clock, datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    [nudge] = await nudges(ctx)
    assert nudge.local_date == date(2026, 11, 23)
    assert nudge.claimed_at == datetime(2026, 11, 23, 10, 30, tzinfo=UTC)


async def test_a_zone_change_after_todays_nudge_waits_for_the_next_local_day(ctx, clock):
    ref = await enrolled_at_nine(ctx, clock)
    await run_ticks(ctx, clock, datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
    await typed(ctx, ref, "/network-settings zone Asia/Tokyo")  # already 18:30 on the 23rd there
    await run_ticks(ctx, clock, datetime(2026, 11, 24, 23, 30, tzinfo=UTC))
    sent = await nudges(ctx)
    assert [d.local_date for d in sent] == [date(2026, 11, 23), date(2026, 11, 24)]
    assert sent[1].claimed_at == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo


async def test_weekday_changes_take_effect_from_the_next_nudge(ctx, clock):
    ref = await enrolled_at_nine(ctx, clock)
    await typed(ctx, ref, "/network-settings days tue,thu")  # before Monday's nudge: not today
    await run_ticks(ctx, clock, datetime(2026, 11, 24, 21, 0, tzinfo=UTC))
    await typed(ctx, ref, "/network-settings days every day")  # Tuesday evening, after 20:00
    await run_ticks(ctx, clock, datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    assert [d.local_date for d in await nudges(ctx)] == [date(2026, 11, 24), date(2026, 11, 25)]


async def test_pause_and_resume_before_the_nudge_keeps_the_day(ctx, clock):
    ref = await enrolled_at_nine(ctx, clock)
    await settings.pause(ctx, ref, "2 days")
    await settings.resume(ctx, ref)
    await run_ticks(ctx, clock, datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    assert [d.local_date for d in await nudges(ctx)] == [date(2026, 11, 23)]
