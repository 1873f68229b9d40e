"""The one place that wires settings, catalog, storage, messenger and clock together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from bot.catalog import load_catalog
from bot.config import Settings
from bot.metrics import NO_METER, Meter
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
    meter: Meter = NO_METER,
) -> AsyncIterator[Context]:
    """Load and validate the catalog, upgrade the schema, check that the database takes a write
    (a read-only or corrupt file stops the start, with :class:`DatabaseUnavailable` saying why),
    and close the database on the way out.

    ``platforms`` are those ``messenger`` reaches (None: all of them).
    """
    catalog = load_catalog(settings.content_dir)
    db = Database(settings.database_url)
    try:
        await db.upgrade()
        await db.check_writable(clock())
        yield Context(db, catalog, messenger, clock, settings, platforms, meter)
    finally:
        await db.close()
