"""A "later" reply asks for one reminder that day; it comes once, and never after the day ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.services import logbook, membership, reminders
from tests.bot.services.steps import deliveries, next_day


async def test_later_brings_one_reminder_a_few_hours_on(ctx, clock, messenger, alice):
    await membership.join(ctx, alice)  # Monday 08:00 London
    reply = await logbook.handle_text(ctx, alice, "I'll do it after lunch")
    assert reply is not None and "I'll check in once more around 11:00." in reply.text
    again = await logbook.handle_text(ctx, alice, "later, promise")
    assert again is not None and again.text.count("around 11:00") == 1  # still the one
    clock.now += timedelta(hours=2)
    assert await reminders.send_due(ctx) == 0
    clock.now += timedelta(hours=1)
    assert await reminders.send_due(ctx) == 1
    assert messenger.texts[-1].startswith("⏰ A gentle check-in, as promised")
    assert await reminders.send_due(ctx) == 0
    third = await logbook.handle_text(ctx, alice, "tonight, I swear")
    assert third is not None and "check in" not in third.text  # one reminder a day at most


async def test_no_reminder_once_it_is_done_or_the_day_is_over(ctx, clock, messenger, alice):
    await membership.join(ctx, alice)
    await logbook.handle_text(ctx, alice, "I'll do it after lunch")
    await logbook.handle_text(ctx, alice, "done")
    clock.now += timedelta(hours=4)
    assert await reminders.send_due(ctx) == 0
    await next_day(ctx, clock, alice)  # Tuesday
    await logbook.handle_text(ctx, alice, "later today")
    clock.now = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # the next morning: too late
    assert await reminders.send_due(ctx) == 0
    assert all(d.remind_at is None for d in await deliveries(ctx, alice))


def test_the_reminder_comes_before_the_day_ends_or_not_at_all():
    now = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    deadline = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
    assert reminders.remind_at(now, deadline) == datetime(2026, 11, 23, 19, 30, tzinfo=UTC)
    assert reminders.remind_at(now.replace(hour=19), deadline) is None
