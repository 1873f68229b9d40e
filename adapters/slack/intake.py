"""Slack's side of the durable inbox: store each request before Slack hears it is received, and
replay it through the same Bolt listeners when the worker takes it.

The app runs with ``process_before_response``: Bolt sends its answer (the ack) only once the
listener returned. Each listener first drops what it is not for, then calls :meth:`Intake.stored`:
on a live request that writes the request body to the inbox and the listener returns, so Slack
gets its 200 only after the write. A write that fails raises, and Bolt answers 500: over HTTP
Slack retries the event; in Socket Mode a non-200 is never acked, so Slack sends it again.

The worker (:class:`bot.services.inbox.Worker`) hands each stored body back to the app as a
request of its own, marked as a replay: the same listener runs again, :meth:`Intake.stored` says
False, and the listener does the work, answering through ``response_url`` and the Web API as it
always did. A replay that fails (the listener raised, say because the database went away) raises
the listener's own error to the worker, which tries the entry again after a backoff.

Slack's retries of an event carry the same ``event_id``; clicks, commands and form submissions
carry a ``trigger_id`` of their own: that id is the entry's dedupe key, so a retry stores nothing.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack import members
from bot.metrics import Timing
from bot.services import inbox
from bot.services.context import Context
from bot.storage.inbox import Claimed

#: The request context keys that mark a replay and carry a replayed listener's error back.
REPLAY = "nudgebot_inbox_entry"
FAILURE = "nudgebot_failure"
#: Body keys never stored: the legacy verification token.
UNSTORED = frozenset({"token"})


class ReplayFailed(Exception):
    """A replayed request did not come back 200 and no listener error says why."""


@dataclass
class Intake:
    ctx: Context
    worker: inbox.Worker | None = None

    async def stored(self, context: AsyncBoltContext, body: dict[str, Any]) -> bool:
        """True on a live request, once it is stored (the listener then returns); False on
        the worker's replay of it (the listener then does the work)."""
        if context.get(REPLAY) is not None:
            return False
        await inbox.put(
            self.ctx.db,
            platform=members.PLATFORM,
            team=str(context.team_id or context.enterprise_id or ""),
            kind=kind_of(body),
            dedupe_key=members.event_key(body),
            payload={k: v for k, v in body.items() if k not in UNSTORED},
            now=inbox.utc_now(),
            meter=self.ctx.meter,
        )
        if self.worker is not None:
            self.worker.wake()
        return True


def kind_of(body: dict[str, Any]) -> str:
    """``event message``, ``command /network-tip``, ``block_actions``: for logs and counts."""
    if isinstance(body.get("command"), str):
        return f"command {body['command']}"
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        return f"event {event.get('type') if isinstance(event, dict) else '?'}"
    return str(body.get("type") or "?")


def replayer(app: AsyncApp) -> inbox.Handler:
    """The worker's handler: the stored body through the app again, as a replay.

    Replayed as a Socket Mode request: it came from Slack (signed, or over our websocket) when
    it was stored, so it is not verified again, and its body is the parsed one.
    """

    async def handle(entry: Claimed) -> None:
        request = AsyncBoltRequest(
            body=entry.payload, mode="socket_mode", context={REPLAY: entry.id}
        )
        response = await app.async_dispatch(request)
        failure = request.context.get(FAILURE)
        if isinstance(failure, Exception):
            raise failure
        if response.status >= 500:
            raise ReplayFailed(f"status {response.status}")

    return handle


Next = Callable[[], Awaitable[BoltResponse]]


def ack_timer(ctx: Context) -> Callable[..., Awaitable[BoltResponse | None]]:
    """A Bolt middleware timing each live request from its arrival to its answer."""

    async def timed(req: AsyncBoltRequest, resp: BoltResponse, next: Next) -> BoltResponse | None:
        if req.context.get(REPLAY) is not None:
            return await next()
        started = time.perf_counter()
        try:
            return await next()
        finally:
            ctx.meter.time(Timing.ACK_LATENCY, time.perf_counter() - started)

    return timed
