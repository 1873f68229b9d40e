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

from collections.abc import Collection, Sequence
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


@dataclass(frozen=True, slots=True)
class Walk:
    """Where the walk over the delivered days stands after some of them: all it needs to go on
    from there, so days already walked need not be read again (:mod:`bot.rules_state`)."""

    current: int = 0
    longest: int = 0
    freezes: int = 0
    since: date | None = None
    comebacks: int = 0
    #: Done days in a row (a freeze is earned every DONE_DAYS_PER_FREEZE of them).
    done_run: int = 0
    #: Delivered days since the last done (a comeback needs COMEBACK_AFTER of them).
    not_done: int = 0
    paused: bool = False
    #: The ISO (year, week) of the latest skip walked: a second skip that week is a miss.
    skip_week: tuple[int, int] | None = None


def summarize(history: Sequence[LoggedDay], today: date, start: Walk = Walk()) -> StreakSummary:
    """Walk the member's delivered days in date order and apply the streak rules; ``start`` is
    where an earlier walk over the days before these stopped (none: from the beginning)."""
    end, states = walk(history, today, start)
    return StreakSummary(
        end.current, end.longest, end.freezes, end.since, tuple(states), end.comebacks
    )


def walk(
    history: Sequence[LoggedDay], today: date, start: Walk = Walk()
) -> tuple[Walk, list[tuple[date, DayState]]]:
    """The walk behind :func:`summarize`: where it ends, and how each day counted."""
    current, longest, freezes = start.current, start.longest, start.freezes
    since, comebacks, done_run = start.since, start.comebacks, start.done_run
    not_done, paused, skip_week = start.not_done, start.paused, start.skip_week
    states: list[tuple[date, DayState]] = []
    for entry in sorted(history, key=lambda e: e.day):
        state, skip_week = _classify(entry, today, skip_week)
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
    end = Walk(current, longest, freezes, since, comebacks, done_run, not_done, paused, skip_week)
    return end, states


def ended_on(states: Sequence[tuple[date, DayState]], day: date, carried: int = 0) -> bool:
    """Whether the streak ended on ``day``: missed, with a streak running before it. ``states``
    are a summary's days in order; ``carried`` is the streak where they begin (the walk they
    went on from). Rest, paused and open days neither run nor end one, so they are looked past."""
    if dict(states).get(day) is not DayState.MISSED:
        return False
    before = [state for when, state in states if when < day]
    for state in reversed(before):
        if state in (DayState.DONE, DayState.FROZEN):
            return True
        if state is DayState.MISSED:
            return False
    return carried > 0


def settled_states(
    history: Sequence[LoggedDay], today: date, frozen: Collection[date]
) -> list[tuple[date, DayState]]:
    """How days long past counted, from their own ISO weeks alone (pass whole weeks) and the
    days a freeze is known to have covered: the picture of weeks already walked."""
    states: list[tuple[date, DayState]] = []
    skip_week: tuple[int, int] | None = None
    for entry in sorted(history, key=lambda e: e.day):
        state, skip_week = _classify(entry, today, skip_week)
        if state is DayState.MISSED and entry.day in frozen:
            state = DayState.FROZEN
        states.append((entry.day, state))
    return states


def _classify(
    entry: LoggedDay, today: date, skip_week: tuple[int, int] | None
) -> tuple[DayState, tuple[int, int] | None]:
    """How one day counts before freezes, and the latest skip's week after it (days come in
    date order, so an earlier skip in this day's week is always the latest one)."""
    if entry.outcome is Outcome.DONE:
        return DayState.DONE, skip_week
    if entry.outcome is Outcome.EXCUSED:
        return DayState.PAUSED, skip_week
    if entry.outcome is Outcome.SKIPPED:
        iso = entry.day.isocalendar()
        week = (iso.year, iso.week)
        return (DayState.MISSED if week == skip_week else DayState.REST), week
    return (DayState.OPEN if entry.day >= today else DayState.MISSED), skip_week


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
