"""Say what changed, every time: a level, a freeze spent, a streak ended, a late done, a return."""

from __future__ import annotations

from datetime import timedelta

from bot.services import logbook, membership
from tests.bot.services.steps import deliveries, member_row, next_day, typed


async def a_week_of_dones(ctx, clock, ref, days: int) -> None:
    await logbook.handle_text(ctx, ref, "done")
    for _ in range(days - 1):
        await next_day(ctx, clock, ref)
        await logbook.handle_text(ctx, ref, "done")


async def test_a_level_up_is_announced_with_its_reason(ctx, clock, messenger, alice):
    await membership.join(ctx, alice)
    await a_week_of_dones(ctx, clock, alice, 5)
    assert (await member_row(ctx, alice)).level == 1
    await next_day(ctx, clock, alice)
    assert messenger.cards[-1].level == 2
    assert messenger.texts[-1] == (
        "⬆️ Level 2 of 3 from today, because you did 5 at level 1 without a “too hard”. "
        "Braver asks, same few minutes."
    )


async def test_a_spent_freeze_and_an_ended_streak_are_announced(ctx, clock, messenger, alice):
    await membership.join(ctx, alice)
    await a_week_of_dones(ctx, clock, alice, 7)  # Mon..Fri, Mon, Tue: one freeze earned
    await next_day(ctx, clock, alice)  # Wednesday: left undone
    await next_day(ctx, clock, alice)  # Thursday
    assert messenger.texts[-1] == (
        "❄️ Wednesday's challenge went undone, so a freeze kept your streak going (no freezes left)."
        " Did it after all? Log today's, then another `done` logs Wednesday's."
    )
    await next_day(ctx, clock, alice)  # Friday: Thursday went undone too, nothing to cover it
    assert messenger.texts[-1].startswith(
        "Thursday's challenge went undone, so a new streak starts"
    )
    assert "Your best so far, 8 days" in messenger.texts[-1]  # the frozen day counted


async def test_a_late_done_names_the_day_it_logged(ctx, clock, alice):
    await membership.join(ctx, alice)  # Monday 23 November
    await next_day(ctx, clock, alice)  # Tuesday: Monday's is still open
    await logbook.handle_text(ctx, alice, "done")  # logs today's
    reply = await logbook.handle_text(ctx, alice, "done")  # and then yesterday's
    assert reply is not None
    assert reply.text.startswith("Logged against yesterday's challenge (Monday 23 Nov).")
    assert [d.outcome for d in await deliveries(ctx, alice)] == ["done", "done"]


async def test_the_first_nudge_after_a_pause_is_a_comeback(ctx, clock, messenger, alice):
    await membership.join(ctx, alice)
    await logbook.handle_text(ctx, alice, "done")
    await typed(ctx, alice, "/network-pause 2 weeks")
    await next_day(ctx, clock, alice)
    assert clock.now.date() >= messenger.cards[0].day + timedelta(days=14)
    assert messenger.texts[-1].startswith(
        "👋 Welcome back! This is your first one after your pause"
    )
    assert "your streak waited for you" in messenger.texts[-1]


async def test_no_news_is_no_message(ctx, clock, messenger, alice):
    await membership.join(ctx, alice)
    await logbook.handle_text(ctx, alice, "done")
    sent = len(messenger.texts)
    await next_day(ctx, clock, alice)
    assert len(messenger.texts) == sent


async def test_the_last_nudge_day_of_the_week_brings_the_weeks_reflection(
    ctx, clock, messenger, alice
):
    await membership.join(ctx, alice)  # Monday
    await logbook.handle_text(ctx, alice, "done: said hi to Priya")
    await next_day(ctx, clock, alice)  # Tuesday
    await logbook.handle_text(ctx, alice, "skip")
    for _ in range(2):  # Wednesday, Thursday
        await next_day(ctx, clock, alice)
        await logbook.handle_text(ctx, alice, "done")
    sent = len(messenger.texts)
    await next_day(ctx, clock, alice)  # Friday: the reflection, then the card
    [reflection] = messenger.texts[sent:]
    assert reflection.startswith("🪞 Your week so far: 3 of 4 done.")
    assert "“said hi to Priya” (Mon)" in reflection and "Tuesday" in reflection
    assert messenger.sent[-1].card is not None and messenger.sent[-1].card.day.isoweekday() == 5


async def test_a_streak_started_again_is_named_a_comeback_and_counted(ctx, clock, alice):
    await membership.join(ctx, alice)
    await logbook.handle_text(ctx, alice, "done")
    for _ in range(3):  # Tuesday and Wednesday left undone, no freeze to cover them; Thursday
        await next_day(ctx, clock, alice)
    reply = await logbook.handle_text(ctx, alice, "done")
    assert reply is not None and "🌱 That's comeback number 1" in reply.text
    streak = await typed(ctx, alice, "/network-streak")
    assert "Comebacks: 1" in streak.text


async def test_an_ended_streak_is_said_once_not_on_every_day_missed_after(
    ctx, clock, messenger, alice
):
    """Found trying the demo: three days left undone after a streak each brought "a new streak
    starts with today's" again. Only the day the streak ended is news."""
    await membership.join(ctx, alice)
    await a_week_of_dones(ctx, clock, alice, 3)  # Mon, Tue, Wed
    await next_day(ctx, clock, alice)  # Thursday: left undone
    await next_day(ctx, clock, alice)  # Friday: says Thursday ended the streak
    assert "Thursday's challenge went undone, so a new streak starts" in messenger.texts[-1]
    said = len(messenger.texts)
    await next_day(ctx, clock, alice)  # Monday: Friday went undone too, but nothing ended
    await next_day(ctx, clock, alice)  # Tuesday: and Monday
    assert not any("new streak starts" in text for text in messenger.texts[said:])
    await logbook.handle_text(ctx, alice, "done")  # a new streak, then it ends: news again
    await next_day(ctx, clock, alice)  # Wednesday: left undone
    await next_day(ctx, clock, alice)
    assert "Wednesday's challenge went undone, so a new streak starts" in messenger.texts[-1]
