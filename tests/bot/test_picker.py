"""The picker: deterministic, no repeats within 30, varied themes, a planned week, focus weights."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from bot.catalog import Challenge
from bot.picker import NO_REPEAT_WINDOW, PastNudge, pick

MONDAY = date(2026, 11, 2)
WEEKDAYS = frozenset(range(1, 6))
THEMES = ["starting_small", "visibility", "mentorship", "self_care", "referrals", "realistic_goals"]
KINDS = ["reach_out", "mindset", "celebrate", "practice"]


def make_catalog(per_cell: int = 3) -> list[Challenge]:
    items = []
    for theme in THEMES:
        for kind in KINDS:
            for level in (1, 2, 3):
                for n in range(per_cell):
                    focus = frozenset({"fear_of_rejection"}) if n == 0 else frozenset({"mentor"})
                    items.append(
                        Challenge(f"{theme}-{kind}-{level}-{n}", theme, kind, level, 5, focus, "x")
                    )
    return items


CATALOG = make_catalog()


def run(
    days: int,
    member: str = "slack:T1:U1",
    level: int = 1,
    focus=frozenset(),
    weekdays=WEEKDAYS,
    catalog=CATALOG,
) -> list[PastNudge]:
    history: list[PastNudge] = []
    day = MONDAY
    while len(history) < days:
        if day.isoweekday() in weekdays:
            c = pick(
                catalog,
                member_key=member,
                day=day,
                level=level,
                focus=focus,
                weekdays=weekdays,
                history=history,
            )
            history.append(PastNudge(day, c.id, c.theme, c.kind))
        day += timedelta(days=1)
    return history


@given(st.text(min_size=1, max_size=20), st.integers(0, 400))
def test_same_member_date_and_history_give_the_same_challenge(member, offset):
    day = MONDAY + timedelta(days=offset)
    history = run(12, member=member)
    shuffled = random.Random(offset).sample(history, len(history))
    first = pick(
        CATALOG, member_key=member, day=day, level=1, focus=(), weekdays=WEEKDAYS, history=history
    )
    again = pick(
        CATALOG, member_key=member, day=day, level=1, focus=(), weekdays=WEEKDAYS, history=shuffled
    )
    assert first == again


@given(st.text(min_size=1, max_size=12))
def test_no_repeat_within_the_last_thirty(member):
    history = run(60, member=member)
    for i, nudge in enumerate(history):
        recent = {p.challenge_id for p in history[max(0, i - NO_REPEAT_WINDOW) : i]}
        assert nudge.challenge_id not in recent


def test_least_recently_used_when_the_pool_is_exhausted():
    small = [c for c in CATALOG if c.level == 1][:10]
    history = run(25, catalog=small, weekdays=frozenset(range(1, 8)))
    assert len(history) == 25
    for i in range(10, 25):
        # Every challenge was seen within 30 nudges: the least recently used one comes back.
        assert history[i].challenge_id == history[i - 10].challenge_id


def test_never_the_same_theme_two_nudges_in_a_row():
    for member in ("a", "b", "c", "d"):
        history = run(40, member=member)
        assert all(a.theme != b.theme for a, b in pairwise(history))


def test_every_week_mixes_the_headline_kinds_and_ends_with_a_celebration():
    for member in ("a", "b", "c", "d", "e"):
        history = run(50, member=member)
        weeks: dict[tuple[int, int], list[PastNudge]] = {}
        for p in history:
            weeks.setdefault(p.day.isocalendar()[:2], []).append(p)
        for nudges in weeks.values():
            assert {"reach_out", "mindset", "celebrate"} <= {p.kind for p in nudges}
            assert nudges[-1].kind == "celebrate"
            assert nudges[-1].day.isoweekday() == 5


def test_the_level_pool_is_used_and_falls_back_to_the_nearest_level():
    assert {CATALOG_BY_ID[p.challenge_id].level for p in run(15, level=3)} == {3}
    only_two = [c for c in CATALOG if c.level == 2]
    assert {
        c.level
        for c in (
            pick(
                only_two,
                member_key="m",
                day=MONDAY,
                level=1,
                focus=(),
                weekdays=WEEKDAYS,
                history=[],
            ),
        )
    } == {2}


CATALOG_BY_ID = {c.id: c for c in CATALOG}


def test_focus_weights_the_choice():
    def share(focus):
        counts = Counter()
        for member in range(60):
            for p in run(10, member=f"m{member}", focus=focus):
                counts["fear_of_rejection" in CATALOG_BY_ID[p.challenge_id].focus] += 1
        return counts[True] / sum(counts.values())

    assert share(frozenset({"fear_of_rejection"})) > share(frozenset()) + 0.15
