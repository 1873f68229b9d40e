"""Who meets whom in an intro round. Pure: the members, their history and the round's seed in,
the groups out.

The rules, in order of weight:

1. Never group two people whose working days overlap by less than ``MIN_OVERLAP`` (an hour). A
   member's working day is taken as the ``WORKING_DAY`` (eight hours) from their nudge time.
2. Everyone who can be grouped is: pairs, and a trio where a count is odd (one per set of members
   whose days chain together). Someone left over is told why (:class:`Unpaired`).
3. No pair repeats while an unmet partner is available: a repeat is kept only when no swap with
   another pair gives both people someone new.
4. Prefer the most overlap, then (when the team has groups) someone from another group.

The same members, history and seed give the same groups on any instance. 5,000 members are
matched in well under a second (``bench/intros.py``): members are walked in order of their
working day on the 24-hour clock, and each takes the best of the next few still free.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

MINUTES_PER_DAY = 24 * 60
WORKING_DAY = 8 * 60
MIN_OVERLAP = 60
#: Two working days of equal length overlap by ``WORKING_DAY - distance`` between their starts.
MAX_DISTANCE = WORKING_DAY - MIN_OVERLAP
#: How many free members ahead each member looks at for its best partner.
LOOK_AHEAD = 8


@dataclass(frozen=True)
class Candidate:
    """An opted-in, reachable member: their id, the UTC minute of the day (0..1439) their working
    day starts on the round's date, and their group from the team's list (None: no group)."""

    id: int
    start: int
    group: str | None = None


class Unpaired(StrEnum):
    """Why someone opted in got no partner this round."""

    #: Nobody else opted in on the team.
    ALONE = "alone"
    #: No one else's working day overlaps theirs by an hour.
    NO_OVERLAP = "no_overlap"
    #: Everyone whose day overlaps theirs was already in a pair or trio that could not take them.
    TAKEN = "taken"


@dataclass(frozen=True)
class Matching:
    groups: tuple[tuple[int, ...], ...]
    unpaired: dict[int, Unpaired]


Pair = frozenset[int]


def overlap(a: int, b: int) -> int:
    """Minutes two working days starting at UTC minutes ``a`` and ``b`` share, round the clock."""
    distance = abs(a - b) % MINUTES_PER_DAY
    return max(0, WORKING_DAY - min(distance, MINUTES_PER_DAY - distance))


def compatible(a: Candidate, b: Candidate) -> bool:
    return overlap(a.start, b.start) >= MIN_OVERLAP


def match(
    candidates: Sequence[Candidate],
    met: Collection[Pair],
    seed: str,
    prefer_other_group: bool = False,
) -> Matching:
    """The round's groups. ``met`` holds every pair that has met in earlier rounds."""
    if len(candidates) < 2:
        return Matching((), {c.id: Unpaired.ALONE for c in candidates})
    order = _walk_order(candidates, random.Random(seed))
    groups = _greedy(order, met, prefer_other_group)
    _swap_repeats(groups, met)
    grouped = {c.id for g in groups for c in g}
    leftover = [c for c in order if c.id not in grouped]
    unpaired = _place_leftovers(leftover, groups, met)
    _swap_repeats(groups, met)  # placing leftovers pairs by overlap alone, repeats included
    return Matching(
        tuple(sorted(tuple(sorted(c.id for c in g)) for g in groups)),
        {c.id: reason for c, reason in unpaired.items()},
    )


def _walk_order(candidates: Sequence[Candidate], rng: random.Random) -> list[Candidate]:
    """By working-day start round the clock, ties shuffled by the seed, starting just after the
    widest gap so the cut falls where neighbours are furthest apart."""
    shuffled = sorted(candidates, key=lambda c: c.id)  # whatever order they were loaded in
    rng.shuffle(shuffled)
    ordered = sorted(shuffled, key=lambda c: c.start)
    gaps = [
        (ordered[(i + 1) % len(ordered)].start - c.start) % MINUTES_PER_DAY
        for i, c in enumerate(ordered)
    ]
    cut = max(range(len(gaps)), key=gaps.__getitem__) + 1
    return ordered[cut:] + ordered[:cut]


