"""Slash commands: the same names as in DESIGN.md, answered ephemerally to whoever typed them.

Each command is acknowledged at once (Slack gives three seconds) and answered afterwards through
its ``response_url`` (Bolt's ``respond``), so slow work never makes Slack show a timeout. An
ephemeral answer cannot carry a file: files (the streak picture, the export) go to the member's
DM, and the answer where the command was typed just says so.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import blocks, files, members, mentions
from adapters.slack.backlog import Backlog
from adapters.slack.listeners import forms
from bot.ports import MemberRef, TeamRef
from bot.services import links, membership, privacy, settings, streak, team_admin, texts, tips, wins
from bot.services.context import Context
from bot.views import Reply

log = logging.getLogger(__name__)

ROLE_UNKNOWN = (
    "I couldn't check your role in this workspace with Slack just now. Please try "
    "`/network-admin` again in a minute."
)


@dataclass(frozen=True)
class Invocation:
    """One slash command as the handlers need it."""

    ref: MemberRef
    text: str
    key: str | None
    trigger_id: str
    client: AsyncWebClient
    #: The channel the command was typed in ('' when Slack didn't say).
    channel: str = ""


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


async def _admin(ctx: Context, call: Invocation) -> Reply | None:
    """Team settings, for the workspace's admins and owners only (Slack's word, users.info).

    ``channel here`` typed in a DM (ids starting with D) has no channel to mean: the core then
    asks for it to be run in the wins channel.
    """
    is_admin = await members.is_admin(call.client, call.ref.user_id)
    if is_admin is None:
        return Reply(ROLE_UNKNOWN)
    return await team_admin.admin(
        ctx,
        TeamRef(members.PLATFORM, call.ref.workspace),
        is_admin,
        mentions.bare_channels(call.text),
        here=call.channel if call.channel and not call.channel.startswith("D") else None,
        event_id=call.key,
    )


HANDLERS: dict[str, Handler] = {
    "/network-tip": lambda ctx, c: tips.tip(ctx, c.ref, c.text),
    "/network-join": _join,
    "/network-streak": lambda ctx, c: streak.streak(ctx, c.ref, c.key),
    "/network-settings": _settings,
    "/network-pause": lambda ctx, c: settings.pause(ctx, c.ref, c.text, c.key),
    "/network-resume": lambda ctx, c: settings.resume(ctx, c.ref, c.key),
    "/network-win": lambda ctx, c: wins.win(ctx, c.ref, c.text, c.key),
    "/network-export": lambda ctx, c: privacy.export(ctx, c.ref, c.key),
    "/network-forget": lambda ctx, c: privacy.forget(ctx, c.ref, c.text, c.key),
    "/network-admin": _admin,
    "/network-link": lambda ctx, c: links.link(
        ctx, c.ref, c.text, team=c.ref.workspace, event_id=c.key
    ),
}


async def answer(call: Invocation, reply: Reply, respond: AsyncRespond) -> None:
    """Files to the DM first; then the ephemeral answer, unless the DM already holds it all."""
    text = reply.text
    if reply.files:
        dm = await files.to_dm(call.client, call.ref.user_id, reply)
        if dm is None:
            text = f"{reply.text}\n{files.UPLOAD_FAILED}"
        elif dm == call.channel:
            return  # typed in the DM: the upload's comment is the answer
        else:
            text = files.sent_line(reply)
    if text:
        await respond(
            text=text,
            blocks=blocks.message(text, reply.buttons) if reply.buttons else None,
            response_type="ephemeral",
        )


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
        text, channel = command.get("text"), command.get("channel_id")
        call = Invocation(
            ref,
            text if isinstance(text, str) else "",
            members.event_key(body),
            str(body.get("trigger_id", "")),
            client,
            channel if isinstance(channel, str) else "",
        )
        async with backlog.turn():
            reply = await HANDLERS[name](ctx, call)
        if reply is not None:
            await answer(call, reply, respond)

    for name in HANDLERS:
        app.command(name)(on_command)
