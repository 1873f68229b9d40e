"""Which database a command uses, said out loud: ``nudgebot db upgrade`` and the members commands.

A relative SQLite URL (the default ``sqlite+aiosqlite:///nudgebot.db``) means a file in the
current folder, so a command run elsewhere would quietly start an empty database there.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import make_url

from bot.config import DEFAULT_DATABASE_URL, Settings, redact_url
from bot.storage import rules_store
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

    async def run() -> tuple[list[str], rules_store.Rebuilt]:
        db = Database(settings.database_url)
        try:
            applied = await db.upgrade()
            built = await rules_store.rebuild_all(db.transaction, datetime.now(UTC), True)
            return applied, built
        finally:
            await db.close()

    applied, built = asyncio.run(run())
    if applied:
        print("Applied:", *applied, sep="\n  ")
    print("The schema is up to date." if applied else "Nothing to apply: the schema is up to date.")
    if built.members:
        print(f"Built the rules state of {_members(built.members)} from their history.")
    return 0


def rebuild_state(settings: Settings) -> int:
    """``nudgebot db rebuild-state``: every member's rules state built again from the history;
    exit 1 if a stored one differed (the rules would have read something the history does not
    say), after storing the right one."""
    if (why := missing(settings)) is not None:
        print(why, file=sys.stderr)
        return 1
    print(f"Database: {describe(settings.database_url)}.")

    async def run() -> rules_store.Rebuilt:
        db = Database(settings.database_url)
        try:
            await db.connect_or_explain()
            return await rules_store.rebuild_all(db.transaction, datetime.now(UTC))
        finally:
            await db.close()

    built = asyncio.run(run())
    print(f"Rebuilt the rules state of {_members(built.members)}.")
    if built.differed:
        print(
            f"{_members(built.differed)} had a stored state that differed from their history; "
            "they now have the right one. Please report this: something changed settled days."
        )
        return 1
    print("Every stored state matched the history.")
    return 0


def _members(count: int) -> str:
    return f"{count:,} member{'' if count == 1 else 's'}"


def say_which(settings: Settings) -> None:
    """One line on standard error, so that the table on standard output stays clean."""
    print(f"Database: {describe(settings.database_url)}.", file=sys.stderr)