def _greedy(
    order: list[Candidate], met: Collection[Pair], prefer_other_group: bool
) -> list[list[Candidate]]:
    """Each free member, in order, takes the best of the next ``LOOK_AHEAD`` free members it may
    meet: someone new first, then from another group (when preferred), then the most overlap."""
    taken = [False] * len(order)
    groups: list[list[Candidate]] = []
    for i, member in enumerate(order):
        if taken[i]:
            continue
        best: tuple[tuple[bool, bool, int], int] | None = None
        seen, j = 0, i + 1
        while seen < LOOK_AHEAD and j < len(order):
            other = order[j]
            if not taken[j]:
                seen += 1
                if not compatible(member, other):
                    break  # sorted by start: everyone further on is further away still
                score = (
                    frozenset((member.id, other.id)) not in met,
                    prefer_other_group and member.group != other.group,
                    overlap(member.start, other.start),
                )
                if best is None or score > best[0]:
                    best = (score, j)
            j += 1
        if best is not None:
            taken[i] = taken[best[1]] = True
            groups.append([member, order[best[1]]])
    return groups


def _is_new(a: Candidate, b: Candidate, met: Collection[Pair]) -> bool:
    return compatible(a, b) and frozenset((a.id, b.id)) not in met


def _swap_repeats(groups: list[list[Candidate]], met: Collection[Pair]) -> None:
    """Break up repeated pairs by swapping partners with another pair when both new pairs are
    new to each other and overlap; each swap removes at least one repeat, so it ends."""
    pairs = [g for g in groups if len(g) == 2]  # a trio's members are not swapped out
    changed = True
    while changed:
        changed = False
        for g in pairs:
            a, b = g
            if frozenset((a.id, b.id)) not in met:
                continue
            for h in pairs:
                if h is g:
                    continue
                c, d = h
                if _is_new(a, c, met) and _is_new(b, d, met):
                    g[1], h[0] = c, b
                elif _is_new(a, d, met) and _is_new(b, c, met):
                    g[1], h[1] = d, b
                else:
                    continue
                changed = True
                break


def _place_leftovers(
    leftover: list[Candidate], groups: list[list[Candidate]], met: Collection[Pair]
) -> dict[Candidate, Unpaired]:
    """Pair leftovers with each other (directly, or by taking over a partner whose old partner
    fits another leftover), else make a trio with a pair both can meet, else say why."""
    unpaired: dict[Candidate, Unpaired] = {}
    free = list(leftover)
    while free:
        member = free.pop(0)
        mate = next((o for o in free if _is_new(member, o, met)), None) or next(
            (o for o in free if compatible(member, o)), None
        )
        if mate is not None:
            free.remove(mate)
            groups.append([member, mate])
            continue
        if _augment(member, free, groups):
            continue
        fitting = [g for g in groups if len(g) == 2 and all(compatible(member, o) for o in g)]
        if fitting:
            # The pair with fewest earlier meetings with ``member``; the first such on a tie.
            trio = max(fitting, key=lambda g: sum(_is_new(member, o, met) for o in g))
            trio.append(member)
            continue
        alone = not any(compatible(member, o) for g in groups for o in g)
        unpaired[member] = Unpaired.NO_OVERLAP if alone else Unpaired.TAKEN
    return unpaired


def _augment(member: Candidate, free: list[Candidate], groups: list[list[Candidate]]) -> bool:
    """``member`` takes ``a`` from a pair (a, b) when ``b`` fits another free member."""
    for g in groups:
        if len(g) != 2:
            continue
        for a, b in (g, g[::-1]):
            if not compatible(member, a):
                continue
            other = next((o for o in free if compatible(b, o)), None)
            if other is not None:
                free.remove(other)
                g[:] = [member, a]
                groups.append([b, other])
                return True
    return False
