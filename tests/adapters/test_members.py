"""Bulk enrolment from an admin's CSV: bad rows reported by line, good rows kept."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from adapters.members_csv import read_members
from bot.ports import MemberRef
from bot.services import dispatch, roster

CSV = """platform,workspace,user,tz,time,days
slack,T01,U1,Europe/Berlin,08:30,mon-fri
discord,4242,777,America/New_York,9am,"mon,wed,fri"
slack,,U2,Europe/Berlin,08:30,mon-fri
slack,T01,U3,Mars/Base,08:30,
slack,T01,U4,Asia/Kolkata,25:99,
teams,T01,U5,,,
discord,,888,,,
"""


def test_rows_are_checked_one_by_one(tmp_path: Path):
    path = tmp_path / "members.csv"
    path.write_text(CSV)
    parsed = read_members(path)
    assert [e.ref for e in parsed.entries] == [
        MemberRef("slack", "T01", "U1"),
        MemberRef("discord", "", "777"),
        MemberRef("discord", "", "888"),
    ]
    assert parsed.entries[1].team == "4242" and parsed.entries[1].weekdays == frozenset({1, 3, 5})
    assert [e.split(":")[0] for e in parsed.errors] == ["line 4", "line 5", "line 6", "line 7"]
    assert "workspace" in parsed.errors[0] and "Mars/Base" in parsed.errors[1]
    assert "25:99" in parsed.errors[2] and "teams" in parsed.errors[3]


def test_a_file_without_the_header_says_what_it_needs(tmp_path: Path):
    path = tmp_path / "members.csv"
    path.write_text("slack,T01,U1\n")
    assert "header" in read_members(path).errors[0]


async def test_enrolled_members_get_their_first_nudge_with_a_welcome(ctx, clock, messenger):
    entries = [
        roster.Enrolment(MemberRef("slack", "T01", "U1"), "T01", "Europe/Berlin", time(8, 30)),
        roster.Enrolment(MemberRef("slack", "T01", "U2"), "T01", None, None, frozenset({2})),
    ]
    assert await roster.enrol(ctx, entries) == roster.Enrolled(added=2, updated=0)
    assert messenger.sent == []  # nothing is sent at import time
    listed = await roster.members(ctx)
    assert [(m.ref.user_id, m.next_nudge) for m in listed] == [
        ("U1", datetime(2026, 11, 23, 7, 30, tzinfo=UTC)),  # 08:30 in Berlin
        ("U2", datetime(2026, 11, 24, 9, 0, tzinfo=UTC)),  # the default zone, on Tuesday
    ]
    clock.now = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # 08:30 in Berlin
    assert await dispatch.deliver_due(ctx) == 1
    assert len(messenger.texts) == 1 and len(messenger.cards) == 1
    again = await roster.enrol(ctx, [roster.Enrolment(MemberRef("slack", "T01", "U1"))])
    assert again == roster.Enrolled(added=0, updated=1)


@pytest.mark.slow
def test_the_command_line_imports_and_lists(tmp_path: Path):
    path = tmp_path / "members.csv"
    path.write_text(CSV)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUDGEBOT_")}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    nudgebot = str(Path(sys.executable).with_name("nudgebot"))
    run = subprocess.run(
        [nudgebot, "members", "import", str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 1  # some rows were bad; the good ones are in
    assert "Enrolled 3 new members, updated 0." in run.stdout
    assert "line 5:" in run.stderr and "4 rows were not imported" in run.stderr
    listed = subprocess.run(
        [nudgebot, "members", "list"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert "3 members" in listed.stdout and "America/New_York" in listed.stdout
