"""The HTTP server's limits: how long a request may take to arrive, and how many at once.

Slack sends small requests in one go and waits three seconds for the answer, so nothing it
sends needs long. Without limits a client that opens connections and sends half a request (or
nothing) keeps each one, and its file descriptor, for as long as it likes, and a half-read body
holds up stopping for aiohttp's minute of grace. So:

- headers must arrive within :data:`HEADER_SECONDS` of connecting (or of the last answer on a
  kept-alive connection): aiohttp's keep-alive timer covers both;
- the body within :data:`BODY_SECONDS` of the headers, or the answer is a 408 and the connection
  closes;
- at most :data:`MAX_CONNECTIONS` connections are open; one more is closed as it arrives;
- stopping waits at most :data:`SHUTDOWN_SECONDS` for requests in progress;
- the access log names the path, never the query string: an OAuth redirect carries its
  ``code`` there and a dashboard login link its one-time ``token`` (:class:`PathOnlyAccessLog`).

The values are read when the server starts, so tests may change them first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

log = logging.getLogger(__name__)

HEADER_SECONDS = 10.0
BODY_SECONDS = 10.0
MAX_CONNECTIONS = 200
SHUTDOWN_SECONDS = 3.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class PathOnlyAccessLog(AbstractAccessLogger):
    """One line a request: client, method, path, status, size and time; no query string, no
    referrer (which would repeat a login link's), no headers."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            '%s "%s %s" %s %s %.3fs',
            request.remote,
            request.method,
            request.path,
            response.status,
            response.body_length,
            time,
        )


def runner(server: web.Application) -> web.AppRunner:
    # lingering_time=0: a body left unread after the answer closes the connection at once.
    return web.AppRunner(
        server,
        keepalive_timeout=HEADER_SECONDS,
        shutdown_timeout=SHUTDOWN_SECONDS,
        lingering_time=0,
        access_log_class=PathOnlyAccessLog,
    )


@web.middleware
async def body_in_time(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Read the whole body within :data:`BODY_SECONDS`; handlers then read it from memory."""
    try:
        async with asyncio.timeout(BODY_SECONDS):
            await request.read()
    except TimeoutError:
        log.warning("closed a request to %s: its body was too slow (408)", request.path)
        response = web.Response(status=408, text="request body too slow")
        response.force_close()
        return response
    return await handler(request)


class _Refuse(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.close()


class CappedSite(web.BaseSite):
    """A TCP site that closes connections beyond :data:`MAX_CONNECTIONS` as they arrive."""

    def __init__(self, runner: web.AppRunner, host: str, port: int) -> None:
        super().__init__(runner)
        self._host, self._port, self._limit = host, port, MAX_CONNECTIONS
        self._full = False

    @property
    def name(self) -> str:
        return f"http://{self._host}:{self._port}"

    async def start(self) -> None:
        await super().start()
        server = self._runner.server
        assert server is not None

        def connection() -> asyncio.BaseProtocol:
            if len(server.connections) >= self._limit:
                if not self._full:  # once per burst, not once per connection
                    log.warning("at %d open connections: closing new ones", self._limit)
                self._full = True
                return _Refuse()
            self._full = False
            return server()

        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            connection, self._host, self._port, reuse_address=True
        )
