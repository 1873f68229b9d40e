"""The bot's key/value facts: nothing until written, and a second write replaces the first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage import app_state
from bot.storage.database import Database
from bot.storage.tables import AppState

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


async def test_a_key_never_written_reads_as_none(db: Database) -> None:
    async with db.transaction() as session:
        assert await app_state.read(session, "nothing:here") is None


async def test_writing_again_replaces_the_value_and_its_time(db: Database) -> None:
    async with db.transaction() as session:
        await app_state.write(session, "k", "one", NOW)
    async with db.transaction() as session:
        await app_state.write(session, "k", "two", NOW + timedelta(hours=1))
    async with db.transaction() as session:
        assert await app_state.read(session, "k") == "two"
        row = await session.get(AppState, "k")
        assert row is not None and row.updated_at == NOW + timedelta(hours=1)
