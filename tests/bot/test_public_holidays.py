"""Public holiday calendars: reading a region, a zone's country, and which days are off."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from bot.public_holidays import (
    OFF,
    UnknownRegion,
    country_of_zone,
    effective_region,
    holiday_on,
    parse_region,
)
from bot.schedule import Schedule


@pytest.mark.parametrize(
    ("typed", "region"),
    [("GB", "GB"), ("gb", "GB"), ("us-ca", "US-CA"), ("US CA", "US-CA"), ("off", OFF)],
)
def test_regions_are_read_forgivingly(typed: str, region: str) -> None:
    assert parse_region(typed) == region


def test_unknown_regions_say_what_to_type() -> None:
    country = parse_region("Narnia")
    assert isinstance(country, UnknownRegion) and "`GB`, `US-CA`" in country.message
    state = parse_region("US-ZZ")
    assert isinstance(state, UnknownRegion) and "`US-CA`" in state.message


def test_a_zone_gives_its_country_and_utc_gives_none() -> None:
    assert country_of_zone("Europe/London") == "GB"
    assert country_of_zone("America/Los_Angeles") == "US"
    assert country_of_zone("UTC") == OFF


def test_the_members_choice_beats_the_team_which_beats_the_zone() -> None:
    assert effective_region("US-CA", "GB", "Europe/Berlin") == "US-CA"
    assert effective_region(OFF, "GB", "Europe/Berlin") == OFF
    assert effective_region(None, "GB", "Europe/Berlin") == "GB"
    assert effective_region(None, None, "Europe/Berlin") == "DE"


def test_christmas_and_a_state_holiday() -> None:
    assert holiday_on("GB", date(2026, 12, 25)) == "Christmas Day"
    assert holiday_on("GB", date(2026, 12, 24)) is None
    assert holiday_on("US-CA", date(2026, 3, 31)) is not None  # César Chávez Day, California only
    assert holiday_on("US", date(2026, 3, 31)) is None
    assert holiday_on(OFF, date(2026, 12, 25)) is None


def test_a_holiday_is_not_a_nudge_day() -> None:
    london = Schedule(ZoneInfo("Europe/London"), time(9), frozenset(range(1, 6)), holidays="GB")
    assert not london.is_nudge_day(date(2026, 12, 25))  # a Friday, Christmas
    assert not london.is_nudge_day(date(2026, 12, 28))  # Monday, Boxing Day observed
    assert london.is_nudge_day(date(2026, 12, 29))
    no_holidays = Schedule(ZoneInfo("Europe/London"), time(9), frozenset(range(1, 6)))
    assert no_holidays.is_nudge_day(date(2026, 12, 25))
