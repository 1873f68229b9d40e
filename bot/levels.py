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


def next_level(level: int, since: date, events: Sequence[LevelEvent]) -> int:
    """The level a member should be at, given what happened at ``level`` since ``since``."""
    return level_change(level, since, events)[0]


def level_change(level: int, since: date, events: Sequence[LevelEvent]) -> tuple[int, str]:
    """The level a member should be at, and why, in words that finish "because ..."."""
    recent = sorted((e for e in events if e.day >= since), key=lambda e: e.day)
    at_level = [e for e in recent if e.level == level]
    too_hard = sum(e.feedback is Feedback.TOO_HARD for e in at_level)
    if too_hard >= TOO_HARD_TO_LEVEL_DOWN and level > MIN_LEVEL:
        return level - 1, f"you said “too hard” {too_hard} times"
    if (missed := _missed_in_a_row(recent)) >= MISSES_TO_LEVEL_DOWN and level > MIN_LEVEL:
        return level - 1, f"the last {missed} nudges went undone"
    if any(e.feedback is Feedback.TOO_EASY for e in at_level):
        return min(MAX_LEVEL, level + 1), "you said “too easy”"
    hard_days = [i for i, e in enumerate(at_level) if e.feedback is Feedback.TOO_HARD]
    since_hard = at_level[hard_days[-1] + 1 :] if hard_days else at_level
    done = sum(e.state is DayState.DONE for e in since_hard)
    if done >= DONES_TO_LEVEL_UP:
        return min(MAX_LEVEL, level + 1), f"you did {done} at level {level} without a “too hard”"
    return level, "nothing changed"


def _missed_in_a_row(events: Sequence[LevelEvent]) -> int:
    """Trailing run of missed days (a freeze keeps the streak, but the day was still missed)."""
    run = 0
    for event in reversed(events):
        if event.state in (DayState.OPEN, DayState.REST, DayState.PAUSED):
            continue
        if event.state not in (DayState.MISSED, DayState.FROZEN):
            break
        run += 1
    return run
