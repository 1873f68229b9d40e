from __future__ import annotations

from datetime import date, timedelta

from bot.levels import Feedback, LevelEvent, next_level
from bot.streaks import DayState

START = date(2026, 11, 2)


def events(*states: DayState, level: int = 1, feedback: dict[int, Feedback] | None = None):
    feedback = feedback or {}
    return [
        LevelEvent(START + timedelta(days=i), level, s, feedback.get(i))
        for i, s in enumerate(states)
    ]


D, M, R, OPEN = DayState.DONE, DayState.MISSED, DayState.REST, DayState.OPEN


def test_up_after_five_completions_at_the_level():
    assert next_level(1, START, events(D, D, D, D)) == 1
    assert next_level(1, START, events(D, D, R, D, D, D)) == 2


def test_no_step_up_when_something_was_too_hard():
    history = events(D, D, D, D, D, D, feedback={2: Feedback.TOO_HARD})
    assert next_level(2, START, [e.__class__(e.day, 2, e.state, e.feedback) for e in history]) == 2


def test_down_after_two_too_hard_or_three_misses_in_a_row():
    hard = {0: Feedback.TOO_HARD, 1: Feedback.TOO_HARD}
    assert next_level(2, START, events(D, D, level=2, feedback=hard)) == 1
    assert next_level(2, START, events(D, M, M, M, OPEN, level=2)) == 1
    assert next_level(2, START, events(M, M, D, M, level=2)) == 2


def test_too_easy_steps_up_at_once_and_levels_stay_within_one_to_three():
    assert next_level(1, START, events(D, feedback={0: Feedback.TOO_EASY})) == 2
    assert next_level(3, START, events(D, level=3, feedback={0: Feedback.TOO_EASY})) == 3
    hard = {0: Feedback.TOO_HARD, 1: Feedback.TOO_HARD}
    assert next_level(1, START, events(D, D, feedback=hard)) == 1


def test_only_events_since_the_last_change_count():
    history = events(D, D, D, D, D)
    assert next_level(1, START + timedelta(days=5), history) == 1


def test_five_completions_after_the_last_too_hard_step_up_even_at_level_one():
    hard = {0: Feedback.TOO_HARD, 1: Feedback.TOO_HARD}
    assert next_level(1, START, events(D, D, D, D, D, D, feedback=hard)) == 1  # four since
    assert next_level(1, START, events(D, D, D, D, D, D, D, feedback=hard)) == 2
