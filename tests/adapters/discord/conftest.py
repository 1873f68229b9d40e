"""The real discord.py bot, wired as ``nudgebot run discord`` wires it, against the local fake."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest

from adapters.discord.app import RunningBot, running_bot
from bot.config import Secret, Settings
from bot.storage.database import Database
from tests.adapters.discord.fake_discord import TOKEN, FakeDiscord


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
def discord_settings(fake: FakeDiscord, db: Database) -> Settings:
    return Settings(
        database_url=db.url,
        default_zone=ZoneInfo("Europe/London"),
        nudge_tick_seconds=3600,
        discord_token=Secret(TOKEN),
        discord_api_base=fake.api,
        discord_gateway_url=fake.gateway,
    )


@pytest.fixture
async def bot(discord_settings: Settings, fake: FakeDiscord, clock) -> AsyncIterator[RunningBot]:
    async with running_bot(discord_settings, clock) as running:
        # READY and GUILD_CREATE sent; dispatches after them are handled in order. (Waiting for
        # discord.py's own ready would add its 2-second wait for more GUILD_CREATEs.)
        await asyncio.wait_for(fake.ready.wait(), 5)
        yield running
