"""A member's rules state: what the rules need from the days long past, kept so that no claim,
``done`` or ``/network-streak`` reads a long history again.

A delivered day can change only for a short while: typed words reach today and yesterday, a
button acts for 48 hours, a pause excuses today's open nudge. After ``SETTLED_AFTER`` a day is
settled, and the state folds it in once: where the streak walk stood (:class:`bot.streaks.Walk`),
what the level rules had counted (:class:`bot.levels.Tally`), the latest settled nudges the
picker and the people rules look back on, and the days a freeze covered (for the picture).

Everything after ``through`` (at most ``SETTLED_AFTER`` of days) is read as it is stored and
walked on from the state, so the answer is the one the whole history gives: :func:`rebuild`
folds a whole history at once, and a property test checks that folding it a claim at a time
ends in the same state, and that state + recent days give the same streak and level as the
whole history (tests/bot/test_rules_state.py, on both databases in tests/storage).

Only merging two linked accounts rewrites settled days; it rebuilds the state from history.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple, Protocol, TypeVar

from bot.levels import Feedback, LevelEvent, Tally, count
from bot.picker import NO_REPEAT_WINDOW
from bot.streaks import DayState, LoggedDay, Outcome, StreakSummary, Walk, summarize, walk

#: How long a delivered day can still change (words reach a day, buttons 48 hours; the slack
#: covers whole ISO weeks for the week's rest-day rule and the week's kinds).
SETTLED_AFTER = timedelta(days=14)
#: How far the state lags before a claim moves it on: at most this plus SETTLED_AFTER of days
#: are read after it, and the state is written on one claim in this many.
SETTLE_EVERY = timedelta(days=7)
#: How many settled nudges are kept: the picker's no-repeat window.
RECENT_KEPT = NO_REPEAT_WINDOW
#: How far back the days a freeze covered are kept: the picture's 12 weeks.
FROZEN_KEPT = timedelta(weeks=12)


class DayRecord(Protocol):
    """A delivered day as the rules read it (a stored row or a :class:`Day`)."""

    @property
    def local_date(self) -> date: ...
    @property
    def challenge_id(self) -> str: ...
    @property
    def theme(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def level(self) -> int: ...
    @property
    def outcome(self) -> str: ...
    @property
    def feedback(self) -> str | None: ...
    @property
    def person_id(self) -> int | None: ...
    @property
    def asks_person_id(self) -> int | None: ...


class Day(NamedTuple):
    """A settled nudge as the state keeps it."""

    local_date: date
    challenge_id: str
    theme: str
    kind: str
    level: int
    outcome: str
    feedback: str | None
    person_id: int | None
    asks_person_id: int | None

    # As the picker reads an earlier nudge (bot.picker.Nudge), with no copy to make.
    @property
    def day(self) -> date:
        return self.local_date

    @property
    def done(self) -> bool:
        return self.outcome == "done"


@dataclass(frozen=True)
class RulesState:
    #: Every delivered day up to this date is folded in; None before any.
    through: date | None = None
    walk: Walk = field(default_factory=Walk)
    #: The level rules' count at the member's level since it last changed; None when the level
    #: changed after ``through`` (nothing settled counts then).
    tally: Tally | None = None
    #: The latest RECENT_KEPT settled nudges, oldest first.
    recent: tuple[Day, ...] = ()
    #: Settled days a freeze covered, within FROZEN_KEPT of ``through``.
    frozen: tuple[date, ...] = field(default=())


EMPTY = RulesState()


def settled_through(day: date) -> date:
    """The last settled date when it is ``day``."""
    return day - SETTLED_AFTER


def due_to_settle(state: RulesState, day: date) -> date | None:
    """The ``through`` to settle to when a nudge is claimed for ``day``, or None while the
    state is recent enough: it moves a week at a time, so most claims leave it as it is."""
    through = settled_through(day)
    if state.through is None or through - state.through >= SETTLE_EVERY:
        return through
    return None


D = TypeVar("D", bound=DayRecord)


def unsettled(state: RulesState, days: Sequence[D]) -> list[D]:
    """Of ``days``, those after the state's ``through``: what is walked on from the state."""
    return [d for d in days if state.through is None or d.local_date > state.through]


