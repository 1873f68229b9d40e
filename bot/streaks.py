"""Streak rules: what each delivered nudge day counts as, and the streak it adds up to.

Only days on which a nudge was delivered are seen: non-nudge days, paused days and days the bot
skipped after downtime are invisible. On the seen days:

- done extends the streak; every 7 consecutive done days earn a freeze (at most 2 held);
- the first skip of a calendar week is a rest day: it neither breaks nor extends the streak;
  a second skip in the same week counts as missed;
- a missed day (still open after its date, or an extra skip) spends a freeze if one is held,
  which covers the day and keeps the streak going; otherwise the streak starts over;
- today's nudge, still open, does not break anything yet;
- a streak that starts after a break (at least COMEBACK_AFTER delivered days without a done, or
  a pause) is a comeback, and comebacks are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

MILESTONES: tuple[int, ...] = (3, 7, 14, 30, 50, 100)
DONE_DAYS_PER_FREEZE = 7
MAX_FREEZES = 2
COMEBACK_AFTER = 2


class Outcome(StrEnum):
    """What the member logged against one delivered nudge (stored as is)."""

    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"
    EXCUSED = "excused"  # delivered, then the member paused over that day


class DayState(StrEnum):
    """How a delivered nudge day counts, once the rules above have been applied."""

    DONE = "done"
    REST = "rest"
    FROZEN = "frozen"
    MISSED = "missed"
    OPEN = "open"
    PAUSED = "paused"


@dataclass(frozen=True)
class LoggedDay:
    day: date
    outcome: Outcome


@dataclass(frozen=True)
class StreakSummary:
    current: int
    longest: int
    freezes: int
    #: First day of the current streak, None when there is none.
    since: date | None
    #: Every delivered day in date order with how it counted.
    days: tuple[tuple[date, DayState], ...]
    #: Streaks started again after an earlier one ended: each one a comeback.
    comebacks: int = 0

    def state_of(self, day: date) -> DayState | None:
        return dict(self.days).get(day)


def summarize(history: Sequence[LoggedDay], today: date) -> StreakSummary:
    """Walk the member's delivered days in date order and apply the streak rules."""
    current = longest = freezes = done_run = comebacks = not_done = 0
    paused = False
    since: date | None = None
    skip_weeks: set[tuple[int, int]] = set()
    states: list[tuple[date, DayState]] = []
    for entry in sorted(history, key=lambda e: e.day):
        state = _classify(entry, today, skip_weeks)
        if state is DayState.DONE:
            current, done_run = current + 1, done_run + 1
            if done_run % DONE_DAYS_PER_FREEZE == 0:
                freezes = min(MAX_FREEZES, freezes + 1)
        elif state is DayState.MISSED and freezes:
            state, freezes, current, done_run = DayState.FROZEN, freezes - 1, current + 1, 0
        elif state is DayState.MISSED:
            current = done_run = 0
        if state in (DayState.DONE, DayState.FROZEN) and current == 1:
            since = entry.day
            if longest > 0 and (not_done >= COMEBACK_AFTER or paused):  # back after a break
                comebacks += 1
        if state is DayState.DONE:
            not_done, paused = 0, False
        elif state is DayState.PAUSED:
            paused = True
        elif state is not DayState.OPEN:
            not_done += 1
        if current == 0:
            since = None
        longest = max(longest, current)
        states.append((entry.day, state))
    return StreakSummary(current, longest, freezes, since, tuple(states), comebacks)


def _classify(entry: LoggedDay, today: date, skip_weeks: set[tuple[int, int]]) -> DayState:
    if entry.outcome is Outcome.DONE:
        return DayState.DONE
    if entry.outcome is Outcome.EXCUSED:
        return DayState.PAUSED
    if entry.outcome is Outcome.SKIPPED:
        week = entry.day.isocalendar()[:2]
        if week in skip_weeks:
            return DayState.MISSED
        skip_weeks.add(week)
        return DayState.REST
    return DayState.OPEN if entry.day >= today else DayState.MISSED


def is_rest_available(history: Sequence[LoggedDay], day: date) -> bool:
    """Whether a skip on ``day`` would be the week's rest day rather than a miss."""
    week = day.isocalendar()[:2]
    return not any(
        e.outcome is Outcome.SKIPPED and e.day != day and e.day.isocalendar()[:2] == week
        for e in history
    )


def new_milestone(before: int, after: int) -> int | None:
    """The milestone crossed when a streak grows from ``before`` to ``after``, if any."""
    crossed = [m for m in MILESTONES if before < m <= after]
    return crossed[-1] if crossed else None
