"""Which database a command uses, said out loud: ``nudgebot db upgrade`` and the members commands.

A relative SQLite URL (the default ``sqlite+aiosqlite:///nudgebot.db``) means a file in the
current folder, so a command run elsewhere would quietly start an empty database there.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from sqlalchemy import make_url

from bot.config import DEFAULT_DATABASE_URL, Settings, redact_url
from bot.storage.database import Database


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names, made absolute; None for other databases and in-memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).resolve()


def describe(url: str) -> str:
    """``the SQLite file /srv/bot/nudgebot.db (the default: DATABASE_URL is not set)``."""
    file = sqlite_file(url)
    where = f"the SQLite file {file}" if file else redact_url(url)
    return (
        f"{where} (the default: DATABASE_URL is not set)" if url == DEFAULT_DATABASE_URL else where
    )


def missing(settings: Settings) -> str | None:
    """Why a command that only reads should not run: its SQLite file does not exist yet."""
    file = sqlite_file(settings.database_url)
    if file is None or file.exists():
        return None
    return (
        f"There is no database at {describe(settings.database_url)}. Set DATABASE_URL to the "
        "bot's database, or run `nudgebot db upgrade` to create this one."
    )


def upgrade(settings: Settings) -> int:
    """``nudgebot db upgrade``: say where, create it if new, and list what was applied."""
    file = sqlite_file(settings.database_url)
    new = file is not None and not file.exists()
    print(f"Database: {describe(settings.database_url)}{', new' if new else ''}.")

    async def run() -> list[str]:
        db = Database(settings.database_url)
        try:
            return await db.upgrade()
        finally:
            await db.close()

    applied = asyncio.run(run())
    if applied:
        print("Applied:", *applied, sep="\n  ")
    print("The schema is up to date." if applied else "Nothing to apply: the schema is up to date.")
    return 0


def say_which(settings: Settings) -> None:
    """One line on standard error, so that the table on standard output stays clean."""
    print(f"Database: {describe(settings.database_url)}.", file=sys.stderr)
