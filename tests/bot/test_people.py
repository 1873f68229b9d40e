"""Reading /network-people, and the words about the people a member keeps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot import people as rules
from bot.people import (
    AddPerson,
    ListPeople,
    RemovePerson,
    SetCadence,
    TalkedTo,
    cadence_words,
    parse_people,
    since_words,
)
from bot.preferences import Invalid


@pytest.mark.parametrize(
    ("typed", "action"),
    [
        ("", ListPeople()),
        ("page 2", ListPeople(2)),
        ("add Sam every 3 weeks", AddPerson("Sam", None, 21)),
        ("add Sam", AddPerson("Sam", None, 21)),
        ("add <@U123ABC|sam> monthly", AddPerson("U123ABC", "U123ABC", 30)),
        ("add Jo Smith fortnightly", AddPerson("Jo Smith", None, 14)),
        ("remove Sam", RemovePerson("Sam")),
        ("Sam every 2 months", SetCadence("Sam", 60)),
        ("sam weekly", SetCadence("sam", 7)),
        ("talked to Sam", TalkedTo("Sam")),
        ("talked to <@80351110224678912>", TalkedTo("80351110224678912")),
        ("add <@!80351110224678912>", AddPerson("80351110224678912", "80351110224678912", 21)),
    ],
)
def test_every_form(typed: str, action: object) -> None:
    assert parse_people(typed) == action


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("add Sam every 2 days", "between every week and once a year"),
        ("add Sam every 99999999999 weeks", "between every week and once a year"),
        ("Sam every " + "9" * 5000 + " days", "between every week and once a year"),
        ("add", "I didn't understand"),
        ("hello there", "`/network-people add Sam every 3 weeks`"),
        ("add " + "x" * 100, "longer than 80 characters"),
    ],
)
def test_mistakes_say_what_to_type(typed: str, says: str) -> None:
    result = parse_people(typed)
    assert isinstance(result, Invalid) and says in result.message


def test_cadences_and_time_since_read_naturally() -> None:
    assert [cadence_words(d) for d in (7, 21, 30, 60, 10)] == [
        "every week",
        "every 3 weeks",
        "every month",
        "every 2 months",
        "every 10 days",
    ]
    today = date(2026, 12, 21)
    assert since_words(date(2026, 11, 30), today) == "three weeks"
    assert since_words(date(2026, 12, 18), today) == "3 days"
    assert since_words(None, today) == "a while"


def test_an_offer_rests_for_a_week_and_only_people_offered_rest():
    today = date(2026, 12, 7)
    offered = [
        (date(2026, 11, 30), 1),  # seven days ago: back today
        (date(2026, 12, 1), 2),
        (date(2026, 12, 6), 3),
        (date(2026, 12, 4), None),  # a catalog challenge
    ]
    assert rules.resting(offered, today) == {2, 3}
    assert rules.resting([], today) == set()


def test_a_check_back_is_asked_once_from_its_day_and_let_go_after_the_window():
    on = date(2026, 12, 3)
    nothing: list[tuple[date, int | None]] = []
    assert not rules.check_back_due(7, on, nothing, on - timedelta(days=1))
    assert rules.check_back_due(7, on, nothing, on)
    last = on + timedelta(days=rules.CHECK_BACK_WINDOW - 1)
    assert rules.check_back_due(7, on, nothing, last)  # after a long weekend or a short pause
    assert not rules.check_back_due(7, on, nothing, last + timedelta(days=1))
    # Asked on the 4th: not again, whatever the day; an ask about someone else does not count.
    asked = [(on + timedelta(days=1), 7), (on + timedelta(days=2), 8)]
    assert not rules.check_back_due(7, on, asked, on + timedelta(days=3))
    assert rules.check_back_due(8, on + timedelta(days=3), asked, on + timedelta(days=3))
    # An ask before the check-back's date was an earlier contact's: today's is still due.
    assert rules.check_back_due(7, on, [(on - timedelta(days=5), 7)], on)
