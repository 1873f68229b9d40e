"""Pointing discord.py at another REST base and gateway (Discord-compatible servers, local tests).

discord.py has no per-client option for either: every REST route, webhooks and interaction
callbacks included, is built from ``discord.http.Route.BASE``, and the gateway comes from
``DiscordWebSocket.DEFAULT_GATEWAY`` (a sharded client with no shard count asks ``/gateway/bot``,
which the same REST base answers). Both are class attributes, so the override is process-wide:
it is set for the life of the bot and put back on the way out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route


@contextmanager
def overridden(api_base: str | None, gateway_url: str | None) -> Iterator[None]:
    """``api_base`` like ``http://127.0.0.1:8080/api/v10``; ``gateway_url`` like ``ws://…/``."""
    saved = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    try:
        if api_base:
            Route.BASE = api_base.rstrip("/")
        if gateway_url:
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
        yield
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved
