"""The one place that wires settings, catalog, storage, messenger and clock together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from bot.catalog import load_catalog
from bot.config import Settings
from bot.ports import Clock, Messenger
from bot.services.context import Context
from bot.storage.database import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


@asynccontextmanager
async def running(
    settings: Settings,
    messenger: Messenger,
    clock: Clock = utc_now,
    platforms: frozenset[str] | None = None,
) -> AsyncIterator[Context]:
    """Load and validate the catalog, upgrade the schema, and close the database on the way out.

    ``platforms`` are those ``messenger`` reaches (None: all of them).
    """
    catalog = load_catalog(settings.content_dir)
    db = Database(settings.database_url)
    try:
        await db.upgrade()
        yield Context(db, catalog, messenger, clock, settings, platforms)
    finally:
        await db.close()
