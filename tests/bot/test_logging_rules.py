from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.logging_rules import (
    BUTTON_LIFETIME,
    button_valid,
    is_private,
    shared_text,
    undo_target,
    word_target,
)

TODAY = date(2026, 11, 4)
CLAIMED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Nudge:
    local_date: date
    outcome: str = "open"


def days_ago(n: int, outcome: str = "open") -> Nudge:
    return Nudge(TODAY - timedelta(days=n), outcome)


def test_a_button_acts_for_48_hours_after_the_claim_and_not_after():
    assert timedelta(hours=48) == BUTTON_LIFETIME
    assert button_valid(CLAIMED, CLAIMED)
    assert button_valid(CLAIMED, CLAIMED + timedelta(hours=48))
    assert not button_valid(CLAIMED, CLAIMED + timedelta(hours=48, seconds=1))


def test_words_log_against_the_latest_open_nudge_of_today_or_yesterday():
    older, yesterday, today = days_ago(2), days_ago(1), days_ago(0, "done")
    assert word_target([older, yesterday, today], TODAY, open_only=True) is yesterday
    assert word_target([older, yesterday, today], TODAY, open_only=False) is today
    assert word_target([older], TODAY, open_only=True) is None
    assert word_target([], TODAY, open_only=False) is None


def test_undo_reopens_the_latest_logged_nudge_of_today_or_yesterday():
    older, yesterday, today = days_ago(2, "done"), days_ago(1, "skipped"), days_ago(0)
    assert undo_target([older, yesterday, today], TODAY) is yesterday
    assert undo_target([older, today], TODAY) is None


def test_mindset_notes_are_never_shared():
    assert is_private("mindset") and not is_private("outreach")
    assert shared_text("mindset", "I told myself…", "Reframe a worry") == (
        "Completed: Reframe a worry"
    )
    assert shared_text("outreach", "Called Sam", "Call a friend") == "Called Sam"
    assert shared_text("outreach", None, "Call a friend") == "Completed: Call a friend"
    assert shared_text("mindset", "a note", None) == ""
