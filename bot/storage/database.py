"""The database handle: one async engine, transactions, and schema upgrades through Alembic."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, event, exc
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseUnavailable(Exception):
    """The database cannot be reached or opened; ``reason`` says what to check."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(reason)
        self.url, self.reason = url, reason


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        # hide_parameters: a failed statement's message (logged with its traceback) shows the
        # SQL, not the values, which are often what a member typed.
        self.engine = create_async_engine(
            url, pool_pre_ping=not self.is_sqlite, hide_parameters=True
        )
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    async def connect_or_explain(self) -> None:
        """Open one connection, or raise :class:`DatabaseUnavailable` with what to check."""
        try:
            async with self.engine.connect():
                pass
        except (OSError, exc.DBAPIError) as error:
            detail = _first_line(
                (error.orig if isinstance(error, exc.DBAPIError) else None) or error
            )
            if self.is_sqlite:
                reason = (
                    f"can't open the file ({detail}); check that its folder exists and is writable."
                )
            else:
                reason = (
                    f"can't connect ({detail}); check that the server is running and the "
                    "host, port, user and database name are right."
                )
            raise DatabaseUnavailable(self.url, reason) from None

    async def upgrade(self) -> list[str]:
        """Bring the schema to the newest Alembic revision (safe to call at every start).

        Returns the revisions it applied, oldest first, each as ``0006 (people: …)``.
        """
        await self.connect_or_explain()
        async with self.engine.begin() as connection:
            return await connection.run_sync(_upgrade)

    async def close(self) -> None:
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> list[str]:
    before = MigrationContext.configure(connection).get_current_revision()
    config = alembic_config(connection)
    command.upgrade(config, "head")
    scripts = ScriptDirectory.from_config(config)
    applied = [
        f"{script.revision} ({(script.doc or '').strip()})"
        for script in scripts.iterate_revisions("head", before or "base")
        if script.revision != before
    ]
    return applied[::-1]


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets the demo and a reader share the file.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL never corrupts the file; a power cut may lose the last commits only.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
