"""``nudgebot run slack``: the Slack app, the core, the delivery tick and the teams' weekly
digests on one asyncio loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys

from aiohttp import ClientSession
from slack_sdk.web.async_client import AsyncWebClient

import scheduler.jobs
from adapters import stopping
from adapters.metrics import PrometheusMeter
from adapters.slack import clients, install, preflight
from adapters.slack.messenger import SlackMessenger
from adapters.slack.preflight import ConfigurationError
from adapters.slack.runtime import check, started
from adapters.stopping import Stopper
from adapters.web import server as dashboard_server
from bot.bootstrap import running
from bot.config import Settings
from bot.services import digests
from bot.services.health import Heartbeat

log = logging.getLogger(__name__)


def main(settings: Settings) -> int:
    try:
        check(settings)
        return asyncio.run(serve(settings))
    except ConfigurationError as problem:
        print(f"Configuration problem: {problem}", file=sys.stderr)
        return 2


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """Check the tokens with Slack, then run until ``stop`` is set, or SIGINT / SIGTERM (see
    :mod:`adapters.stopping`)."""
    return await stopping.run(lambda stopper: _connected(settings, stopper), stop)


async def _connected(settings: Settings, stopper: Stopper) -> int:
    async with ClientSession() as http:
        client = clients.web_client(settings, http)
        await preflight.check_with_slack(
            settings, client, one_workspace=not install.is_multi_workspace(settings)
        )
        return await _serve(settings, stopper, client)


async def _serve(settings: Settings, stopper: Stopper, client: AsyncWebClient) -> int:
    messenger = SlackMessenger(client)
    meter, heartbeat = PrometheusMeter(), Heartbeat()
    async with contextlib.AsyncExitStack() as stack:
        # A schema upgrade cut off half-way leaves SQLite with tables and no revision: a stop
        # asked for meanwhile waits for it.
        stopper.cancellable = False
        ctx = await stack.enter_async_context(
            running(settings, messenger, platforms=frozenset({"slack"}), meter=meter)
        )
        stopper.cancellable = True
        if stopper.event.is_set():
            return 0
        await stack.enter_async_context(started(settings, ctx, messenger, client, heartbeat))
        await stack.enter_async_context(
            dashboard_server.beside_the_bot(settings, ctx.db, ctx.clock)
        )
        await stack.enter_async_context(
            scheduler.jobs.running(ctx, post_digest=digests.post_digest, heartbeat=heartbeat)
        )
        stopper.serving = True
        await stopper.event.wait()
        log.info("stopping")
    return 0
