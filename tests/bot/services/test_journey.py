"""Use cases end to end on a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from bot.actions import ActionId, Verb
from bot.ports import MemberRef
from bot.services import dispatch, logbook, membership, settings, streak, tips, wins
from bot.storage.tables import Delivery, Milestone, Win
from tests.bot.services.steps import deliveries, make_kind, member_row, next_day, typed

LONDON = "Europe/London"


async def test_join_sends_a_welcome_and_the_first_challenge_at_once(ctx, messenger, alice):
    reply = await membership.join(ctx, alice)
    assert "direct message" in reply.text
    assert any(phrase in messenger.texts[0] for phrase in ctx.catalog.phrases["welcome"])
    assert "09:00 (Europe/London), Mon–Fri" in messenger.texts[0]
    [card] = messenger.cards
    assert card.day == date(2026, 11, 23) and card.level == 1
    assert {b.label for b in card.buttons} >= {"Done", "Skip", "Too easy", "Too hard"}
    member = await member_row(ctx, alice)
    assert member.next_due_date == date(2026, 11, 24)
    assert member.next_due_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    again = await membership.join(ctx, alice)
    assert "already in" in again.text and len(messenger.cards) == 1


async def test_one_nudge_per_member_per_local_date_is_a_database_rule(ctx, alice):
    await membership.join(ctx, alice)
    [first] = await deliveries(ctx, alice)
    row = {
        c: getattr(first, c)
        for c in (
            "member_id",
            "local_date",
            "challenge_id",
            "theme",
            "kind",
            "level",
            "claimed_at",
            "outcome",
        )
    }
    with pytest.raises(IntegrityError):
        async with ctx.db.transaction() as session:
            await session.execute(insert(Delivery).values(**row))


async def test_streak_grows_over_days_and_the_tick_never_sends_twice(ctx, clock, messenger, alice):
    await membership.join(ctx, alice)
    await logbook.handle_text(ctx, alice, "done")
    assert await next_day(ctx, clock, alice) == 1
    assert await dispatch.deliver_due(ctx) == 0  # same instant again: nothing more
    reply = await logbook.handle_text(ctx, alice, "Did it! 🎉")
    assert "Streak: 2 days" in reply.text
    summary = await streak.streak(ctx, alice)
    assert "Streak: 2 days" in summary.text and "Mon ✅  Tue ✅" in summary.text
    assert [c.day for c in messenger.cards] == [date(2026, 11, 23), date(2026, 11, 24)]


async def test_buttons_log_against_their_own_nudge_for_48_hours(ctx, clock, messenger, alice):
    await membership.join(ctx, alice)
    monday_card = messenger.cards[0]
    await next_day(ctx, clock, alice)
    reply = await logbook.press(ctx, alice, str(ActionId(Verb.DONE, monday_card.delivery_id)))
    assert reply.card is not None and reply.card.day == date(2026, 11, 23)
    assert reply.card.status and "Done" in reply.card.status
    outcomes = {d.local_date: d.outcome for d in await deliveries(ctx, alice)}
    assert outcomes == {date(2026, 11, 23): "done", date(2026, 11, 24): "open"}
    clock.now += timedelta(days=3)
    late = await logbook.press(ctx, alice, str(ActionId(Verb.SKIP, monday_card.delivery_id)))
    assert "more than two days old" in late.text
    assert (await deliveries(ctx, alice))[0].outcome == "done"


async def test_someone_elses_button_and_unknown_ids_change_nothing(ctx, messenger, alice):
    bob = MemberRef("console", "team-1", "bob")
    await membership.join(ctx, alice)
    await membership.join(ctx, bob)
    alices = messenger.cards[0].delivery_id
    reply = await logbook.press(ctx, bob, str(ActionId(Verb.DONE, alices)))
    assert "can't find" in reply.text
    for raw in ("nudge:v1:done:999999", "garbage", "nudge:v9:done:1"):
        assert (await logbook.press(ctx, bob, raw)).text
    assert {d.outcome for d in await deliveries(ctx, alice)} == {"open"}


async def test_a_retried_event_is_processed_once(ctx, alice):
    await membership.join(ctx, alice)
    first = await logbook.handle_text(ctx, alice, "done", event_id="evt-1")
    assert first is not None
    assert await logbook.handle_text(ctx, alice, "undo", event_id="evt-1") is None
    assert (await deliveries(ctx, alice))[0].outcome == "done"


async def test_free_text_counts_as_done_keeps_the_note_and_offers_to_share(ctx, alice):
    await membership.join(ctx, alice)
    await make_kind(ctx, alice, "reach_out")
    reply = await logbook.handle_text(ctx, alice, "Messaged Dana from my old team, she replied!")
    assert [b.label for b in reply.buttons] == ["Share as win", "Keep", "No thanks"]
    assert "Keep Dana in your people?" in reply.text
    [row] = await deliveries(ctx, alice)
    assert (row.outcome, row.note) == ("done", "Messaged Dana from my old team, she replied!")
    shared = await logbook.press(ctx, alice, str(reply.buttons[0].action))
    assert shared.text
    async with ctx.db.transaction() as session:
        wins = (await session.scalars(select(Win))).all()
    assert [w.text for w in wins] == ["Messaged Dana from my old team, she replied!"]


async def test_a_long_note_is_kept_cut_at_2000_characters(ctx, alice):
    await membership.join(ctx, alice)
    # A reply that says it was done ("a" * 2500 alone is unclear now, and logs nothing).
    reply = await logbook.handle_text(ctx, alice, "Called Sam, " + "a" * 2500)
    assert "first 2,000 characters" in reply.text
    assert len((await deliveries(ctx, alice))[0].note) == 2000


async def test_skip_is_a_rest_day_once_a_week(ctx, clock, alice):
    await membership.join(ctx, alice)
    await logbook.handle_text(ctx, alice, "done")
    await next_day(ctx, clock, alice)
    rest = await logbook.handle_text(ctx, alice, "skip")
    assert "Streak: 1 day" in rest.text
    await next_day(ctx, clock, alice)
    second = await logbook.handle_text(ctx, alice, "skip")
    assert "second skip this week" in second.text and "Streak: 0 days" in second.text


async def test_undo_reopens_the_last_log(ctx, alice):
    await membership.join(ctx, alice)
    await logbook.handle_text(ctx, alice, "done")
    reply = await logbook.handle_text(ctx, alice, "undo")
    assert "open again" in reply.text and "Streak: 0 days" in reply.text
    assert (await deliveries(ctx, alice))[0].outcome == "open"
    assert "nothing recent" in (await logbook.handle_text(ctx, alice, "undo")).text


async def test_milestone_is_celebrated_once_even_after_undo(ctx, clock, alice):
    await membership.join(ctx, alice)
    await logbook.handle_text(ctx, alice, "done")
    for _ in range(2):
        await next_day(ctx, clock, alice)
        last = await logbook.handle_text(ctx, alice, "done")
    assert "Streak: 3 days" in last.text
    await logbook.handle_text(ctx, alice, "undo")
    await logbook.handle_text(ctx, alice, "done")
    async with ctx.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Milestone)) == 1


async def test_difficulty_feedback_moves_the_level(ctx, clock, alice):
    await membership.join(ctx, alice)
    easy = await logbook.handle_text(ctx, alice, "too easy")
    assert "level 2" in easy.text
    await next_day(ctx, clock, alice)
    first = await logbook.handle_text(ctx, alice, "too hard")
    assert "level" not in first.text
    card_id = (await deliveries(ctx, alice))[-1].id
    await logbook.press(ctx, alice, str(ActionId(Verb.TOO_HARD, card_id)))
    assert (await member_row(ctx, alice)).level == 2  # the same nudge counts once
    await next_day(ctx, clock, alice)
    hard = await logbook.handle_text(ctx, alice, "too hard")
    assert "level 1" in hard.text


async def test_pause_excuses_today_and_resume_brings_it_back(ctx, clock, alice):
    await membership.join(ctx, alice)
    paused = await logbook.handle_text(ctx, alice, "pause 3 days")
    assert "Thu 26 Nov" in paused.text
    member = await member_row(ctx, alice)
    assert member.paused_until == date(2026, 11, 25)
    assert member.next_due_date == date(2026, 11, 26)
    assert (await deliveries(ctx, alice))[0].outcome == "excused"
    resumed = await settings.resume(ctx, alice)
    assert "Welcome back" in resumed.text
    assert (await deliveries(ctx, alice))[0].outcome == "open"
    assert (await member_row(ctx, alice)).next_due_date == date(2026, 11, 24)


async def test_settings_change_moves_the_schedule_and_bad_input_changes_nothing(ctx, alice):
    await membership.join(ctx, alice)
    bad = await typed(ctx, alice, "/network-settings zone Mars/Base")
    assert "Europe/Berlin" in bad.text
    assert "25:99" in (await typed(ctx, alice, "/network-settings time 25:99")).text
    assert (await member_row(ctx, alice)).zone == LONDON
    reply = await typed(
        ctx, alice, "/network-settings zone Asia/Kolkata time 7:30 days mon,wed,fri"
    )
    assert "Asia/Kolkata" in reply.text and "Mon, Wed, Fri" in reply.text
    member = await member_row(ctx, alice)
    assert member.next_due_date == date(2026, 11, 25)  # Monday already had its nudge
    assert member.next_due_at == datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    shown = await typed(ctx, alice, "/network-settings")
    assert "Nudge time: 07:30" in shown.text


async def test_missed_day_after_downtime_is_skipped_not_flooded(ctx, clock, messenger, alice):
    await membership.join(ctx, alice)
    clock.set_local("2026-11-27T21:00", LONDON)  # back online Friday night
    assert await dispatch.deliver_due(ctx) == 0
    assert (await member_row(ctx, alice)).next_due_date == date(2026, 11, 30)
    clock.set_local("2026-11-30T19:30", LONDON)  # late on Monday: still worth sending
    assert await dispatch.deliver_due(ctx) == 1
    assert [c.day for c in messenger.cards] == [date(2026, 11, 23), date(2026, 11, 30)]


async def test_wins_and_people_who_never_joined(ctx, alice):
    stranger = MemberRef("console", "team-1", "zed")
    assert "/network-join" in (await logbook.handle_text(ctx, stranger, "done")).text
    await membership.join(ctx, alice)
    reply = await wins.win(ctx, alice, "I asked a question at the all-hands")
    assert reply.text
    empty = await logbook.handle_text(ctx, alice, "win:")
    assert "What's the win" in empty.text


async def test_tips_by_topic_and_unknown_topics_list_them(ctx, alice):
    topic = ctx.catalog.tip_topics()[0]
    reply = await tips.tip(ctx, alice, topic)
    texts = {t.text for t in ctx.catalog.tips if t.topic == topic}
    assert any(t in reply.text for t in texts)
    unknown = await tips.tip(ctx, alice, "quantum-knitting")
    assert all(t in unknown.text for t in ctx.catalog.tip_topics())
    assert (await tips.tip(ctx, alice)).text.startswith("💡")


async def test_leaving_stops_nudges_and_keeps_history(ctx, clock, alice):
    await membership.join(ctx, alice)
    await membership.leave(ctx, alice)
    clock.now += timedelta(days=2)
    assert await dispatch.deliver_due(ctx) == 0
    assert len(await deliveries(ctx, alice)) == 1
    back = await membership.join(ctx, alice)
    assert back.text and (await member_row(ctx, alice)).status == "active"


async def test_a_note_after_done_is_added_and_a_second_share_is_not_a_second_win(ctx, alice):
    await membership.join(ctx, alice)
    await logbook.handle_text(ctx, alice, "done")
    added = await logbook.handle_text(ctx, alice, "She offered to introduce me to her team lead")
    assert "Added that to your note" in added.text
    assert (await deliveries(ctx, alice))[0].note == "She offered to introduce me to her team lead"
    assert "already logged as done" in (await logbook.handle_text(ctx, alice, "skip")).text
    await logbook.handle_text(ctx, alice, "share")
    again = await logbook.handle_text(ctx, alice, "share")
    assert "already saved" in again.text
    async with ctx.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Win)) == 1


async def test_one_failed_send_does_not_stop_the_others(ctx, clock, messenger, alice):
    bob = MemberRef("console", "team-1", "bob")
    await membership.join(ctx, alice)
    await membership.join(ctx, bob)
    real_send = messenger.send_card

    async def flaky(to, card):
        if to == alice:
            raise ConnectionError("platform down")
        return await real_send(to, card)

    messenger.send_card = flaky
    clock.now = (await member_row(ctx, alice)).next_due_at
    assert await dispatch.deliver_due(ctx) == 1
    assert messenger.cards[-1].day == date(2026, 11, 24) and messenger.sent[-1].to == bob
    unsent = [d for d in await deliveries(ctx, alice) if d.sent_at is None]
    assert [d.local_date for d in unsent] == [date(2026, 11, 24)]


async def test_a_reaction_on_the_nudge_logs_it_and_other_reactions_say_nothing(
    ctx, messenger, alice
):
    await membership.join(ctx, alice)
    [row] = await deliveries(ctx, alice)
    assert row.message_ref is not None
    quiet = await logbook.react(ctx, alice, "some-other-message")
    assert quiet is not None and quiet.text == ""
    reply = await logbook.react(ctx, alice, row.message_ref, event_id="reaction-1")
    assert "Streak: 1 day" in reply.text
    assert (await deliveries(ctx, alice))[0].outcome == "done"


async def test_parking_stops_nudges_until_unparked(ctx, clock, alice):
    await membership.join(ctx, alice)
    assert await membership.park(ctx, alice, "dms_closed")
    assert await membership.status(ctx, alice) == ("parked", "dms_closed")
    clock.now += timedelta(days=1, hours=2)
    assert await dispatch.deliver_due(ctx) == 0
    assert await membership.unpark(ctx, alice) == "dms_closed"
    assert (await member_row(ctx, alice)).next_due_date == date(2026, 11, 24)
    assert await membership.park_workspace(ctx, "console", "team-1", "uninstalled") == 1
