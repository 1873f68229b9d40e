"""``nudgebot run slack``: the Slack app, the core, the delivery tick and the teams' weekly
digests on one asyncio loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

from aiohttp import ClientSession
from slack_sdk.web.async_client import AsyncWebClient

import scheduler.jobs
from adapters.slack import clients
from adapters.slack.messenger import SlackMessenger
from adapters.slack.runtime import ConfigurationError, check, started
from bot.bootstrap import running
from bot.config import Settings
from bot.services import digests

log = logging.getLogger(__name__)


def main(settings: Settings) -> int:
    try:
        check(settings)
    except ConfigurationError as problem:
        print(f"Configuration problem: {problem}", file=sys.stderr)
        return 2
    return asyncio.run(serve(settings))


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """Run until ``stop`` is set, or SIGINT / SIGTERM."""
    stop = stop or _stop_on_signals()
    async with ClientSession() as http:
        return await _serve(settings, stop, clients.web_client(settings, http))


async def _serve(settings: Settings, stop: asyncio.Event, client: AsyncWebClient) -> int:
    messenger = SlackMessenger(client)
    async with (
        running(settings, messenger, platforms=frozenset({"slack"})) as ctx,
        started(settings, ctx, messenger, client),
        scheduler.jobs.running(ctx, post_digest=digests.post_digest),
    ):
        await stop.wait()
        log.info("stopping")
    return 0


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop
