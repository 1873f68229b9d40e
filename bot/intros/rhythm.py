"""When a team's intro rounds fall, and reading what admins and members type about them.

A team's rhythm is off, weekly on a day, or every two weeks on a day; fortnightly rounds count
from the first round after the admin chose it (``anchor``). Around each round (team dates):
the heads-up goes out the day before, the pairs are made that evening (``PAIR_AT``) so every
member's nudge on the round day can be the intro, the pairs are introduced on the day, and
``CHECK_BACK_AFTER`` days later each member is asked whether they met.

Like every parser here, reading never raises: it returns the value or an
:class:`~bot.preferences.Invalid` that says what to type instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum

from bot.preferences import Invalid, parse_pause
from bot.vocabulary import DAY_FULL_NAMES, day_number

#: Team-local times of the round's steps.
HEADS_UP_AT = time(10, 0)
PAIR_AT = time(18, 0)
INTRODUCE_AT = time(9, 0)
CHECK_BACK_AT = time(11, 0)
CHECK_BACK_AFTER = timedelta(days=3)

ADMIN_INTROS_USAGE = (
    "For example: `/network-admin intros weekly mon`, `/network-admin intros every 2 weeks thu` "
    "or `/network-admin intros off`."
)
MEMBER_USAGE = (
    "Type `/network-intros on` to be paired with a teammate for a short chat, "
    "`/network-intros off` to stop, or `/network-intros pause 2 weeks` to skip a while."
)


@dataclass(frozen=True)
class Rhythm:
    """A round every ``every_weeks`` weeks on ISO ``weekday``; None as a team's rhythm is off."""

    weekday: int
    every_weeks: int = 1

    def describe(self) -> str:
        day = DAY_FULL_NAMES[self.weekday - 1]
        return f"every {day}" if self.every_weeks == 1 else f"every other {day}"


def anchor_for(rhythm: Rhythm, today: date) -> date:
    """The first round date of a rhythm chosen ``today``: its weekday, tomorrow at the earliest
    (a round needs its heads-up the day before)."""
    start = today + timedelta(days=1)
    return start + timedelta(days=(rhythm.weekday - start.isoweekday()) % 7)


def next_round(rhythm: Rhythm, anchor: date, on_or_after: date) -> date:
    """The first round date on or after ``on_or_after``."""
    day = max(anchor, on_or_after)
    day += timedelta(days=(rhythm.weekday - day.isoweekday()) % 7)
    weeks = (day - anchor).days // 7
    return day + timedelta(weeks=(-weeks) % rhythm.every_weeks)


def parse_rhythm(text: str) -> Rhythm | Invalid | None:
    """``weekly mon``, ``every 2 weeks thu``, ``biweekly``, ``off``; the day defaults to Monday."""
    words = text.strip().lower().replace("fortnightly", "every 2 weeks").split()
    if words in (["off"], ["stop"], ["none"]):
        return None
    if words[:3] in (["every", "2", "weeks"], ["every", "two", "weeks"]):
        every, rest = 2, words[3:]
    elif words[:1] == ["biweekly"]:
        every, rest = 2, words[1:]
    elif words[:1] == ["weekly"]:
        every, rest = 1, words[1:]
    elif words[:2] == ["every", "week"]:
        every, rest = 1, words[2:]
    else:
        return Invalid("I can run intros weekly or every two weeks. " + ADMIN_INTROS_USAGE)
    if rest[:1] == ["on"]:
        rest = rest[1:]
    if not rest:
        return Rhythm(1, every)
    weekday = day_number(rest[0]) if len(rest) == 1 else None
    if weekday is None:
        return Invalid(f"I don't know the day “{' '.join(rest)}”. " + ADMIN_INTROS_USAGE)
    return Rhythm(weekday, every)


class OptIn(StrEnum):
    ON = "on"
    OFF = "off"
    #: Opted in, left out of rounds until a date.
    PAUSED = "paused"


@dataclass(frozen=True)
class OptInChange:
    """What a member asked for; ``pause`` is the pause's words, read against their own today."""

    state: OptIn | None = None
    pause: str = ""


def parse_opt_in(text: str) -> OptInChange | Invalid:
    """``on``, ``off``, ``pause 2 weeks`` (any pause ``/network-pause`` takes); empty shows."""
    words = " ".join(text.strip().lower().split())
    if not words:
        return OptInChange()
    if words in ("on", "yes", "join", "in"):
        return OptInChange(OptIn.ON)
    if words in ("off", "no", "stop", "out", "leave"):
        return OptInChange(OptIn.OFF)
    if words == "pause" or words.startswith("pause "):
        return OptInChange(OptIn.PAUSED, words.removeprefix("pause").strip() or "2 weeks")
    return Invalid(f"I didn't understand “{text.strip()[:40]}”. " + MEMBER_USAGE)


def pause_until(words: str, today: date) -> date | Invalid:
    """The last date of an intros pause, or what to type instead."""
    last = parse_pause(words, today)
    if isinstance(last, Invalid):
        return Invalid(
            "How long should intros pause? Type `/network-intros pause 2 weeks`, "
            "`/network-intros pause 10 days` or `/network-intros pause until monday`."
        )
    return last
