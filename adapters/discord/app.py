"""``nudgebot run discord``: the bot, its scheduler and the database on one asyncio loop.

``nudgebot discord deliver`` runs the same without the gateway: nudges need only REST, so extra
instances sharing the PostgreSQL database can deliver while one instance holds the gateway.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import discord

from adapters.discord.client import build_client, rest_client
from adapters.discord.endpoints import overridden
from adapters.discord.members import bind
from adapters.discord.messenger import DiscordMessenger
from adapters.discord.supervision import supervise
from adapters.web import server as dashboard_server
from bot.bootstrap import running, utc_now
from bot.config import Settings
from bot.ports import Clock
from bot.services import digests
from bot.services.context import Context
from scheduler import jobs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunningBot:
    client: discord.Client
    ctx: Context
    #: The gateway connection; it ends when the client closes or Discord refuses it for good.
    #: None for a delivery-only instance.
    connection: asyncio.Task[None] | None


@asynccontextmanager
async def running_bot(
    settings: Settings, clock: Clock = utc_now, gateway: bool = True
) -> AsyncIterator[RunningBot]:
    """Log in, connect the gateway (the full bot: commands synced, events handled) unless
    ``gateway`` is False, and start the delivery tick and the teams' weekly digests."""
    if settings.discord_token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    with overridden(settings.discord_api_base, settings.discord_gateway_url):
        client = build_client(settings) if gateway else rest_client()
        async with (
            client,
            running(settings, DiscordMessenger(client), clock, frozenset({"discord"})) as ctx,
        ):
            bind(client, ctx)
            await client.login(settings.discord_token.reveal())
            connection = (
                asyncio.create_task(supervise(client), name="discord-gateway") if gateway else None
            )
            try:
                async with (
                    dashboard_server.beside_the_bot(settings, ctx.db, clock),
                    jobs.running(ctx, post_digest=digests.post_digest),
                ):
                    yield RunningBot(client, ctx, connection)
            finally:
                await client.close()
                if connection is not None:
                    await asyncio.wait([connection], timeout=10)


async def serve(settings: Settings, gateway: bool = True) -> None:
    async with running_bot(settings, gateway=gateway) as bot:
        if bot.connection is not None:
            await bot.connection
        else:
            await asyncio.Event().wait()  # deliver until interrupted


def main(settings: Settings, gateway: bool = True) -> int:
    if settings.discord_token is None:
        print(
            "Set DISCORD_TOKEN to your bot's token (Developer Portal → your application → Bot).",
            file=sys.stderr,
        )
        return 2
    try:
        asyncio.run(serve(settings, gateway))
    except discord.LoginFailure:
        print("Discord refused DISCORD_TOKEN: reset it in the Developer Portal.", file=sys.stderr)
        return 2
    return 0
