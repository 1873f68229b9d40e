"""``nudgebot run discord``: the bot, its scheduler and the database on one asyncio loop.

``nudgebot discord deliver`` runs the same without the gateway: nudges need only REST, so extra
instances sharing the PostgreSQL database can deliver while one instance holds the gateway.

With the gateway, what members do is stored in the inbox before Discord hears back
(:mod:`adapters.discord.intake`) and handled by the inbox worker (:mod:`adapters.discord.replay`).
Stopping lets the worker handle what is stored for up to ``SHUTDOWN_GRACE_SECONDS`` while the
gateway stays open (Discord would not send again what arrived while it was closed, so what
arrives meanwhile is stored too), then closes the gateway; the rest waits in the inbox for the
next start.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import discord

from adapters import probes, stopping
from adapters.discord import intake, replay
from adapters.discord.client import NudgeClient, build_client, rest_client
from adapters.discord.endpoints import overridden
from adapters.discord.members import bind
from adapters.discord.messenger import DiscordMessenger
from adapters.discord.supervision import supervise
from adapters.metrics import PrometheusMeter
from adapters.probes import Probes
from adapters.stopping import Stopper
from adapters.web import server as dashboard_server
from bot.bootstrap import running, utc_now
from bot.config import Settings
from bot.ports import Clock
from bot.services import digests, inbox
from bot.services.context import Context
from bot.services.health import Heartbeat
from scheduler import jobs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunningBot:
    client: discord.Client
    ctx: Context
    #: The gateway connection; it ends when the client closes or Discord refuses it for good.
    #: None for a delivery-only instance.
    connection: asyncio.Task[None] | None
    #: The inbox worker handling what members did; None for a delivery-only instance.
    worker: inbox.Worker | None = None
    #: Where /healthz, /readyz and /metrics are served; None without HEALTH_PORT.
    health: probes.Served | None = None


@asynccontextmanager
async def running_bot(
    settings: Settings,
    clock: Clock = utc_now,
    gateway: bool = True,
    stopper: Stopper | None = None,
) -> AsyncIterator[RunningBot]:
    """Log in, connect the gateway (the full bot: commands synced, events handled) unless
    ``gateway`` is False, and start the delivery tick and the teams' weekly digests; with
    HEALTH_PORT set, serve the health checks and metrics (:mod:`adapters.probes`).

    ``stopper``, when given, is told that the schema upgrade at the start may not be cut off.
    """
    if settings.discord_token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    with overridden(settings.discord_api_base, settings.discord_gateway_url):
        client = build_client(settings) if gateway else rest_client()
        meter, heartbeat = PrometheusMeter(), Heartbeat()
        if stopper is not None:
            # Cut off half-way, an upgrade leaves SQLite with tables and no revision.
            stopper.cancellable = False
        async with (
            client,
            running(
                settings, DiscordMessenger(client), clock, frozenset({"discord"}), meter
            ) as ctx,
        ):
            if stopper is not None:
                stopper.cancellable = True
            bind(client, ctx)
            worker = _worker(client, ctx)
            await client.login(settings.discord_token.reveal())
            if worker is not None:
                worker.start()
            connection = (
                asyncio.create_task(supervise(client), name="discord-gateway") if gateway else None
            )
            try:
                async with (
                    probes.serving(
                        settings.host, settings.health_port, Probes(ctx, heartbeat, meter)
                    ) as health,
                    dashboard_server.beside_the_bot(settings, ctx.db, clock),
                    jobs.running(ctx, post_digest=digests.post_digest, heartbeat=heartbeat),
                ):
                    yield RunningBot(client, ctx, connection, worker, health)
            finally:
                if worker is not None:
                    await worker.stop(settings.shutdown_grace_seconds)
                await client.close()
                if connection is not None:
                    await asyncio.wait([connection], timeout=10)


def _worker(client: discord.Client, ctx: Context) -> inbox.Worker | None:
    """The inbox's worker for a gateway client, bound to it with its intake."""
    if not isinstance(client, NudgeClient):
        return None
    worker = inbox.Worker(
        ctx.db,
        replay.handler(client, client.tree),
        concurrency=inbox.concurrency_for(ctx.db.is_sqlite),
        meter=ctx.meter,
        platforms=frozenset({"discord"}),
    )
    intake.bind(client, intake.Intake(ctx, worker))
    return worker


async def serve(settings: Settings, gateway: bool = True, stop: asyncio.Event | None = None) -> int:
    """Run until the gateway connection ends for good, ``stop`` is set, or SIGINT / SIGTERM
    (see :mod:`adapters.stopping`: a signal while serving drains the inbox, then stops)."""
    return await stopping.run(lambda stopper: _serve(settings, gateway, stopper), stop)


async def _serve(settings: Settings, gateway: bool, stopper: Stopper) -> int:
    async with running_bot(settings, gateway=gateway, stopper=stopper) as bot:
        stopper.serving = True
        stopped = asyncio.create_task(stopper.event.wait())
        ends = [stopped] if bot.connection is None else [stopped, bot.connection]
        try:
            await asyncio.wait(ends, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
        if bot.connection is not None and bot.connection.done():
            await bot.connection  # Discord refused the bot for good: say so
        log.info("stopping")
    return 0


def main(settings: Settings, gateway: bool = True) -> int:
    if settings.discord_token is None:
        print(
            "Set DISCORD_TOKEN to your bot's token (Developer Portal → your application → Bot).",
            file=sys.stderr,
        )
        return 2
    try:
        return asyncio.run(serve(settings, gateway))
    except discord.LoginFailure:
        print("Discord refused DISCORD_TOKEN: reset it in the Developer Portal.", file=sys.stderr)
        return 2
    except probes.PortTaken as taken:
        print(taken, file=sys.stderr)
        return 2
