"""Intro rounds on a real database: a team turns intros on, members opt in, and a round goes
heads-up, pairs, introductions (with the intro as the day's nudge), check-back; once only,
whatever the ticks, and export and forget include it."""

from __future__ import annotations

import asyncio
import json
from datetime import date

from sqlalchemy import func, select

from bot.intros import texts
from bot.ports import MemberRef, TemporaryDeliveryError
from bot.services import digests, dispatch, logbook, membership, privacy
from bot.services.intros import choices, rounds
from bot.storage.tables import IntroSeat
from tests.bot.services.steps import admin_typed, member_row, typed
from tests.bot.services.team_steps import ANA, BEN, CAL, TEAM, set_up_team, team_row

DEE = MemberRef("slack", "T1", "U-dee")


async def same_office_team(ctx) -> None:
    await set_up_team(ctx, ANA, BEN, CAL, DEE)
    await admin_typed(ctx, TEAM, "intros weekly wed")
    for ref in (ANA, BEN, CAL, DEE):
        await typed(ctx, ref, "/network-intros on")


def last_to(messenger, ref: MemberRef):
    return [s for s in messenger.sent if s.to == ref and s.text is not None][-1]


async def opted_in_team(ctx) -> None:
    await set_up_team(ctx, ANA, BEN, CAL, DEE)
    await typed(ctx, DEE, "/network-settings zone Asia/Tokyo")
    saved = await admin_typed(ctx, TEAM, "intros weekly wed")
    assert saved is not None and "every Wednesday, the first on Wednesday 25 November" in saved.text
    for ref in (ANA, BEN, CAL, DEE):
        answer = await typed(ctx, ref, "/network-intros on")
        assert answer is not None and "You're in" in answer.text


async def test_a_round_from_heads_up_to_check_back(ctx, clock, messenger):
    await opted_in_team(ctx)
    clock.set_local("2026-11-24T09:55", "Europe/London")
    assert await rounds.tick(ctx) == rounds.Sent()  # too early for the heads-up
    clock.set_local("2026-11-24T10:05", "Europe/London")
    assert (await rounds.tick(ctx)).heads_ups == 4
    assert (await rounds.tick(ctx)).heads_ups == 0  # claimed once
    heads_up = last_to(messenger, CAL)
    assert heads_up.text == texts.HEADS_UP
    [skip] = heads_up.buttons
    assert skip.label == "Skip this round"
    skipped = await logbook.press(ctx, CAL, str(skip.action), "e-skip")
    assert skipped is not None and skipped.text == texts.SKIPPED

    clock.set_local("2026-11-24T18:05", "Europe/London")
    assert (await rounds.tick(ctx)).paired == 1
    assert (await rounds.tick(ctx)).paired == 0  # a restart or another instance never re-pairs
    late = await logbook.press(ctx, ANA, str(last_to(messenger, ANA).buttons[0].action), "e2")
    assert late is not None and late.text == texts.SKIPPED_TOO_LATE

    clock.set_local("2026-11-25T09:00", "Europe/London")
    sent = await rounds.tick(ctx)
    assert (sent.introductions, sent.unpaired) == (1, 1)
    [(group, text)] = messenger.introductions
    assert set(group) == {ANA, BEN}
    assert "<@U-ana> (Europe/London, 09:00 there now)" in text and "<@U-ben>" in text
    assert last_to(messenger, DEE).text == texts.UNPAIRED[texts.Unpaired.NO_OVERLAP]
    assert (await rounds.tick(ctx)).introductions == 0

    await dispatch.deliver_due(ctx)  # Tuesday's nudge, missed by the jump, is let go
    await dispatch.deliver_due(ctx)
    ana_card = [s.card for s in messenger.sent if s.to == ANA and s.card][-1]
    assert ana_card.text.startswith("Today's challenge is your intro: say hello to <@U-ben>")
    assert [b.label for b in ana_card.buttons][:2] == ["Done", "Skip"]
    cal_card = [s.card for s in messenger.sent if s.to == CAL and s.card][-1]
    assert "intro" not in cal_card.text

    clock.set_local("2026-11-28T11:05", "Europe/London")
    assert (await rounds.tick(ctx)).check_backs == 2
    asked = last_to(messenger, ANA)
    assert asked.text == "Did you and <@U-ben> meet?"
    assert [b.label for b in asked.buttons] == ["Met", "Planned", "Not yet"]
    met = await logbook.press(ctx, ANA, str(asked.buttons[0].action), "e-met")
    assert met is not None and met.text == texts.ANSWERS[texts.Outcome.MET]
    [share] = met.buttons
    shared = await logbook.press(ctx, ANA, str(share.action), "e-share")
    assert shared is not None and shared.posts == () and "win" in shared.text.lower()
    assert (await rounds.tick(ctx)).check_backs == 0

    posted = await digests.post_digest(ctx, TEAM.key)
    assert posted is not None and "• 🤝 1 intro made, 1 met" in posted
    assert "U-ben" not in posted and "U-ana" not in posted

    exported = await privacy.export(ctx, ANA)
    assert exported is not None
    data = json.loads(exported.files[0].content)
    assert data["intros_choice"][0]["state"] == "on"
    assert data["intros"][0]["outcome"] == "met"
    ana_id = (await member_row(ctx, ANA)).id
    await privacy.forget(ctx, ANA, confirmed=True)
    async with ctx.db.transaction() as session:
        left = await session.scalar(
            select(func.count()).select_from(IntroSeat).where(IntroSeat.member_id == ana_id)
        )
    assert left == 0


