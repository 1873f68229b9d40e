"""The weekly reflection: on the last nudge day of a member's week, their own week in a few
lines (what they did, in their words; what they skipped) and one question that looks ahead.

Pure: it reads the week's nudges and returns the text, private to the member's DM.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.catalog import THEMES

#: Questions that look forward; one a week, in turn.
AHEAD = (
    "Who is one person you'd like to know a little better by the end of next week?",
    "What's one small ask you've been putting off that next week could hold?",
    "Which of this week's steps would you happily do again, and with whom?",
    "Who helped you recently without being asked? Next week could be the week you tell them.",
    "What would make next week's challenges feel a little easier to start?",
    "Is there a conversation from this week worth following up on?",
)
#: A note is quoted up to this many characters.
QUOTE = 80


@dataclass(frozen=True)
class WeekDay:
    day: date
    theme: str
    outcome: str
    note: str | None = None


def weekly_reflection(week: Sequence[WeekDay], today: date) -> str | None:
    """The reflection sent before ``today``'s card, from the week's earlier nudges; None when
    nothing came this week (nothing to reflect on)."""
    earlier = sorted((d for d in week if d.day < today), key=lambda d: d.day)
    if not earlier:
        return None
    done = [d for d in earlier if d.outcome == "done"]
    skipped = [d for d in earlier if d.outcome in ("skipped", "open")]
    lines = [f"🪞 Your week so far: {len(done)} of {len(earlier)} done."]
    quoted = [f"“{_short(d.note)}” ({d.day:%a})" for d in done if d.note]
    plain = [f"{THEMES.get(d.theme, d.theme).lower()} ({d.day:%a})" for d in done if not d.note]
    if quoted:
        lines.append("In your words: " + ", ".join(quoted) + ".")
    if plain:
        lines.append("You took steps on " + ", ".join(plain) + ".")
    if skipped:
        names = ", ".join(f"{d.day:%A}" for d in skipped)
        lines.append(f"Left for another time: {names}. That's fine; the habit is the point.")
    if not done:
        lines.append("A quiet week happens. Today's is a fresh start.")
    ahead = AHEAD[today.isocalendar()[1] % len(AHEAD)]
    lines.append(f"Looking ahead: {ahead}")
    return "\n".join(lines)


def _short(note: str | None) -> str:
    text = " ".join((note or "").split())
    return text if len(text) <= QUOTE else text[: QUOTE - 1].rstrip() + "…"
