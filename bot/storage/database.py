"""The database handle: one async engine, transactions, and schema upgrades through Alembic."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, event, exc
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from bot.storage import app_state

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseUnavailable(Exception):
    """The database cannot be reached or opened; ``reason`` says what to check."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(reason)
        self.url, self.reason = url, reason


#: The ``app_state`` key the writability check rewrites.
PROBE_KEY = "ready_probe"

#: Errors that say the database is away or busy for now, not that the work is wrong: work that
#: meets one is retried later rather than answered with an apology.
_OUTAGES: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    exc.OperationalError,
    exc.InterfaceError,
    exc.DisconnectionError,
    exc.TimeoutError,
)


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` is the database being unreachable, locked or restarting."""
    if isinstance(error, exc.OperationalError) and _is_sqlite_error(error):
        # SQLite says OperationalError for a missing table too: only these are passing.
        return any(word in str(error.orig).lower() for word in _SQLITE_PASSING)
    if isinstance(error, _OUTAGES):
        return True
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        # asyncpg's own error sits under SQLAlchemy's adapter error: look down the chain.
        cause: BaseException | None = error.orig
        while cause is not None:
            name = type(cause).__name__
            if name in _ASYNCPG_OUTAGES or "Connection" in name or isinstance(cause, OSError):
                return True
            if any(words in str(cause) for words in _POSTGRESQL_PASSING):
                return True
            cause = cause.__cause__ or cause.__context__
    return False


#: What PostgreSQL and asyncpg say while a server starts, stops, bars or drops connections.
_POSTGRESQL_PASSING = (
    "not currently accepting connections",
    "terminating connection",
    "connection is closed",
    "connection was closed",
    "cannot switch to state",
    "the database system is",
)


_SQLITE_PASSING = ("locked", "busy", "unable to open", "disk i/o")


def _is_sqlite_error(error: exc.DBAPIError) -> bool:
    return type(error.orig).__module__.startswith(("sqlite3", "aiosqlite"))


_ASYNCPG_OUTAGES = frozenset(
    {
        "CannotConnectNowError",
        "ObjectNotInPrerequisiteStateError",
        "AdminShutdownError",
        "TooManyConnectionsError",
        "ConnectionDoesNotExistError",
    }
)


_ON_COMMIT = "nudgebot.on_commit"


def on_commit(session: AsyncSession, callback: Callable[[], None]) -> None:
    """Call ``callback`` when ``session``'s transaction (one of :meth:`Database.transaction`)
    has committed; never when it rolls back."""
    session.info.setdefault(_ON_COMMIT, []).append(callback)


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
        """A session inside one transaction: committed on success, rolled back on error.

        What :func:`on_commit` registered in it runs once the commit succeeded.
        """
        async with self.sessions() as session:
            async with session.begin():
                yield session
            for callback in session.info.pop(_ON_COMMIT, ()):
                callback()

    async def connect_or_explain(self) -> None:
        """Open one connection, or raise :class:`DatabaseUnavailable` with what to check."""
        try:
            async with self.engine.connect():
                pass
        except (OSError, exc.DBAPIError) as error:
            detail = _first_line(
                (error.orig if isinstance(error, exc.DBAPIError) else None) or error
            )
            if self.is_sqlite and _is_corrupt(detail):
                reason = (
                    f"the file is not a SQLite database or is corrupt ({detail}); restore it "
                    "from a backup, or point DATABASE_URL at another file."
                )
            elif self.is_sqlite:
                reason = (
                    f"can't open the file ({detail}); check that its folder exists and is writable."
                )
            else:
                reason = (
                    f"can't connect ({detail}); check that the server is running and the "
                    "host, port, user and database name are right."
                )
            raise DatabaseUnavailable(self.url, reason) from None

    async def check_writable(self, now: datetime) -> None:
        """Write and commit one small row, or raise :class:`DatabaseUnavailable` saying why.

        A read-only or corrupt SQLite file opens, and even reads, without complaint; only a
        write shows that the bot could never store anything.
        """
        try:
            async with self.transaction() as session:
                await app_state.write(session, PROBE_KEY, now.isoformat(), now)
        except (OSError, exc.DBAPIError) as error:
            detail = _first_line(
                (error.orig if isinstance(error, exc.DBAPIError) else None) or error
            )
            where = "the file" if self.is_sqlite else "the database"
            raise DatabaseUnavailable(
                self.url,
                f"can't write to {where} ({detail}); check that it is writable and not full "
                "(a corrupt file: restore it from a backup).",
            ) from None

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


def _is_corrupt(detail: str) -> bool:
    return any(word in detail for word in ("not a database", "malformed", "corrupt"))


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
