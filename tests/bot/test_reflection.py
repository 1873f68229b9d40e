"""The weekly reflection is the member's own week: their notes, what they left, a look ahead."""

from __future__ import annotations

from datetime import date, timedelta

from bot.reflection import AHEAD, WeekDay, weekly_reflection

MONDAY = date(2026, 11, 23)


def day(n: int, outcome: str = "done", note: str | None = None, theme: str = "visibility"):
    return WeekDay(MONDAY + timedelta(days=n), theme, outcome, note)


def test_the_week_in_the_members_words() -> None:
    week = [
        day(0, note="said hi to Priya"),
        day(1, "skipped"),
        day(2, note="asked Tom about code reviews"),
        day(3, theme="mentorship"),
    ]
    text = weekly_reflection(week, MONDAY + timedelta(days=4))
    assert text is not None
    lines = text.splitlines()
    assert lines[0] == "🪞 Your week so far: 3 of 4 done."
    assert (
        lines[1] == "In your words: “said hi to Priya” (Mon), “asked Tom about code reviews” (Wed)."
    )
    assert lines[2] == "You took steps on mentorship (Thu)."
    assert lines[3].startswith("Left for another time: Tuesday.")
    assert lines[4].removeprefix("Looking ahead: ") in AHEAD


def test_a_quiet_week_is_met_kindly_and_an_empty_one_says_nothing() -> None:
    text = weekly_reflection([day(0, "open"), day(1, "skipped")], MONDAY + timedelta(days=4))
    assert text is not None and "0 of 2 done" in text and "fresh start" in text
    assert weekly_reflection([], MONDAY + timedelta(days=4)) is None
    assert weekly_reflection([day(4)], MONDAY + timedelta(days=4)) is None  # today's own


def test_long_notes_are_cut_and_the_question_changes_weekly() -> None:
    text = weekly_reflection([day(0, note="word " * 40)], MONDAY + timedelta(days=4))
    assert text is not None and "…” (Mon)" in text
    later = weekly_reflection([day(7)], MONDAY + timedelta(days=11))
    assert later is not None and text.splitlines()[-1] != later.splitlines()[-1]