async def test_nobody_is_paired_without_opting_in_and_mistakes_say_what_to_type(ctx, clock):
    await set_up_team(ctx, ANA, BEN)
    await admin_typed(ctx, TEAM, "intros weekly wed")
    await typed(ctx, ANA, "/network-intros on")
    clock.set_local("2026-11-25T09:05", "Europe/London")
    sent = await rounds.tick(ctx)
    assert (sent.paired, sent.unpaired) == (0, 1)
    wrong = await typed(ctx, BEN, "/network-intros sometimes")
    assert wrong is not None and "`/network-intros on`" in wrong.text
    wrong = await admin_typed(ctx, TEAM, "intros daily")
    assert wrong is not None and "/network-admin intros weekly mon" in wrong.text
    refused = await admin_typed(ctx, TEAM, "intros off", is_admin=False)
    assert refused is not None and "Only admins" in refused.text
    paused = await typed(ctx, ANA, "/network-intros pause 2 weeks")
    assert paused is not None and "paused until" in paused.text
    shown = await typed(ctx, ANA, "/network-intros")
    assert shown is not None and "paused until" in shown.text and "every Wednesday" in shown.text
    off = await admin_typed(ctx, TEAM, "intros off")
    assert off is not None and "Intros are off" in off.text


async def test_two_instances_pair_a_round_once_and_a_held_back_intro_goes_later(
    ctx, clock, messenger, monkeypatch
):
    await same_office_team(ctx)
    clock.set_local("2026-11-25T09:05", "Europe/London")
    team_id = (await team_row(ctx)).id
    made = await asyncio.gather(*(rounds.pair(ctx, team_id, date(2026, 11, 25)) for _ in range(2)))
    assert sorted(made) == [0, 2]  # four members in one office's hours: two pairs, made once

    async def rate_limited(members, text):
        raise TemporaryDeliveryError("ratelimited", retry_after=30)

    monkeypatch.setattr(messenger, "introduce", rate_limited)
    assert (await rounds.tick(ctx)).introductions == 0
    monkeypatch.undo()
    assert (await rounds.tick(ctx)).introductions == 2
    assert len(messenger.introductions) == 2


async def test_joining_asks_once_about_intros_when_the_team_runs_them(ctx):
    await set_up_team(ctx)
    await admin_typed(ctx, TEAM, "intros weekly wed")
    await membership.join(ctx, ANA, team=TEAM.team_id)
    first = await logbook.press(ctx, ANA, "nudge:v1:focus:10")
    assert first is not None and first.buttons  # the second question
    last = await logbook.press(ctx, ANA, "nudge:v1:focus:20")
    assert last is not None and choices.JOIN_QUESTION in last.text
    assert [b.label for b in last.buttons] == ["Pair me up", "Not now"]
    joined = await logbook.press(ctx, ANA, str(last.buttons[0].action))
    assert joined is not None and "You're in" in joined.text
    shown = await typed(ctx, ANA, "/network-intros")
    assert shown is not None and shown.text.startswith("You're in")
