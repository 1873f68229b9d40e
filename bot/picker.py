"""Picking the day's challenge: deterministic, varied, and pitched at the member's level.

The same member, date and history give the same challenge on any instance: the only randomness is
a generator seeded from the member's key and the date. The rules, in order:

0. a follow-up comes first: when a done challenge names one (``then``, ``after``), it is picked
   on the first nudge day once the delay has passed, once;
1. challenges at the member's level (the nearest level that has any, if theirs is empty), leaving
   out follow-ups (they only come as above) and those meant for a focus the member lacks;
2. none of the member's last 60 challenges; when all have been seen, the least recently used;
3. not the theme of the previous nudge;
4. each week mixes the headline kinds (reach out, mindset, celebrate): the last nudge day of the
   week is a reflection / celebrate-a-win day, and a kind still missing that week is forced once
   the remaining days run short;
5. weighted by kind and by how well the challenge's tags match the member's focus.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from bot.catalog import Challenge

NO_REPEAT_WINDOW = 60
#: Members with fewer weekly nudges than this rotate kinds instead of following the week plan.
WEEK_PLAN_MIN_DAYS = 3
KIND_WEIGHTS = {"reach_out": 3.0, "mindset": 3.0, "practice": 2.0, "celebrate": 1.0}
USED_THIS_WEEK_FACTOR = 0.4
FOCUS_MATCH_BONUS = 2.0
MIDWEEK_KINDS = frozenset({"reach_out", "mindset"})


class Nudge(Protocol):
    """An earlier nudge as the rules here read it."""

    @property
    def day(self) -> date: ...
    @property
    def challenge_id(self) -> str: ...
    @property
    def theme(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def done(self) -> bool: ...


@dataclass(frozen=True)
class PastNudge:
    day: date
    challenge_id: str
    theme: str
    kind: str
    done: bool = False


def pick(
    challenges: Sequence[Challenge],
    *,
    member_key: str,
    day: date,
    level: int,
    focus: Collection[str],
    weekdays: Collection[int],
    history: Sequence[Nudge],
    avoid: Collection[str] = (),
) -> Challenge:
    """Choose ``day``'s challenge. ``history`` holds the member's earlier nudges, any order;
    ``avoid`` names challenges not to pick unless nothing else is left (a swap's old one)."""
    if not challenges:
        raise ValueError("the catalog has no challenges")
    past = sorted((p for p in history if p.day < day), key=lambda p: p.day)
    index = _index(challenges)
    follow_up = due_follow_up(index.by_id, day, past)
    if follow_up is not None and follow_up.id not in avoid:
        return follow_up
    wanted_focus = frozenset(focus)
    pool = _prefer(_at_level(index.pools, level), lambda c: c.id not in avoid)
    pool = _prefer(pool, lambda c: not c.only_for or bool(c.only_for & wanted_focus))
    pool = _not_recent(pool, past)
    if past:
        pool = _prefer(pool, lambda c: c.theme != past[-1].theme)
    wanted = _wanted_kinds(day, weekdays, past)
    if wanted:
        pool = _prefer(pool, lambda c: c.kind in wanted)
    used = _kinds_this_week(day, past)
    weights = [
        KIND_WEIGHTS.get(c.kind, 1.0)
        * (USED_THIS_WEEK_FACTOR if c.kind in used else 1.0)
        * (1.0 + FOCUS_MATCH_BONUS * len(c.focus & wanted_focus))
        for c in pool
    ]
    return _rng(member_key, day).choices(pool, weights=weights)[0]


def due_follow_up(
    by_id: Mapping[str, Challenge], day: date, past: Sequence[Nudge]
) -> Challenge | None:
    """The follow-up owed on ``day``: of a done challenge whose delay has passed, not yet sent."""
    for i, earlier in enumerate(past):
        first = by_id.get(earlier.challenge_id)
        if not earlier.done or first is None or not first.then or first.after_days is None:
            continue
        follow_up = by_id.get(first.then)
        if follow_up is None or day < earlier.day + timedelta(days=first.after_days):
            continue
        if all(later.challenge_id != follow_up.id for later in past[i + 1 :]):
            return follow_up
    return None


def _at_level(by_level: Mapping[int, list[Challenge]], level: int) -> list[Challenge]:
    nearest = min(by_level, key=lambda lv: (abs(lv - level), lv))
    return by_level[nearest]


@dataclass(frozen=True)
class _Index:
    #: Per level, sorted by id, without follow-ups (they come only after their first challenge).
    pools: Mapping[int, list[Challenge]]
    by_id: Mapping[str, Challenge]


_indexes: dict[int, tuple[Sequence[Challenge], _Index]] = {}


def _index(challenges: Sequence[Challenge]) -> _Index:
    """The catalog arranged for picking; kept per catalog (a tick picks thousands at a time)."""
    cached = _indexes.get(id(challenges))
    if cached is None or cached[0] is not challenges:
        follow_ups = {c.then for c in challenges if c.then}
        pools: dict[int, list[Challenge]] = {}
        for challenge in sorted(challenges, key=lambda c: c.id):
            if challenge.id not in follow_ups:
                pools.setdefault(challenge.level, []).append(challenge)
        if not pools:  # nothing but follow-ups: better to send one than nothing
            for challenge in sorted(challenges, key=lambda c: c.id):
                pools.setdefault(challenge.level, []).append(challenge)
        _indexes.clear()  # one catalog is live at a time; keep no stale ones
        index = _Index(pools, {c.id: c for c in challenges})
        cached = _indexes[id(challenges)] = (challenges, index)
    return cached[1]


def _not_recent(pool: list[Challenge], past: Sequence[Nudge]) -> list[Challenge]:
    recent = {p.challenge_id for p in past[-NO_REPEAT_WINDOW:]}
    fresh = [c for c in pool if c.id not in recent]
    if fresh:
        return fresh
    last_used = {p.challenge_id: p.day for p in past}
    oldest = min(last_used.get(c.id, date.min) for c in pool)
    return [c for c in pool if last_used.get(c.id, date.min) == oldest]


def _prefer(pool: list[Challenge], keep: Callable[[Challenge], bool]) -> list[Challenge]:
    """Narrow the pool by a soft rule, unless that would leave nothing to pick."""
    narrowed = [c for c in pool if keep(c)]
    return narrowed or pool


def _wanted_kinds(day: date, weekdays: Collection[int], past: Sequence[Nudge]) -> set[str]:
    """Kinds the week plan requires on ``day``; empty when any kind will do."""
    days = sorted(set(weekdays))
    if len(days) < WEEK_PLAN_MIN_DAYS:
        return {k for k in MIDWEEK_KINDS | {"celebrate"} if not past or past[-1].kind != k}
    if day.isoweekday() == days[-1]:
        return {"celebrate"}
    missing = MIDWEEK_KINDS - _kinds_this_week(day, past)
    days_left = sum(1 for d in days[:-1] if d >= day.isoweekday())
    return set(missing) if missing and len(missing) >= days_left else set()


def _kinds_this_week(day: date, past: Sequence[Nudge]) -> set[str]:
    week = day.isocalendar()[:2]
    return {p.kind for p in past if p.day.isocalendar()[:2] == week}


def _rng(member_key: str, day: date) -> random.Random:
    seed = hashlib.sha256(f"{member_key}|{day.isoformat()}".encode()).digest()
    return random.Random(int.from_bytes(seed[:8], "big"))
