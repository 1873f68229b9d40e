"""``nudgebot run discord``: the bot, its scheduler and the database on one asyncio loop."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import discord

from adapters.discord.client import NudgeClient, build_client
from adapters.discord.endpoints import overridden
from adapters.discord.members import bind
from adapters.discord.messenger import DiscordMessenger
from bot.bootstrap import running, utc_now
from bot.config import Settings
from bot.ports import Clock
from bot.services.context import Context
from scheduler import jobs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunningBot:
    client: NudgeClient
    ctx: Context
    #: The gateway connection; it ends when the client closes or Discord refuses it for good.
    connection: asyncio.Task[None]


@asynccontextmanager
async def running_bot(settings: Settings, clock: Clock = utc_now) -> AsyncIterator[RunningBot]:
    """Log in (which syncs the commands), connect the gateway, start the delivery tick."""
    if settings.discord_token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    with overridden(settings.discord_api_base, settings.discord_gateway_url):
        client = build_client(settings)
        async with client, running(settings, DiscordMessenger(client), clock) as ctx:
            bind(client, ctx)
            await client.login(settings.discord_token.reveal())
            connection = asyncio.create_task(client.connect(), name="discord-gateway")
            try:
                async with jobs.running(ctx):
                    yield RunningBot(client, ctx, connection)
            finally:
                await client.close()
                await asyncio.wait([connection], timeout=10)


async def serve(settings: Settings) -> None:
    async with running_bot(settings) as bot:
        await bot.connection


def main(settings: Settings) -> int:
    if settings.discord_token is None:
        print(
            "Set DISCORD_TOKEN to your bot's token (Developer Portal → your application → Bot).",
            file=sys.stderr,
        )
        return 2
    try:
        asyncio.run(serve(settings))
    except discord.LoginFailure:
        print("Discord refused DISCORD_TOKEN: reset it in the Developer Portal.", file=sys.stderr)
        return 2
    return 0
