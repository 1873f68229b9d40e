"""A database the bot could never store anything in stops it at start-up, with one clear line:
a read-only SQLite file (chmod 0444) and a file of garbage bytes. Each is opened by the real
command line in a process of its own, as a person would start it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = "import sys; from adapters.cli import main; sys.exit(main(sys.argv[1:]))"


def _start(
    database: Path, command: tuple[str, ...] = ("members", "list")
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{database}", "PYTHONPATH": str(ROOT)}

    return subprocess.run(
        [sys.executable, "-c", CLI, *command],
        cwd=database.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line that says what is wrong (beside the members command's usual "Database: …")."""
    lines = [x for x in result.stderr.strip().splitlines() if not x.startswith("Database: ")]
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A writable folder: read-only must come from the file's own mode."""
    return tmp_path


def test_a_read_only_file_stops_the_start_with_one_line(folder: Path) -> None:
    database = folder / "nudgebot.db"
    assert _start(database, command=("db", "upgrade")).returncode == 0  # created, migrated
    database.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # 0444
    # root writes through any file mode; the immutable flag stops root too.
    immutable = os.geteuid() == 0
    if immutable and subprocess.run(["chattr", "+i", str(database)]).returncode != 0:
        pytest.skip("running as root, where chmod 0444 stops nothing, and chattr +i is refused")
    try:
        line = _one_line(_start(database))
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(database)], check=True)
    assert line.startswith("Configuration problem: DATABASE_URL=")
    assert "can't write to the file (attempt to write a readonly database)" in line


def test_a_file_of_garbage_stops_the_start_with_one_line(folder: Path) -> None:
    database = folder / "nudgebot.db"
    database.write_bytes(bytes(range(256)) * 16)
    line = _one_line(_start(database))
    assert "the file is not a SQLite database or is corrupt (file is not a database)" in line
