"""Bulk enrolment from an admin's CSV: bad rows reported by line, good rows kept."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters import cli
from adapters.members_csv import read_members
from bot.ports import MemberRef
from bot.services import dispatch, roster
from bot.storage.tables import IntroMember

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


async def test_a_group_column_keeps_each_members_group_for_intros_without_opting_in(
    ctx, tmp_path: Path
):
    path = tmp_path / "members.csv"
    path.write_text(
        "platform,workspace,user,group\nslack,T01,U1,sales\nslack,T01,U2,\n"
        f"slack,T01,U3,{'x' * 65}\n"
    )
    parsed = read_members(path)
    assert [e.group for e in parsed.entries] == ["sales", None]
    assert parsed.errors and parsed.errors[0].startswith("line 4: the group name is longer")
    await roster.enrol(ctx, parsed.entries)
    async with ctx.db.transaction() as session:
        kept = list(await session.execute(select(IntroMember.group, IntroMember.state)))
    assert [tuple(row) for row in kept] == [("sales", "off")]


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
    # This checkout's code, though the command runs in another folder.
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH", "")]
    )
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


@pytest.fixture
def in_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The command line run in an empty folder, on a database of its own."""
    monkeypatch.chdir(tmp_path)
    for key in ("LOG_LEVEL", "PORT", "NUDGEBOT_CONTENT_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("missing.csv", "missing.csv: there is no such file. Give the path of the CSV file."),
        ("folder", "folder is a folder. Give the path of the CSV file in it."),
        (
            "empty.csv",
            "empty.csv is empty. Its first line should be the header "
            "platform,workspace,user,tz,time,days,group, then one member a line.",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_named_as_such(
    in_folder: Path, capsys: pytest.CaptureFixture[str], name: str, expected: str
):
    (in_folder / "folder").mkdir()
    (in_folder / "empty.csv").write_text("")
    assert cli.main(["members", "import", name]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines() == [expected] and out == ""


def test_headers_match_whatever_their_case_and_one_is_singular(
    in_folder: Path, capsys: pytest.CaptureFixture[str]
):
    (in_folder / "one.csv").write_text(
        "Platform, Workspace ,USER,Tz,Time,Days\nslack,T01,U1,Europe/Berlin,08:30,mon-fri\n"
        "teams,T01,U5,,,\n"
    )
    assert cli.main(["members", "import", "one.csv"]) == 1
    out, err = capsys.readouterr()
    assert "Enrolled 1 new member, updated 0." in out
    assert err.splitlines()[-1] == "1 row was not imported (see above)."
    assert cli.main(["members", "list"]) == 0
    out, _ = capsys.readouterr()
    assert "Europe/Berlin" in out and out.splitlines()[-1] == "1 member"
