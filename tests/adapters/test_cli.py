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
