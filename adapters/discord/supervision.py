"""Keeping the gateway up when Discord sends a frame discord.py cannot read.

discord.py parses every dispatch inside its read loop, so one frame it cannot parse (Discord's
documented example interaction, which lacks ``application_id``; a non-numeric snowflake; a message
that is only an id) raises out of ``Client.connect`` and would end the bot. Two layers stop that:

- Each parser is guarded: a frame it fails on is dropped and logged in one line that names the
  event and where discord.py failed, never the payload (it holds members' DMs and interaction
  tokens, and an exception's message can quote it).
- A failure that leaves discord.py's cache in doubt (an event that builds it failed halfway) or
  that escapes the read loop anyway (a frame that isn't a JSON object) ends the connection; the
  supervisor then connects afresh, whose IDENTIFY and READY rebuild the cache, after a backoff.
  A sharded client can't be reconnected in place: it drops cache events like the others, and a
  failure that escapes its read loop still ends the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Any

import aiohttp
import discord

log = logging.getLogger(__name__)

Parser = Callable[[Any], None]

#: Events whose parsing updates discord.py's cache of servers, channels and threads.
CACHE_EVENTS = ("READY", "GUILD_", "CHANNEL_", "THREAD_")
#: Seconds to wait before each reconnect in a row; the last repeats.
BACKOFF = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
#: A connection that lasted this long was healthy: after it, the backoff starts over.
HEALTHY_SECONDS = 120.0


class CacheInDoubt(Exception):
    """An event that builds discord.py's cache could not be read: the connection starts over."""

    def __init__(self, event: str, reason: str) -> None:
        super().__init__(f"{event}: {reason}")
        self.event = event
        self.reason = reason


def failure(exc: BaseException) -> str:
    """The exception's type and the line that raised it (``KeyError at interactions.py:220``),
    without its message, which can quote the payload."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    return f"{type(exc).__name__} at {PurePath(frames[-1].filename).name}:{frames[-1].lineno}"


def guard_parsers(parsers: dict[str, Parser], can_reconnect: bool = True) -> None:
    """Wrap each of discord.py's gateway parsers (``ConnectionState.parsers``) in place.

    ``can_reconnect`` False (a sharded client, which :func:`supervise` cannot reconnect): a
    cache event that fails is dropped like any other, the cache staying as it was.
    """
    for event, parse in list(parsers.items()):
        in_doubt = can_reconnect and event.startswith(CACHE_EVENTS)
        parsers[event] = _guarded(event, parse, in_doubt)


def _guarded(event: str, parse: Parser, in_doubt: bool) -> Parser:
    def guarded(data: Any) -> None:
        try:
            parse(data)
        except Exception as exc:
            if in_doubt:
                raise CacheInDoubt(event, failure(exc)) from exc
            log.warning("Dropped an event discord.py could not read: %s (%s)", event, failure(exc))

    return guarded


async def supervise(
    client: discord.Client,
    backoff: Sequence[float] = BACKOFF,
    healthy_after: float = HEALTHY_SECONDS,
) -> None:
    """Keep the gateway connected until the client closes.

    discord.py reconnects by itself after network trouble. Anything else that ends
    ``Client.connect`` is answered with a fresh connection after a backoff, except Discord
    refusing the bot for good (a bad token, a privileged intent not enabled), which still ends
    it. A sharded client closes itself on such a failure and cannot be opened again in place,
    so there the failure ends the bot too.
    """
    loop = asyncio.get_running_loop()
    failures = 0
    while not client.is_closed():
        started = loop.time()
        try:
            await client.connect()
        except (discord.ConnectionClosed, discord.PrivilegedIntentsRequired):
            raise
        except Exception as exc:
            sharded = isinstance(client, discord.AutoShardedClient)
            if client.is_closed() and not sharded:
                return  # closed while failing: the bot is stopping
            what = _what_failed(exc)
            if client.is_closed():
                log.error("The Discord gateway connection stopped %s; the bot stops", what)
                raise
            failures = 1 if loop.time() - started >= healthy_after else failures + 1
            delay = backoff[min(failures, len(backoff)) - 1]
            log.warning(
                "The Discord gateway connection stopped %s; reconnecting in %g s", what, delay
            )
            if client.ws is not None:
                with contextlib.suppress(OSError, aiohttp.ClientError):
                    await client.ws.close(code=1000)  # the session ends: the next identifies anew
            await asyncio.sleep(delay)
        else:
            return


def _what_failed(exc: Exception) -> str:
    if isinstance(exc, CacheInDoubt):
        return f"on a {exc.event} event discord.py could not read ({exc.reason})"
    return f"({failure(exc)})"
