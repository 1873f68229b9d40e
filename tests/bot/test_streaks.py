"""Streak rules: examples for each rule, then invariants over random histories."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.streaks import (
    DayState,
    LoggedDay,
    Outcome,
    ended_on,
    is_rest_available,
    new_milestone,
    summarize,
)

MONDAY = date(2026, 11, 2)


def days(*outcomes: str, start: date = MONDAY) -> list[LoggedDay]:
    """One delivered day per letter: d(one) s(kip) o(pen) e(xcused)."""
    codes = {"d": Outcome.DONE, "s": Outcome.SKIPPED, "o": Outcome.OPEN, "e": Outcome.EXCUSED}
    return [LoggedDay(start + timedelta(days=i), codes[c]) for i, c in enumerate(outcomes)]


def test_consecutive_done_days_make_the_streak():
    summary = summarize(days(*"ddd"), today=MONDAY + timedelta(days=3))
    assert (summary.current, summary.longest, summary.since) == (3, 3, MONDAY)


def test_todays_open_nudge_does_not_break_the_streak():
    summary = summarize(days(*"ddo"), today=MONDAY + timedelta(days=2))
    assert summary.current == 2
    assert summary.state_of(MONDAY + timedelta(days=2)) is DayState.OPEN


def test_a_missed_day_restarts_the_streak_and_longest_is_kept():
    summary = summarize(days(*"ddodd"), today=MONDAY + timedelta(days=5))
    assert (summary.current, summary.longest) == (2, 2)
    summary = summarize(days(*"dddod"), today=MONDAY + timedelta(days=5))
    assert (summary.current, summary.longest) == (1, 3)


def test_first_skip_of_the_week_is_a_rest_day_the_second_is_a_miss():
    summary = summarize(days(*"dsd"), today=MONDAY + timedelta(days=3))
    assert summary.current == 2
    assert summary.state_of(MONDAY + timedelta(days=1)) is DayState.REST
    summary = summarize(days(*"dsds"), today=MONDAY + timedelta(days=4))
    assert summary.state_of(MONDAY + timedelta(days=3)) is DayState.MISSED
    assert summary.current == 0


def test_skips_in_different_weeks_are_each_a_rest_day():
    history = days(*"ddddsdd") + days(*"sd", start=MONDAY + timedelta(days=7))
    summary = summarize(history, today=MONDAY + timedelta(days=9))
    assert summary.current == 7


def test_paused_days_are_invisible():
    summary = summarize(days(*"ddeeed"), today=MONDAY + timedelta(days=6))
    assert summary.current == 3


def test_seven_done_days_earn_a_freeze_that_covers_a_miss():
    summary = summarize(days(*"dddddddod"), today=MONDAY + timedelta(days=9))
    missed = MONDAY + timedelta(days=7)
    assert summary.state_of(missed) is DayState.FROZEN
    assert (summary.current, summary.freezes) == (9, 0)


def test_at_most_two_freezes_are_held():
    summary = summarize(days(*("d" * 28)), today=MONDAY + timedelta(days=28))
    assert summary.freezes == 2


def test_rest_available_only_once_per_week():
    history = days(*"ds")
    assert not is_rest_available(history, MONDAY + timedelta(days=2))
    assert is_rest_available(history, MONDAY + timedelta(days=7))
    assert is_rest_available(history, MONDAY + timedelta(days=1))  # re-logging the same day


def test_milestones_are_crossed_once():
    assert new_milestone(2, 3) == 3
    assert new_milestone(3, 4) is None
    assert new_milestone(6, 8) == 7
    assert new_milestone(0, 0) is None


histories = st.lists(
    st.tuples(st.integers(0, 120), st.sampled_from(list(Outcome))),
    max_size=80,
    unique_by=lambda t: t[0],
).map(lambda items: [LoggedDay(MONDAY + timedelta(days=i), o) for i, o in items])
today_offsets = st.integers(0, 130)


@given(histories, today_offsets)
def test_invariants(history, offset):
    today = MONDAY + timedelta(days=offset)
    summary = summarize(history, today)
    assert summary.longest >= summary.current >= 0
    assert 0 <= summary.freezes <= 2
    frozen = sum(state is DayState.FROZEN for _, state in summary.days)
    done = sum(state is DayState.DONE for _, state in summary.days)
    assert frozen <= done // 7  # a freeze is only ever earned by seven done days
    assert (summary.current == 0) == (summary.since is None)


@given(histories, today_offsets, st.lists(st.integers(0, 130), max_size=20))
def test_paused_days_never_change_the_streak(history, offset, extra):
    today = MONDAY + timedelta(days=offset)
    taken = {entry.day for entry in history}
    paused = [
        LoggedDay(MONDAY + timedelta(days=i), Outcome.EXCUSED)
        for i in set(extra)
        if MONDAY + timedelta(days=i) not in taken
    ]
    before, after = summarize(history, today), summarize(history + paused, today)
    assert (before.current, before.longest, before.freezes) == (
        after.current,
        after.longest,
        after.freezes,
    )


@given(histories, today_offsets)
def test_freezes_are_spent_only_on_missed_days(history, offset):
    today = MONDAY + timedelta(days=offset)
    without_misses = [
        e
        for e in history
        if e.outcome in (Outcome.DONE, Outcome.EXCUSED)
        or (e.outcome is Outcome.OPEN and e.day >= today)
    ]
    summary = summarize(without_misses, today)
    assert DayState.FROZEN not in {state for _, state in summary.days}
    done = sum(e.outcome is Outcome.DONE for e in without_misses)
    assert summary.current == done


def test_a_streak_started_again_after_a_break_is_a_comeback():
    today = MONDAY + timedelta(days=12)
    assert summarize(days(*"ddd"), today).comebacks == 0
    assert summarize(days(*"oodd"), today).comebacks == 0  # a first streak is not a comeback
    assert summarize(days(*"ddod"), today).comebacks == 0  # one missed day is not a break
    assert summarize(days(*"ddoddood"), today).comebacks == 1
    assert summarize(days(*"ddeeod"), today).comebacks == 1  # back from a pause
    assert summarize(days(*"ddeedd"), today).comebacks == 0  # a pause alone keeps the streak


def test_a_streak_ends_on_a_miss_only_when_one_was_running():
    states = summarize(days(*"ddsoo"), today=MONDAY + timedelta(days=5)).days
    wednesday, thursday, friday = (MONDAY + timedelta(days=n) for n in (2, 3, 4))
    assert not ended_on(states, wednesday)  # a rest day is not a miss
    assert ended_on(states, thursday)  # the rest day is looked past, to Tuesday's done
    assert not ended_on(states, friday)  # Thursday's miss had ended it already
    # Only rest days seen: whether a streak was running is the walk's, where they begin.
    rest_only = [(MONDAY, DayState.REST), (wednesday, DayState.MISSED)]
    assert ended_on(rest_only, wednesday, carried=4)
    assert not ended_on(rest_only, wednesday, carried=0)
