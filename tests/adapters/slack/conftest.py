"""Fixtures for the Slack adapter: a fake Slack, and the real Bolt app running against it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from adapters.slack import clients
from adapters.slack.messenger import SlackMessenger
from adapters.slack.runtime import SlackRuntime, started
from bot.catalog import Catalog
from bot.config import Secret, Settings
from bot.ports import MemberRef
from bot.services.context import Context
from bot.storage.database import Database
from tests.adapters.slack.drivers import Driver, HttpDriver, SocketDriver
from tests.adapters.slack.fake_slack import TEAM, FakeSlack

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"


@dataclass
class SlackBot:
    ctx: Context
    runtime: SlackRuntime
    driver: Driver
    messenger: SlackMessenger
    fake: FakeSlack

    def ref(self, user: str) -> MemberRef:
        return MemberRef("slack", TEAM, user)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = await FakeSlack().start()
    yield slack
    await slack.stop()


def slack_settings(fake: FakeSlack, db: Database, socket: bool = False, **changes: Any) -> Settings:
    settings = Settings(
        database_url=db.url,
        default_zone=ZoneInfo("Europe/London"),
        host="127.0.0.1",
        port=0,
        slack_bot_token=Secret(BOT_TOKEN),
        slack_signing_secret=Secret(SIGNING_SECRET),
        slack_app_token=Secret(APP_TOKEN) if socket else None,
        slack_api_url=fake.api_url,
    )
    return replace(settings, **changes)


BotFactory = Callable[..., AbstractAsyncContextManager[SlackBot]]


@pytest.fixture
def slack_bot(db: Database, catalog: Catalog, clock: Any, fake: FakeSlack) -> BotFactory:
    """``async with slack_bot(socket=True) as bot``: the app on ``db``, talking to ``fake``."""

    @asynccontextmanager
    async def run(socket: bool = False, **changes: Any) -> AsyncIterator[SlackBot]:
        settings = slack_settings(fake, db, socket, **changes)
        client = clients.web_client(settings)
        messenger = SlackMessenger(client)
        ctx = Context(db=db, catalog=catalog, messenger=messenger, clock=clock, settings=settings)
        async with started(settings, ctx, messenger, client) as runtime:
            driver: Driver = (
                SocketDriver(fake)
                if socket
                else HttpDriver(f"http://127.0.0.1:{runtime.port}", SIGNING_SECRET)
            )
            try:
                yield SlackBot(ctx, runtime, driver, messenger, fake)
            finally:
                await driver.close()

    return run
