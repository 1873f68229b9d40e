"""The picker: deterministic, no repeats within 60, follow-ups on time, varied themes, a
planned week, focus weights."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from bot.catalog import Challenge, load_catalog
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
    done=lambda challenge_id: False,
) -> list[PastNudge]:
    """``days`` nudges in a row; ``done(challenge_id)`` says which ones the member logs."""
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
            history.append(PastNudge(day, c.id, c.theme, c.kind, done(c.id)))
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
def test_no_repeat_within_the_last_sixty(member):
    history = run(72, member=member)
    for i, nudge in enumerate(history):
        recent = {p.challenge_id for p in history[max(0, i - NO_REPEAT_WINDOW) : i]}
        assert nudge.challenge_id not in recent


def test_least_recently_used_when_the_pool_is_exhausted():
    small = [c for c in CATALOG if c.level == 1][:10]
    history = run(25, catalog=small, weekdays=frozenset(range(1, 8)))
    assert len(history) == 25
    for i in range(10, 25):
        # Every challenge was seen within 60 nudges: the least recently used one comes back.
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


def with_sequence(after_days: int = 14) -> list[Challenge]:
    goal = Challenge("set-a-goal", "realistic_goals", "mindset", 1, 5, frozenset(), "Set a goal.")
    check = Challenge("check-the-goal", "realistic_goals", "mindset", 1, 5, frozenset(), "Check.")
    goal = replace(goal, then=check.id, after_days=after_days)
    return [*(c for c in CATALOG if c.level == 1), goal, check]


def test_a_follow_up_comes_once_on_the_first_nudge_day_after_its_delay_and_only_after_a_done():
    catalog = with_sequence()
    for member in ("a", "b", "c", "d", "e", "f"):
        history = run(70, member=member, catalog=catalog, done=lambda cid: True)
        days = {p.challenge_id: p.day for p in history}
        if "set-a-goal" not in days or days["set-a-goal"] + timedelta(days=14) > history[-1].day:
            continue  # not given the goal in time to see the follow-up
        follow_ups = [p for p in history if p.challenge_id == "check-the-goal"]
        assert len(follow_ups) == 1
        due = days["set-a-goal"] + timedelta(days=14)
        first_nudge_day = min(p.day for p in history if p.day >= due)
        assert follow_ups[0].day == first_nudge_day
        return
    raise AssertionError("no member was given the goal within 70 nudges")


def test_no_follow_up_when_the_first_was_not_done_and_never_on_its_own():
    catalog = with_sequence()
    for member in ("a", "b", "c", "d", "e", "f", "g", "h"):
        history = run(70, member=member, catalog=catalog)
        assert all(p.challenge_id != "check-the-goal" for p in history)


def test_focus_only_challenges_go_to_that_focus():
    business = replace(CATALOG[0], id="invoice-thanks", only_for=frozenset({"business"}))
    catalog = [business, *CATALOG]
    for member in ("a", "b", "c", "d"):
        assert "invoice-thanks" not in {p.challenge_id for p in run(60, member, catalog=catalog)}
    seen = {
        p.challenge_id
        for member in ("a", "b", "c", "d")
        for p in run(60, member, catalog=catalog, focus=frozenset({"business"}))
    }
    assert "invoice-thanks" in seen


def test_the_shipped_catalog_repeats_nothing_within_sixty_nudges_at_any_level():
    catalog = load_catalog().challenges
    for level in (1, 2, 3):
        for member in ("senior", "beginner"):
            history = run(60, member=member, level=level, catalog=catalog)
            assert len({p.challenge_id for p in history}) == 60, (level, member)
