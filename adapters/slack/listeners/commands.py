"""Slash commands: the same names as in DESIGN.md, answered ephemerally to whoever typed them.

Each command is acknowledged at once (Slack gives three seconds) and answered afterwards through
its ``response_url`` (Bolt's ``respond``), so slow work never makes Slack show a timeout.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import members
from adapters.slack.backlog import Backlog
from adapters.slack.listeners import forms
from bot.ports import MemberRef
from bot.services import membership, progress, settings, streak, texts, tips
from bot.services.context import Context
from bot.views import Reply

log = logging.getLogger(__name__)

#: Commands of a later version: registered so Slack gets an answer, not a timeout.
LATER = ("/network-export", "/network-forget", "/network-admin")


@dataclass(frozen=True)
class Invocation:
    """One slash command as the handlers need it."""

    ref: MemberRef
    text: str
    key: str | None
    trigger_id: str
    client: AsyncWebClient


Handler = Callable[[Context, Invocation], Awaitable[Reply | None]]


async def _join(ctx: Context, call: Invocation) -> Reply:
    zone = await members.profile_zone(call.client, call.ref.user_id)
    return await membership.join(ctx, call.ref, zone, team=call.ref.workspace)


async def _settings(ctx: Context, call: Invocation) -> Reply | None:
    """Typed values change at once; the bare command opens the form."""
    if call.text.strip():
        return await settings.settings(ctx, call.ref, call.text, call.key)
    if not await forms.open_settings(ctx, call.client, call.trigger_id, call.ref):
        return Reply(texts.NOT_JOINED)
    return None


HANDLERS: dict[str, Handler] = {
    "/network-tip": lambda ctx, c: tips.tip(ctx, c.ref, c.text),
    "/network-join": _join,
    "/network-streak": lambda ctx, c: streak.streak(ctx, c.ref, c.key),
    "/network-settings": _settings,
    "/network-pause": lambda ctx, c: settings.pause(ctx, c.ref, c.text, c.key),
    "/network-resume": lambda ctx, c: settings.resume(ctx, c.ref, c.key),
    "/network-win": lambda ctx, c: progress.win(ctx, c.ref, c.text, c.key),
}


def register(app: AsyncApp, ctx: Context, backlog: Backlog) -> None:
    async def on_command(
        ack: AsyncAck,
        command: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        await ack()
        name = str(command.get("command", ""))
        ref = members.member(context)
        if ref is None:
            log.warning("dropped %s without a user", name)
            return
        if name in LATER:
            reply: Reply | None = Reply(f"`{name}` isn't available in this version yet.")
        else:
            text = command.get("text")
            call = Invocation(
                ref,
                text if isinstance(text, str) else "",
                members.event_key(body),
                str(body.get("trigger_id", "")),
                client,
            )
            async with backlog.turn():
                reply = await HANDLERS[name](ctx, call)
        if reply is not None and reply.text:
            await respond(text=reply.text, response_type="ephemeral")

    for name in (*HANDLERS, *LATER):
        app.command(name)(on_command)
