"""Schedule math across DST changes, checked as properties over many dates and times."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.schedule import Schedule, wall_to_utc

ZONES = [
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",  # 30-minute DST shift
    "Asia/Kolkata",  # no DST, +05:30
    "Pacific/Chatham",  # +12:45 / +13:45
]
zones = st.sampled_from(ZONES).map(ZoneInfo)
days = st.dates(date(2020, 1, 1), date(2032, 12, 31))
times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
weekday_sets = st.frozensets(st.integers(1, 7), min_size=1)


def exists(wall: datetime, zone: ZoneInfo) -> bool:
    aware = wall.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


@settings(max_examples=400)
@given(zone=zones, day=days, at=times)
def test_due_instant_is_the_wall_time_or_the_first_minute_after_a_gap(zone, day, at):
    wall = datetime.combine(day, at)
    due = Schedule(zone, at, frozenset(range(1, 8))).due_at(day)
    local = due.astimezone(zone)
    assert local.date() == day
    if exists(wall, zone):
        assert local.replace(tzinfo=None) == wall
        assert local.fold == 0  # the first occurrence when clocks fall back
    else:
        before = (due - timedelta(minutes=1)).astimezone(zone).replace(tzinfo=None)
        assert local.replace(tzinfo=None) > wall > before


@settings(max_examples=200)
@given(zone=zones, day=days, at=times)
def test_due_instants_strictly_increase_day_by_day(zone, day, at):
    schedule = Schedule(zone, at, frozenset(range(1, 8)))
    assert schedule.due_at(day) < schedule.due_at(day + timedelta(days=1))
    assert schedule.due_at(day) < schedule.deadline(day)


@settings(max_examples=300)
@given(
    zone=zones,
    start=days,
    at=times,
    weekdays=weekday_sets,
    pause=st.none() | st.integers(0, 40),
    hours=st.integers(-48, 72),
)
def test_next_nudge_day_is_the_first_day_still_worth_sending(
    zone, start, at, weekdays, pause, hours
):
    paused_until = None if pause is None else start + timedelta(days=pause)
    schedule = Schedule(zone, at, weekdays, paused_until)
    now = datetime.combine(start, time(12), tzinfo=UTC) + timedelta(hours=hours)
    found = schedule.next_nudge_day(start, now)
    assert found is not None and found >= start

    def eligible(d: date) -> bool:
        return schedule.is_nudge_day(d) and schedule.deadline(d) > now

    assert eligible(found)
    assert not any(eligible(start + timedelta(days=i)) for i in range((found - start).days))


def test_spring_forward_gap_moves_to_the_first_valid_minute():
    new_york = ZoneInfo("America/New_York")
    due = wall_to_utc(datetime(2026, 3, 8, 2, 30), new_york)
    assert due.astimezone(new_york).replace(tzinfo=None) == datetime(2026, 3, 8, 3, 0)
    lord_howe = ZoneInfo("Australia/Lord_Howe")
    due = wall_to_utc(datetime(2026, 10, 4, 2, 10), lord_howe)
    assert due.astimezone(lord_howe).replace(tzinfo=None) == datetime(2026, 10, 4, 2, 30)


def test_fall_back_overlap_uses_the_first_occurrence():
    london = ZoneInfo("Europe/London")
    due = wall_to_utc(datetime(2026, 10, 25, 1, 30), london)
    assert due == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST, not 01:30 GMT


def test_pause_is_inclusive_and_nudges_resume_the_day_after():
    schedule = Schedule(ZoneInfo("UTC"), time(9), frozenset(range(1, 8)), date(2026, 11, 25))
    now = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    assert schedule.next_nudge_day(date(2026, 11, 23), now) == date(2026, 11, 26)


def test_catch_up_until_evening_then_skip_the_day():
    schedule = Schedule(ZoneInfo("Asia/Kolkata"), time(9), frozenset(range(1, 8)))
    monday = date(2026, 11, 23)
    evening = datetime(2026, 11, 23, 19, 59, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert schedule.next_nudge_day(monday, evening) == monday
    late = datetime(2026, 11, 23, 20, 1, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert schedule.next_nudge_day(monday, late) == date(2026, 11, 24)


def test_a_late_nudge_time_still_gets_an_hour_of_grace():
    schedule = Schedule(ZoneInfo("UTC"), time(21, 30), frozenset(range(1, 8)))
    assert schedule.deadline(date(2026, 11, 23)) == datetime(2026, 11, 23, 22, 30, tzinfo=UTC)
    schedule = Schedule(ZoneInfo("UTC"), time(23, 30), frozenset(range(1, 8)))
    assert schedule.deadline(date(2026, 11, 23)) == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)


def test_after_a_long_outage_only_one_nudge_is_due():
    schedule = Schedule(ZoneInfo("Europe/London"), time(9), frozenset(range(1, 6)))
    back_online = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # Friday, after days of downtime
    assert schedule.next_nudge_day(date(2026, 11, 20), back_online) == date(2026, 11, 27)


def test_no_weekdays_means_nothing_is_ever_due():
    schedule = Schedule(ZoneInfo("UTC"), time(9), frozenset())
    assert schedule.next_nudge_day(date(2026, 1, 1), datetime(2026, 1, 1, tzinfo=UTC)) is None
