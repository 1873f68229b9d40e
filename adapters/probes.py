"""``/healthz``, ``/readyz`` and ``/metrics``: what monitoring reads, on either platform.

Slack's HTTP server serves them beside ``/slack/events`` (:mod:`adapters.slack.runtime`). A
Discord process has no HTTP server of its own: with ``HEALTH_PORT`` set, :func:`serving` starts
one for these three alone.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web

from adapters import serving as limits
from adapters.metrics import CONTENT_TYPE, PrometheusMeter
from bot.services import health, inbox
from bot.services.context import Context
from bot.services.health import Heartbeat

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"


@dataclass(frozen=True)
class Probes:
    """What ``/readyz`` and ``/metrics`` read."""

    ctx: Context
    heartbeat: Heartbeat
    meter: PrometheusMeter

    async def ready(self, _: web.Request) -> web.Response:
        found = await health.readiness(self.ctx, self.heartbeat, inbox.utc_now())
        return web.json_response(
            {"ready": found.ready, "problems": list(found.problems)},
            status=200 if found.ready else 503,
        )

    async def metrics(self, _: web.Request) -> web.Response:
        try:
            await inbox.report_depth(self.ctx.db, self.meter, inbox.utc_now())
        except Exception as error:  # the figures still serve; /readyz says what is wrong
            log.warning("could not read the inbox depth for /metrics: %s", type(error).__name__)
        return web.Response(body=self.meter.exposition(), headers={"Content-Type": CONTENT_TYPE})


async def alive(_: web.Request) -> web.Response:
    """Liveness only: the loop answers. Whether the bot can work is ``/readyz``."""
    return web.json_response({"ok": True})


def probe_routes(probes: Probes | None) -> list[web.RouteDef]:
    """``/healthz`` always; ``/readyz`` and ``/metrics`` when there is something to read."""
    found = [web.get(HEALTH_PATH, alive)]
    if probes is not None:
        found += [web.get(READY_PATH, probes.ready), web.get(METRICS_PATH, probes.metrics)]
    return found


@dataclass(frozen=True)
class Served:
    port: int


@asynccontextmanager
async def serving(host: str, port: int | None, probes: Probes) -> AsyncIterator[Served | None]:
    """Serve the three probes on ``host:port`` for the block; nothing when ``port`` is None.

    A port already taken stops the start with one line (:class:`PortTaken`).
    """
    if port is None:
        yield None
        return
    server = web.Application(middlewares=[limits.body_in_time])
    server.add_routes(probe_routes(probes))
    runner = limits.runner(server)
    await runner.setup()
    try:
        try:
            await limits.CappedSite(runner, host, port).start()
        except OSError as error:
            raise PortTaken(
                f"HEALTH_PORT={port}: can't listen on {host}:{port} "
                f"({error.strerror or error}); stop the program using it or set HEALTH_PORT to "
                "a free port."
            ) from None
        bound = runner.addresses[0][1] if runner.addresses else port
        log.info(
            "Health checks and metrics on http://%s:%s (/healthz, /readyz, /metrics)", host, bound
        )
        yield Served(bound)
    finally:
        await runner.cleanup()


class PortTaken(Exception):
    """The health port cannot be listened on; the message says what to do."""
