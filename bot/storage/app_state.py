"""The bot's own key/value facts (table ``app_state``): read one, write one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.tables import AppState


async def read(session: AsyncSession, key: str) -> str | None:
    """The value stored under ``key``, or None if nothing is."""
    return await session.scalar(select(AppState.value).where(AppState.key == key))


async def write(session: AsyncSession, key: str, value: str, now: datetime) -> None:
    """Store ``value`` under ``key``, replacing what was there (one statement, so two instances
    writing at once cannot collide on the primary key)."""
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    statement = dialect.insert(AppState).values(key=key, value=value, updated_at=now)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[AppState.key],
            set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
        )
    )
