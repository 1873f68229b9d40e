"""Difficulty levels: start small, step up with success, step down when it is too much.

Everyone starts at level 1. A member moves up one level after 5 completions at their level since
their last "too hard" there, and down one after 2 "too hard" at their level or 3 missed nudge days
in a row. "Too easy" moves up one at once: the member said so. Only what happened since the level
last changed counts, so one change never triggers the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.streaks import DayState

MIN_LEVEL, MAX_LEVEL = 1, 3
DONES_TO_LEVEL_UP = 5
TOO_HARD_TO_LEVEL_DOWN = 2
MISSES_TO_LEVEL_DOWN = 3


class Feedback(StrEnum):
    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"


@dataclass(frozen=True)
class LevelEvent:
    """One delivered nudge as the level rules see it."""

    day: date
    level: int
    state: DayState
    feedback: Feedback | None = None


@dataclass(frozen=True, slots=True)
class Tally:
    """What the rules count at ``level`` since ``since``, from the days seen so far: enough to
    go on from there, so days already counted need not be read again (:mod:`bot.rules_state`)."""

    level: int
    since: date
    too_hard: int = 0
    too_easy: bool = False
    #: Done days at the level since its latest "too hard".
    done_since_hard: int = 0
    #: Trailing missed (or frozen) days, at any level; open, rest and paused days go between.
    missed_run: int = 0


def count(tally: Tally, events: Sequence[LevelEvent]) -> Tally:
    """``tally`` carried on over ``events`` (those before its ``since`` do not count)."""
    too_hard, too_easy = tally.too_hard, tally.too_easy
    done, missed = tally.done_since_hard, tally.missed_run
    for event in sorted((e for e in events if e.day >= tally.since), key=lambda e: e.day):
        if event.level == tally.level:
            if event.feedback is Feedback.TOO_HARD:
                too_hard, done = too_hard + 1, 0
            elif event.state is DayState.DONE:
                done += 1
            too_easy = too_easy or event.feedback is Feedback.TOO_EASY
        if event.state in (DayState.MISSED, DayState.FROZEN):
            missed += 1  # a freeze keeps the streak, but the day was still missed
        elif event.state not in (DayState.OPEN, DayState.REST, DayState.PAUSED):
            missed = 0
    return Tally(tally.level, tally.since, too_hard, too_easy, done, missed)


def next_level(level: int, since: date, events: Sequence[LevelEvent]) -> int:
    """The level a member should be at, given what happened at ``level`` since ``since``."""
    return level_change(level, since, events)[0]


def level_change(
    level: int, since: date, events: Sequence[LevelEvent], counted: Tally | None = None
) -> tuple[int, str]:
    """The level a member should be at, and why, in words that finish "because ...";
    ``counted`` is the tally of the days before ``events``, if they were counted already."""
    tally = count(counted or Tally(level, since), events)
    if tally.too_hard >= TOO_HARD_TO_LEVEL_DOWN and level > MIN_LEVEL:
        return level - 1, f"you said “too hard” {tally.too_hard} times"
    if tally.missed_run >= MISSES_TO_LEVEL_DOWN and level > MIN_LEVEL:
        return level - 1, f"the last {tally.missed_run} nudges went undone"
    if tally.too_easy:
        return min(MAX_LEVEL, level + 1), "you said “too easy”"
    if (done := tally.done_since_hard) >= DONES_TO_LEVEL_UP:
        return min(MAX_LEVEL, level + 1), f"you did {done} at level {level} without a “too hard”"
    return level, "nothing changed"
