"""Round dates and what admins and members type about intros."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.intros.rhythm import (
    OptIn,
    OptInChange,
    Rhythm,
    anchor_for,
    next_round,
    parse_opt_in,
    parse_rhythm,
    pause_until,
)
from bot.preferences import Invalid

THURSDAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "rhythm"),
    [
        ("weekly mon", Rhythm(1)),
        ("weekly", Rhythm(1)),
        ("Weekly on Friday", Rhythm(5)),
        ("every 2 weeks thu", Rhythm(4, 2)),
        ("every two weeks", Rhythm(1, 2)),
        ("fortnightly wed", Rhythm(3, 2)),
        ("biweekly tue", Rhythm(2, 2)),
        ("off", None),
    ],
)
def test_admins_choose_a_rhythm(text: str, rhythm: Rhythm | None) -> None:
    assert parse_rhythm(text) == rhythm


@pytest.mark.parametrize("text", ["", "daily", "weekly someday", "every 3 weeks", "weekly mon tue"])
def test_a_rhythm_that_cannot_be_read_says_what_to_type(text: str) -> None:
    result = parse_rhythm(text)
    assert isinstance(result, Invalid)
    assert "/network-admin intros weekly mon" in result.message


def test_the_first_round_is_never_today() -> None:
    assert anchor_for(Rhythm(4), THURSDAY) == date(2026, 12, 10)
    assert anchor_for(Rhythm(5), THURSDAY) == date(2026, 12, 4)


@given(st.integers(1, 7), st.integers(1, 2), st.integers(0, 800), st.integers(0, 400))
def test_rounds_fall_on_the_day_every_so_many_weeks(
    weekday: int, every: int, set_on: int, later: int
) -> None:
    rhythm = Rhythm(weekday, every)
    anchor = anchor_for(rhythm, date(2026, 1, 1) + timedelta(days=set_on))
    after = anchor + timedelta(days=later)
    day = next_round(rhythm, anchor, after)
    assert day >= after and day.isoweekday() == weekday
    assert (day - anchor).days % (7 * every) == 0
    assert day - after < timedelta(weeks=every)


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("on", OptInChange(OptIn.ON)),
        (" OFF ", OptInChange(OptIn.OFF)),
        ("pause 2 weeks", OptInChange(OptIn.PAUSED, "2 weeks")),
        ("pause", OptInChange(OptIn.PAUSED, "2 weeks")),
        ("", OptInChange()),
    ],
)
def test_members_opt_in_out_or_pause(text: str, change: OptInChange) -> None:
    assert parse_opt_in(text) == change


def test_a_mistyped_opt_in_says_what_to_type() -> None:
    result = parse_opt_in("maybe")
    assert isinstance(result, Invalid) and "/network-intros on" in result.message
    paused = pause_until("forever", THURSDAY)
    assert isinstance(paused, Invalid) and "/network-intros pause 2 weeks" in paused.message
    assert pause_until("2 weeks", THURSDAY) == THURSDAY + timedelta(days=13)
