"""The rules state over random histories: folded a claim at a time it ends where a rebuild from
the whole history ends, and the state plus the unsettled days answer exactly as the whole
history does (streak, freezes, comebacks, level, the picture's days)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import rules_state
from bot.levels import LevelEvent, level_change
from bot.rules_state import Day, RulesState
from bot.streaks import DayState, LoggedDay, Outcome, settled_states, summarize, walk

START = date(2025, 1, 6)
OUTCOMES = [o.value for o in Outcome]
FEEDBACK = [None, None, None, None, "too_easy", "too_hard"]


@st.composite
def histories(draw: st.DrawFn) -> list[Day]:
    """A member's delivered days: gaps of one day mostly, sometimes a week or more (a pause,
    a break), outcomes of every kind, feedback now and then, levels that move."""
    gaps = draw(st.lists(st.sampled_from([1, 1, 1, 1, 2, 3, 9, 20]), min_size=0, max_size=160))
    days, day = [], START
    for i, gap in enumerate(gaps):
        day += timedelta(days=gap)
        days.append(
            Day(
                day,
                f"c{draw(st.integers(0, 90))}",
                draw(st.sampled_from(["t1", "t2", "t3"])),
                draw(st.sampled_from(["reach_out", "mindset", "celebrate"])),
                draw(st.integers(1, 3)),
                draw(st.sampled_from(OUTCOMES)),
                draw(st.sampled_from(FEEDBACK)),
                draw(st.sampled_from([None, i % 7])),
                None,
            )
        )
    return days


def logged(days: list[Day]) -> list[LoggedDay]:
    return [LoggedDay(d.local_date, Outcome(d.outcome)) for d in days]


def events(days: list[Day], states: dict[date, DayState]) -> list[LevelEvent]:
    return [rules_state.level_event(d, states[d.local_date]) for d in days]


def claimed_a_day_at_a_time(days: list[Day], level: int, since: date) -> RulesState:
    """The state as claims leave it: one claim per delivered day, each settling when due."""
    state = rules_state.EMPTY
    for day in days:
        if (through := rules_state.due_to_settle(state, day.local_date)) is not None:
            seen = [d for d in days if d.local_date < day.local_date]
            state = rules_state.settle(
                state, rules_state.unsettled(state, seen), through, level, since
            )
    return state


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(1, 3), st.integers(0, 200))
def test_settling_a_claim_at_a_time_ends_where_a_rebuild_does(
    days: list[Day], level: int, since_offset: int
) -> None:
    since = START + timedelta(days=since_offset)
    state = claimed_a_day_at_a_time(days, level, since)
    if state.through is None:
        assert not days
        return
    assert state == rules_state.rebuild(days, state.through, level, since)


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(1, 3), st.integers(0, 200), st.integers(0, 30))
def test_state_and_unsettled_days_answer_as_the_whole_history(
    days: list[Day], level: int, since_offset: int, lag: int
) -> None:
    since = START + timedelta(days=since_offset)
    last = days[-1].local_date if days else START
    today = last + timedelta(days=lag % 3)
    through = rules_state.settled_through(today) - timedelta(days=lag % 8)
    state = rules_state.rebuild(days, through, level, since)
    fresh = rules_state.unsettled(state, days)

    whole = summarize(logged(days), today)
    resumed = summarize(logged(fresh), today, state.walk)
    assert (resumed.current, resumed.longest, resumed.freezes, resumed.since) == (
        whole.current,
        whole.longest,
        whole.freezes,
        whole.since,
    )
    assert resumed.comebacks == whole.comebacks
    assert set(resumed.days) <= set(whole.days)

    all_states = dict(whole.days)
    assert level_change(
        level,
        since,
        events(fresh, dict(resumed.days)),
        rules_state.counted_for(state, level, since),
    ) == level_change(level, since, events(days, all_states))

    # The picture: settled days in whole weeks, told apart by the freezes the state kept.
    monday = through - rules_state.FROZEN_KEPT + timedelta(weeks=1)
    monday -= timedelta(days=monday.weekday())
    pictured = [d for d in logged(days) if monday <= d.day <= through]
    assert settled_states(pictured, today, state.frozen) == [
        (d.day, all_states[d.day]) for d in pictured
    ]

    # What the picker and the people rules look back on: the same latest nudges.
    settled = [d for d in days if d.local_date <= through]
    assert list(state.recent) == settled[-rules_state.RECENT_KEPT :]


@settings(max_examples=60, deadline=None)
@given(histories(), st.integers(1, 3))
def test_a_state_survives_storing(days: list[Day], level: int) -> None:
    through = (days[-1].local_date if days else START) - timedelta(days=3)
    state = rules_state.rebuild(days, through, level, START)
    assert rules_state.loads(through, rules_state.dumps(state)) == state


def test_the_walk_goes_on_from_where_it_stopped() -> None:
    """A plain example: five done, a miss, then a week of done; split anywhere it is the same."""
    outcomes = "ddddd" + "o" + "ddddddd"
    days = [
        LoggedDay(START + timedelta(days=i), Outcome.DONE if c == "d" else Outcome.OPEN)
        for i, c in enumerate(outcomes)
    ]
    today = START + timedelta(days=len(days))
    whole = summarize(days, today)
    for split in range(len(days) + 1):
        stopped, _ = walk(days[:split], today)
        resumed = summarize(days[split:], today, stopped)
        assert (resumed.current, resumed.longest, resumed.since) == (
            whole.current,
            whole.longest,
            whole.since,
        )
    assert (whole.current, whole.longest) == (7, 7)


def test_days_that_can_still_change_are_never_settled() -> None:
    """Typed words reach yesterday and buttons act for 48 hours: both well inside the days a
    state leaves unsettled, so logging never has to touch the state."""
    from bot.logging_rules import BUTTON_LIFETIME, WORDS_REACH

    assert max(WORDS_REACH, BUTTON_LIFETIME) + timedelta(days=7) < rules_state.SETTLED_AFTER
