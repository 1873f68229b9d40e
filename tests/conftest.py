"""Shared fixtures: a database per test on SQLite (and PostgreSQL when configured), a fake
messenger and a clock the test moves by hand."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.catalog import Catalog, load_catalog
from bot.config import Settings
from bot.ports import MemberRef, RecipientUnreachable, Unreachable
from bot.services.context import Context
from bot.storage.database import Database
from bot.views import Button, ChallengeCard, ChannelRef

# slack_sdk and aiohttp read these; tests talk to loopback only.
for _proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
    os.environ.pop(_proxy, None)

POSTGRES_URL = os.environ.get("NUDGEBOT_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]

if os.environ.get("CI") and not POSTGRES_URL:
    raise RuntimeError("CI must run the suite on PostgreSQL too: set NUDGEBOT_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A scratch database of this test session's own, beside the configured one.

    Separate runs on one server (a developer's and CI's) never touch each other's tables.
    """
    assert POSTGRES_URL is not None
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_{os.getpid()}"

    async def run(statement: str) -> None:
        engine = create_async_engine(base, isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            await connection.execute(text(statement))
        await engine.dispose()

    def admin(statement: str) -> None:
        # Requested from inside a running test loop: use a loop of its own on another thread.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, run(statement)).result()

    admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{name}"')
    yield base.set(database=name).render_as_string(hide_password=False)
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A freshly migrated, empty database."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await engine.dispose()
    database = Database(url)
    await database.upgrade()
    yield database
    await database.close()


@dataclass
class Sent:
    to: MemberRef
    text: str | None = None
    card: ChallengeCard | None = None
    buttons: tuple[Button, ...] = ()


@dataclass
class FakeMessenger:
    """Records everything the bot sends."""

    sent: list[Sent] = field(default_factory=list)
    updated: list[tuple[str, ChallengeCard]] = field(default_factory=list)
    #: Team channel posts, and channels that refuse them.
    posts: list[tuple[ChannelRef, str]] = field(default_factory=list)
    refusing: set[str] = field(default_factory=set)
    #: Introductions: everyone in the group, and the text.
    introductions: list[tuple[tuple[MemberRef, ...], str]] = field(default_factory=list)

    async def send_text(
        self, to: MemberRef, text: str, buttons: tuple[Button, ...] = ()
    ) -> str | None:
        self.sent.append(Sent(to, text=text, buttons=buttons))
        return f"msg-{len(self.sent)}"

    async def send_card(self, to: MemberRef, card: ChallengeCard) -> str | None:
        self.sent.append(Sent(to, card=card))
        return f"msg-{len(self.sent)}"

    async def update_card(self, to: MemberRef, message_ref: str, card: ChallengeCard) -> None:
        self.updated.append((message_ref, card))

    async def find_sent(self, to: MemberRef, card: ChallengeCard) -> str | None:
        return None

    async def post(self, channel: ChannelRef, text: str) -> str | None:
        if channel.channel_id in self.refusing:
            raise RecipientUnreachable("not_in_channel", Unreachable.NO_ACCESS)
        self.posts.append((channel, text))
        return f"post-{len(self.posts)}"

    async def introduce(self, members: Sequence[MemberRef], text: str) -> None:
        self.introductions.append((tuple(members), text))

    def mention(self, target: MemberRef | ChannelRef) -> str:
        return (
            f"<@{target.user_id}>" if isinstance(target, MemberRef) else f"<#{target.channel_id}>"
        )

    def explain(self, kind: Unreachable) -> str:
        return f"fix {kind}"

    @property
    def cards(self) -> list[ChallengeCard]:
        return [s.card for s in self.sent if s.card is not None]

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sent if s.text is not None]


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set_local(self, iso: str, zone: str) -> None:
        self.now = datetime.fromisoformat(iso).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def clock() -> FakeClock:
    # Monday 23 November 2026, 08:00 in London.
    return FakeClock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))


@pytest.fixture
def messenger() -> FakeMessenger:
    return FakeMessenger()


@pytest.fixture
def ctx(db: Database, catalog: Catalog, messenger: FakeMessenger, clock: FakeClock) -> Context:
    settings = Settings(database_url=db.url, default_zone=ZoneInfo("Europe/London"))
    return Context(db=db, catalog=catalog, messenger=messenger, clock=clock, settings=settings)


@pytest.fixture
def alice() -> MemberRef:
    return MemberRef("console", "team-1", "alice")