def settle(
    state: RulesState, days: Sequence[DayRecord], through: date, level: int, level_since: date
) -> RulesState:
    """``state`` with the days after its ``through`` up to ``through`` folded in (``days`` may
    hold others: they are left out). ``level`` and ``level_since`` are the member's now."""
    if state.through is not None and through <= state.through:
        return state
    fresh = sorted(
        (d for d in unsettled(state, days) if d.local_date <= through), key=lambda d: d.local_date
    )
    end, states = walk(logged_days(fresh), through + timedelta(days=1), state.walk)
    tally = state.tally
    if tally is None or (tally.level, tally.since) != (level, level_since):
        tally = Tally(level, level_since)  # the level changed since: only later days count
    tally = count(tally, level_events(fresh, dict(states)))
    recent = (*state.recent, *(Day(*(getattr(d, f) for f in Day._fields)) for d in fresh))
    keep_from = through - FROZEN_KEPT
    frozen = (
        *(f for f in state.frozen if f >= keep_from),
        *(d for d, s in states if s is DayState.FROZEN and d >= keep_from),
    )
    return RulesState(through, end, tally, recent[-RECENT_KEPT:], frozen)


def rebuild(days: Sequence[DayRecord], through: date, level: int, level_since: date) -> RulesState:
    """The state a whole history gives, settled up to ``through``."""
    return settle(EMPTY, days, through, level, level_since)


def counted_for(state: RulesState, level: int, level_since: date) -> Tally:
    """The tally to go on from at ``level`` since ``level_since``."""
    tally = state.tally
    if tally is not None and (tally.level, tally.since) == (level, level_since):
        return tally
    return Tally(level, level_since)


def summary_after(state: RulesState, days: Sequence[DayRecord], today: date) -> StreakSummary:
    """The streak: the state's walk carried on over ``days`` (those after its ``through``)."""
    return summarize(logged_days(days), today, state.walk)


def logged_days(days: Sequence[DayRecord]) -> list[LoggedDay]:
    """Delivered days as the streak rules read them."""
    return [LoggedDay(d.local_date, Outcome(d.outcome)) for d in days]


def level_events(days: Sequence[DayRecord], states: Mapping[date, DayState]) -> list[LevelEvent]:
    """Delivered days as the level rules read them, with how each counted (``states``)."""
    return [level_event(d, states[d.local_date]) for d in days]


def level_event(day: DayRecord, state: DayState) -> LevelEvent:
    return LevelEvent(
        day.local_date, day.level, state, Feedback(day.feedback) if day.feedback else None
    )


# -- stored as one JSON document on the member's row ------------------------------------------


def dumps(state: RulesState) -> str:
    document = {
        "walk": _plain(asdict(state.walk)),
        "tally": _plain(asdict(state.tally)) if state.tally else None,
        # Column by column, dates as day numbers: a third quicker to read back than row lists.
        "recent": {
            "local_date": [d.local_date.toordinal() for d in state.recent],
            **{name: [getattr(d, name) for d in state.recent] for name in Day._fields[1:]},
        },
        "frozen": [d.isoformat() for d in state.frozen],
    }
    return json.dumps(document, separators=(",", ":"))


class UnreadableState(ValueError):
    """A stored state that is not one this version wrote (damaged, or edited by hand)."""


def loads(through: date | None, text: str | None) -> RulesState:
    """The state stored as ``text`` (none stored: EMPTY); raises :class:`UnreadableState`."""
    if through is None or not text:
        return EMPTY
    try:
        return _read(through, json.loads(text))
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise UnreadableState(f"{type(error).__name__}: {error}") from None


def _read(through: date, document: Any) -> RulesState:
    w = document["walk"]
    walk_state = Walk(
        w["current"],
        w["longest"],
        w["freezes"],
        _day(w["since"]),
        w["comebacks"],
        w["done_run"],
        w["not_done"],
        w["paused"],
        (w["skip_week"][0], w["skip_week"][1]) if w["skip_week"] else None,
    )
    t = document["tally"]
    tally = (
        Tally(
            t["level"],
            date.fromisoformat(t["since"]),
            t["too_hard"],
            t["too_easy"],
            t["done_since_hard"],
            t["missed_run"],
        )
        if t
        else None
    )
    columns = document["recent"]
    recent = tuple(
        map(
            Day._make,
            zip(
                map(date.fromordinal, columns["local_date"]),
                *(columns[name] for name in Day._fields[1:]),
                strict=True,
            ),
        )
    )
    frozen = tuple(date.fromisoformat(d) for d in document["frozen"])
    return RulesState(through, walk_state, tally, recent, frozen)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
