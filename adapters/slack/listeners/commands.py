"""Slash commands: the same names as in DESIGN.md, answered ephemerally to whoever typed them.

Each command is acknowledged at once (Slack gives three seconds) and answered afterwards through
its ``response_url`` (Bolt's ``respond``), so slow work never makes Slack show a timeout. An
ephemeral answer cannot carry a file: files (the streak picture, the export) go to the member's
DM, and the answer where the command was typed just says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import blocks, files, members, mentions, mishaps
from adapters.slack.intake import Intake
from adapters.slack.listeners import forms
from bot import commands
from bot.commands import (
    AdminChange,
    ChangeSettings,
    Command,
    IntrosRhythm,
    Join,
    Mistyped,
    Origin,
)
from bot.services import inbound, texts
from bot.services.context import Context
from bot.views import Reply

log = logging.getLogger(__name__)

ROLE_UNKNOWN = (
    "I couldn't check your role in this workspace with Slack just now. Please try "
    "`/network-admin` again in a minute."
)


@dataclass(frozen=True)
class Invocation:
    """One slash command as Slack sent it, with the client to answer on."""

    origin: Origin
    trigger_id: str
    client: AsyncWebClient
    #: The channel the command was typed in ('' when Slack didn't say).
    channel: str = ""


async def run(ctx: Context, call: Invocation, command: Command | Mistyped) -> Reply | None:
    """What only Slack adds to a command: the profile's zone on joining, the admin check on
    ``/network-admin`` and its ``intros`` (users.info), and the settings form for a bare
    ``/network-settings``."""
    origin, client = call.origin, call.client
    if isinstance(command, Join):
        command = Join(await members.profile_zone(client, origin.member.user_id))
    if isinstance(command, AdminChange | IntrosRhythm) or (
        isinstance(command, Mistyped) and command.name == "network-admin"
    ):
        is_admin = await members.is_admin(client, origin.member.user_id)
        if is_admin is None:
            return Reply(ROLE_UNKNOWN)
        origin = replace(origin, is_admin=is_admin)
    if isinstance(command, ChangeSettings) and command.change.is_empty():
        opened = await forms.open_settings(ctx, client, call.trigger_id, origin.member)
        return None if opened else Reply(texts.NOT_JOINED)
    return await inbound.run(ctx, origin, command)


async def answer(call: Invocation, reply: Reply, respond: AsyncRespond) -> None:
    """Files to the DM first; then the ephemeral answer, unless the DM already holds it all."""
    text = reply.text
    if reply.files:
        dm = await files.to_dm(call.client, call.origin.member.user_id, reply)
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


def register(app: AsyncApp, ctx: Context, intake: Intake) -> None:
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
        spec, origin = commands.spec_of(name), members.origin(context, body)
        if spec is None or origin is None:
            log.warning("dropped %s %s", name[:40], "without a user" if spec else "(not ours)")
            return
        if await intake.stored(context, body):
            return
        text, channel = command.get("text"), command.get("channel_id")
        channel = channel if isinstance(channel, str) else ""
        # A DM (ids starting with D) has no channel for ``channel here`` to mean.
        origin = replace(
            origin, channel=channel if channel and not channel.startswith("D") else None
        )
        call = Invocation(origin, str(body.get("trigger_id", "")), client, channel)
        typed = text if isinstance(text, str) else ""
        if spec.name == "network-admin":  # Slack writes a picked channel as <#C123|wins>
            typed = mentions.bare_channels(typed)

        async def sorry(text: str) -> None:
            await respond(text=text, response_type="ephemeral")

        async with mishaps.said_sorry(f"command /{spec.name}", sorry):
            reply = await run(ctx, call, commands.parse(spec, typed, origin))
            if reply is not None:
                await answer(call, reply, respond)

    for name in commands.REGISTRY:
        app.command(f"/{name}")(on_command)
