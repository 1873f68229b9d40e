"""``nudgebot`` start-up: a bad setting or option stops it with one line naming it, exit 2."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from adapters import cli

NUDGEBOT = Path(sys.executable).with_name("nudgebot")
#: This checkout, for a subprocess started in another folder.
ROOT = Path(__file__).resolve().parents[2]
KEYS = ("DATABASE_URL", "LOG_LEVEL", "PORT")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("environ", "argv", "expected"),
    [
        (
            {"LOG_LEVEL": "verbose"},
            ["db", "upgrade"],
            "Configuration problem: LOG_LEVEL='verbose': expected one of DEBUG, INFO, WARNING, "
            "ERROR, CRITICAL.",
        ),
        (
            {"PORT": "99999"},
            ["run", "slack"],
            "Configuration problem: PORT='99999': expected a port number from 1 to 65535.",
        ),
        (
            {"DATABASE_URL": "nonsense"},
            ["members", "list"],
            "Configuration problem: DATABASE_URL='nonsense': expected a URL like "
            "sqlite+aiosqlite:///nudgebot.db or postgresql+asyncpg://user:password@host/db.",
        ),
        (
            {"DATABASE_URL": "postgresql://bot:hunter2@db.internal/nudgebot"},
            ["db", "upgrade"],
            "Configuration problem: DATABASE_URL='postgresql://bot:***@db.internal/nudgebot': "
            "use the asyncpg driver: postgresql+asyncpg://bot:***@db.internal/nudgebot",
        ),
        (
            {"DATABASE_URL": "sqlite+aiosqlite:////no/such/folder/nudgebot.db"},
            ["db", "upgrade"],
            "Configuration problem: DATABASE_URL='sqlite+aiosqlite:////no/such/folder/nudgebot.db'"
            ": can't open the file (unable to open database file); check that its folder exists "
            "and is writable.",
        ),
        (
            {"DATABASE_URL": "postgresql+asyncpg://bot:hunter2@127.0.0.1:{closed}/nudgebot"},
            ["db", "upgrade"],
            "Configuration problem: DATABASE_URL='postgresql+asyncpg://bot:***@127.0.0.1:{closed}/"
            "nudgebot': can't connect ([Errno 111] Connect call failed ('127.0.0.1', {closed})); "
            "check that the server is running and the host, port, user and database name are "
            "right.",
        ),
        (
            {},
            ["demo", "--database", "nonsense"],
            "--database nonsense: expected a URL like sqlite+aiosqlite:///nudgebot.db or "
            "postgresql+asyncpg://user:password@host/db.",
        ),
        (
            {},
            ["demo", "--database", "sqlite+aiosqlite:////no/such/folder/demo.db"],
            "Configuration problem: --database='sqlite+aiosqlite:////no/such/folder/demo.db': "
            "can't open the file (unable to open database file); check that its folder exists "
            "and is writable.",
        ),
        (
            {},
            ["demo", "--start", "9999-12-31T09:00"],
            "--start 9999-12-31T09:00: the demo runs between the years 2000 and 2999; give a "
            "local date and time like 2026-11-23T09:00.",
        ),
        (
            {},
            ["demo", "--start", "monday"],
            "--start monday: that isn't a date and time; give a local date and time like "
            "2026-11-23T09:00.",
        ),
        (
            {},
            ["demo", "--files", "/proc/x"],
            "--files /proc/x: can't create that folder (No such file or directory); give one you "
            "can write to.",
        ),
    ],
)
def test_a_bad_value_stops_start_up_with_one_line_naming_it(
    environ: dict[str, str],
    argv: list[str],
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env, and nothing created where the tests run
    for key in KEYS:
        monkeypatch.delenv(key, raising=False)
    closed = closed_port()
    for key, value in environ.items():
        monkeypatch.setenv(key, value.format(closed=closed))
    assert cli.main(argv) == 2
    assert capsys.readouterr().err.splitlines() == [expected.format(closed=closed)]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_content_check_into_a_closed_pipe_ends_without_a_traceback(tmp_path: Path) -> None:
    """``nudgebot content check | head``: the reader goes away before the report is written."""
    env = {k: v for k, v in os.environ.items() if k not in KEYS}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    check = subprocess.Popen(
        [str(NUDGEBOT), "content", "check"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )
    assert check.stdout is not None and check.stderr is not None
    check.stdout.close()
    err = check.stderr.read().decode()
    assert check.wait(60) == 141 and err == ""


def test_members_list_and_db_upgrade_say_which_database_and_create_none_unasked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for key in KEYS:
        monkeypatch.delenv(key, raising=False)
    file = tmp_path.resolve() / "nudgebot.db"
    default = f"the SQLite file {file} (the default: DATABASE_URL is not set)"
    assert cli.main(["members", "list"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"There is no database at {default}. Set DATABASE_URL to the bot's database, or run "
        "`nudgebot db upgrade` to create this one."
    ]
    assert list(tmp_path.iterdir()) == []
    assert cli.main(["db", "upgrade"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [f"Database: {default}, new.", "Applied:", "  0001 (initial schema)"]
    assert out[-1] == "The schema is up to date." and len(out) >= 5
    assert cli.main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Database: {default}.",
        "Nothing to apply: the schema is up to date.",
    ]
    assert cli.main(["members", "list"]) == 0
    listed = capsys.readouterr()
    assert listed.err == f"Database: {default}.\n" and listed.out.splitlines()[-1] == "0 members"


@pytest.mark.parametrize(
    ("blocked", "argv", "environ", "extra"),
    [
        (
            ["slack_sdk.web.async_client"],
            ["run", "slack"],
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"},
            "slack",
        ),
        (
            ["asyncpg"],
            ["db", "upgrade"],
            {"DATABASE_URL": "postgresql+asyncpg://bot@127.0.0.1/nudgebot"},
            "postgres",
        ),
    ],
)
def test_a_platform_library_left_out_by_make_demo_is_named_with_its_extra(
    blocked: list[str],
    argv: list[str],
    environ: dict[str, str],
    extra: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    for key in KEYS:
        monkeypatch.delenv(key, raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    for name in blocked:  # as if it were not installed
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "adapters.slack.app", raising=False)  # nor yet imported
    assert cli.main(argv) == 2
    library = blocked[0].split(".")[0]
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"This needs {library}, which `make demo` does not install: run .venv/bin/pip install "
        f"-e '.[{extra}]' (or `make test`, which installs everything)."
    )


def test_db_upgrade_builds_missing_rules_states_and_rebuild_state_checks_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A member from before the rules state gets one from ``db upgrade``; ``db rebuild-state``
    then finds it matching, and exits 1 once settled history was changed behind its back."""
    import sqlite3
    from datetime import date, timedelta

    database = tmp_path / "bot.db"
    monkeypatch.chdir(tmp_path)
    for key in KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    assert cli.main(["db", "upgrade"]) == 0
    first = date.today() - timedelta(days=60)
    with sqlite3.connect(
        database
    ) as raw:  # a member and their history, as an old version left them
        raw.execute(
            "INSERT INTO members (id, platform, workspace, user_id, zone, nudge_time, weekdays,"
            " level, level_since, focus, share_wins, holidays, status, joined_at)"
            " VALUES (1, 'slack', 'T1', 'U1', 'UTC', '09:00:00', '1234567', 1, ?, '', 0, '',"
            " 'active', ?)",
            (first.isoformat(), f"{first.isoformat()} 09:00:00.000000"),
        )
        raw.executemany(
            "INSERT INTO deliveries (member_id, local_date, challenge_id, theme, kind, level,"
            " claimed_at, attempts, outcome) VALUES (1, ?, 'c1', 'mindset', 'mindset', 1, ?, 1, ?)",
            [
                ((first + timedelta(days=n)).isoformat(), f"{first} 09:00:00.000000", "done")
                for n in range(60)
            ],
        )
    capsys.readouterr()
    assert cli.main(["db", "upgrade"]) == 0
    assert "Built the rules state of 1 member from their history." in capsys.readouterr().out
    assert cli.main(["db", "rebuild-state"]) == 0
    assert "Every stored state matched the history." in capsys.readouterr().out
    with sqlite3.connect(database) as raw:
        raw.execute(
            "UPDATE deliveries SET outcome = 'skipped' WHERE local_date < ?",
            (str(first + timedelta(days=20)),),
        )
    assert cli.main(["db", "rebuild-state"]) == 1
    out = capsys.readouterr().out
    assert "1 member had a stored state that differed from their history" in out
    assert cli.main(["db", "rebuild-state"]) == 0
