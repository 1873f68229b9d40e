from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from bot.preferences import (
    Invalid,
    SettingsChange,
    format_weekdays,
    parse_focus,
    parse_pause,
    parse_settings,
    parse_time,
    parse_weekdays,
    parse_zone,
)


def test_zones_by_iana_name_any_case():
    assert parse_zone("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    assert parse_zone("america/new_york") == ZoneInfo("America/New_York")
    bad = parse_zone("Mars/Base")
    assert isinstance(bad, Invalid) and "Europe/Berlin" in bad.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00", time(9)),
        ("8:30", time(8, 30)),
        ("9", time(9)),
        ("6pm", time(18)),
        ("12am", time(0)),
        ("12:15 PM", time(12, 15)),
        ("21.45", time(21, 45)),
    ],
)
def test_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:99", "9pm-ish", "", "13pm", "24:00", "9:7", "noon"])
def test_bad_times_say_what_to_type(text):
    result = parse_time(text)
    assert isinstance(result, Invalid) and "09:00" in result.message


def test_weekdays():
    assert parse_weekdays("mon-fri") == frozenset({1, 2, 3, 4, 5})
    assert parse_weekdays("Mon, Wed, Friday") == frozenset({1, 3, 5})
    assert parse_weekdays("every day") == frozenset(range(1, 8))
    assert parse_weekdays("fri-mon") == frozenset({5, 6, 7, 1})
    assert isinstance(parse_weekdays("someday"), Invalid)
    assert format_weekdays(frozenset({1, 3, 5})) == "Mon, Wed, Fri"


def test_focus_accepts_friendly_words():
    assert parse_focus("fear, mentor") == frozenset({"fear_of_rejection", "mentor"})
    assert parse_focus("none") == frozenset()
    assert isinstance(parse_focus("money"), Invalid)


def test_settings_text_with_several_pairs():
    change = parse_settings("time 8:30 zone Europe/Berlin share on")
    assert change == SettingsChange(
        zone=ZoneInfo("Europe/Berlin"), nudge_time=time(8, 30), share_wins=True
    )
    assert parse_settings("").is_empty()  # type: ignore[union-attr]
    assert isinstance(parse_settings("colour blue"), Invalid)
    assert isinstance(parse_settings("time"), Invalid)
    assert isinstance(parse_settings("time 25:99"), Invalid)


def test_pause_limits():
    today = date(2026, 11, 23)
    assert parse_pause("1 day", today) == today
    assert parse_pause("a week", today) == date(2026, 11, 29)
    assert isinstance(parse_pause("0 days", today), Invalid)
    assert isinstance(parse_pause("400 days", today), Invalid)
    for huge in ("3000000 days", "3000000 weeks", "9" * 5000 + " days", "١٠ days"):
        assert isinstance(parse_pause(huge, today), Invalid)
    assert isinstance(parse_pause("until 9999-12-31", date(9999, 12, 30)), date)
