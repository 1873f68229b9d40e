"""What every use case needs, wired once (see :mod:`bot.bootstrap`)."""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import Catalog
from bot.config import Settings
from bot.member_status import MemberStatus
from bot.metrics import NO_METER, Meter
from bot.ports import Clock, DeliveryError, MemberRef, Messenger
from bot.services import texts
from bot.storage import queries as q
from bot.storage.database import Database
from bot.storage.tables import Member
from bot.views import Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Context:
    db: Database
    catalog: Catalog
    messenger: Messenger
    clock: Clock
    settings: Settings
    #: The platforms this process's messenger reaches; None for all. Several processes (one per
    #: platform) may share a database: each delivers only to members on its own platform.
    platforms: frozenset[str] | None = None
    #: Where counts and timings go (see :mod:`bot.metrics`); by default nowhere.
    meter: Meter = NO_METER

    def phrase(self, group: str, seed: str, **values: object) -> str:
        """One of the catalog's variants for ``group``, chosen by ``seed`` so retries agree."""
        variants = self.catalog.phrases.get(group) or ("",)
        digest = hashlib.sha256(f"{group}|{seed}".encode()).digest()
        choice = random.Random(int.from_bytes(digest[:8], "big")).choice(variants)
        return choice.format(**values)


Action = Callable[[AsyncSession, Member, datetime], Awaitable[Reply]]


@dataclass(frozen=True)
class Turn:
    """One inbound event of a known member being handled: in one transaction, at one time."""

    ctx: Context
    session: AsyncSession
    #: The account the member acts through (one of theirs, possibly a linked one).
    ref: MemberRef
    member: Member
    now: datetime

    @property
    def today(self) -> date:
        """The member's local date at ``now``."""
        return q.today_of(self.member, self.now)


async def as_member(
    ctx: Context, ref: MemberRef, event_id: str | None, action: Action
) -> Reply | None:
    """Run ``action`` for a known member in one transaction, once per inbound event id.

    Returns None for an event already handled (the platform retried it): there is nothing new to
    say. Someone who never joined is told how to.
    """
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        if not await q.first_time_seen(session, event_id, now):
            return None
        member = await q.member_by_ref(session, ref)
        if member is None or member.status == MemberStatus.LEFT:
            return Reply(texts.NOT_JOINED)
        reply = await action(session, member, now)
    return await send_posts(ctx, reply) if reply.posts else reply


async def send_posts(ctx: Context, reply: Reply) -> Reply:
    """Post what the member chose to share, now that it is saved. A channel that refuses is
    logged and explained; what was saved stays saved."""
    failed = False
    for post in reply.posts:
        try:
            await ctx.messenger.post(post.channel, post.text)
        except DeliveryError as error:
            log.warning("could not post in %s: %s", post.channel, error)
            failed = True
    text = f"{reply.text}\n{texts.POST_FAILED}" if failed else reply.text
    return replace(reply, text=text, posts=())


async def as_turn(
    ctx: Context, ref: MemberRef, event_id: str | None, action: Callable[[Turn], Awaitable[Reply]]
) -> Reply | None:
    """:func:`as_member`, handing ``action`` the whole :class:`Turn`."""

    async def act(session: AsyncSession, member: Member, now: datetime) -> Reply:
        return await action(Turn(ctx, session, ref, member, now))

    return await as_member(ctx, ref, event_id, act)
