"""The dashboard served for real on a free loopback port, over the seeded history."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from adapters.web import server
from bot.storage.database import Database
from tests.bot.services.dashboard_seed import NOW, seed
from tests.conftest import FakeClock


@dataclass
class Site:
    db: Database
    clock: FakeClock
    running: server.Running

    @property
    def url(self) -> str:
        return self.running.base_url

    async def link(self, team: str | None = None) -> str:
        return await server.login_link(self.running, self.db, team, self.clock)


@pytest.fixture
async def site(db: Database) -> AsyncIterator[Site]:
    await seed(db)
    clock = FakeClock(NOW)
    running = await server.start(db, "127.0.0.1", 0, clock)
    yield Site(db, clock, running)
    await running.runner.cleanup()


@pytest.fixture
async def browser_session() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP client that keeps cookies for 127.0.0.1 like a browser does."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        yield client
