"""Six weeks of the demo for three people: the lines that matter to each of them are there."""

from __future__ import annotations

from tests.adapters.console.personas import PERSONAS
from tests.adapters.console.test_console_bot import make_bot


async def transcript(ctx, name: str) -> str:
    bot, lines = make_bot(ctx)
    await bot.start()
    for line in PERSONAS[name]:
        lines.append(f"you> {line}")
        await bot.say(line)
    return "\n".join(lines)


def cards(text: str) -> list[str]:
    """Each challenge card's header line (date, level, minutes)."""
    return [line for line in text.splitlines() if line.startswith("┌─ Today's challenge")]


async def test_the_anxious_beginner_is_helped_never_falsely_praised(ctx):
    text = await transcript(ctx, "anxious")
    flat = " ".join(text.split())
    assert "say to yourself what you'd say to a friend" in flat  # the worry, answered
    assert "Let's make today smaller" in flat and "it isn't a miss" in flat  # too hard
    assert "nothing is logged" in flat  # "I didn't do it", "i chickened out"
    assert "Here's one way to open, to make your own" in flat  # the question
    assert "🪞 Your week so far" in flat and "“sent a short hello to Maya” (Wed)" in flat
    assert "⬆️ Level 2 of 3 from today" in flat  # "too hard" early does not hold them back
    assert "Fri 25 Dec" not in flat and "Mon 28 Dec" not in flat  # UK holidays, no nudge
    assert len(cards(text)) >= 30
    assert "Marked as done" not in flat and "Sounds like you did it" not in flat


async def test_the_confident_senior_climbs_fast_and_is_offered_stretches(ctx):
    text = await transcript(ctx, "senior")
    flat = " ".join(text.split())
    assert "I'll raise the bar: from your next nudge, level 3 of 3" in flat
    assert flat.count("here's a stretch if you want one") == 2
    top = [c for c in cards(text) if "level 3" in c]
    assert len(top) >= 28
    assert "In your words: “introduced two new hires to our platform lead” (Tue)" in flat


async def test_the_on_and_off_member_comes_back_without_guilt(ctx):
    text = await transcript(ctx, "on-and-off")
    flat = " ".join(text.split())
    assert "Welcome back! No catching up needed and no guilt" in flat  # "sorry, been swamped"
    assert "comeback number 1" in flat
    assert "Paused. I'll be back from Fri 11 Dec" in flat
    assert "first one after your pause: no catching up, and your streak waited for you" in flat
    assert "I'll check in once more around 12:00" in flat
    assert "⏰ A gentle check-in, as promised" in flat
    assert "Comebacks: 1" in flat


async def test_twelve_weeks_of_keeping_in_touch_with_sam(ctx):
    text = await transcript(ctx, "keeper")
    flat = " ".join(text.split())
    assert "Keep Sam in your people? I'll remind you to stay in touch." in flat
    assert "Kept Sam." in flat
    follow_ups = flat.count("since you were in touch with Sam (my old manager)")
    assert 3 <= follow_ups <= 5  # every three weeks over twelve
    assert "Noted: you were in touch with Sam." in flat
    assert "Did Sam reply?" in flat and "🎉 Sam replied: that's a real win" in flat
    assert "• Sam (my old manager): last in touch" in flat
