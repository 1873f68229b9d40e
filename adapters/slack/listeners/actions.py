"""Button clicks: the nudge buttons (``nudge:v1:<verb>:<delivery id>``) and App Home's settings.

The click is acknowledged at once; then the nudge message is updated in place to show what was
logged, and the answer goes in its thread. A button on an ephemeral answer (``/network-forget``'s
confirmation) has no message Slack lets us edit or thread under: its answer replaces it, through
the click's ``response_url``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import answers, blocks, members, mishaps
from adapters.slack.intake import Intake
from adapters.slack.listeners import forms
from bot.actions import PREFIX
from bot.services import inbound
from bot.services.context import Context

log = logging.getLogger(__name__)


def register(app: AsyncApp, ctx: Context, intake: Intake) -> None:
    @app.action(re.compile(f"^{PREFIX}:"))
    async def on_nudge_button(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        await ack()
        origin = members.origin(context, body)
        channel, message = _where(body)
        ephemeral = _is_ephemeral(body) and bool(body.get("response_url"))
        if origin is None or ((channel is None or message is None) and not ephemeral):
            log.warning("dropped a button click without user or message")
            return
        if await intake.stored(context, body):
            return

        async def sorry(text: str) -> None:
            await respond(text=text, response_type="ephemeral", replace_original=False)

        async with mishaps.said_sorry("button", sorry):
            reply = await inbound.click(ctx, origin, str(action.get("action_id", "")))
            if reply is None:
                return
            if ephemeral or channel is None or message is None:
                await respond(
                    text=reply.text,
                    blocks=blocks.message(reply.text, reply.buttons),
                    replace_original=True,
                )
                return
            ts = str(message.get("ts"))
            clicked = f"{channel}:{ts}"
            if reply.card is not None and reply.card_ref in (None, clicked):
                await answers.on_message(client, channel, ts, reply)
                return
            if reply.card is not None and reply.card_ref is not None:
                # Yes under "Did you get to it today?": the nudge above is the one logged.
                nudge_channel, _, nudge_ts = reply.card_ref.partition(":")
                await answers.show_card(client, nudge_channel, nudge_ts, reply.card)
            thread = str(message.get("thread_ts") or ts)
            await answers.in_thread(client, channel, thread, reply)

    @app.action(blocks.OPEN_SETTINGS)
    async def on_settings_button(
        ack: AsyncAck,
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        ref, trigger_id = members.member(context), body.get("trigger_id")
        if ref is None or not trigger_id or await intake.stored(context, body):
            return

        async def sorry(text: str) -> None:
            await ctx.messenger.send_text(ref, text)  # App Home: no response_url

        async with mishaps.said_sorry("settings button", sorry):
            await forms.open_settings(ctx, client, str(trigger_id), ref)

    @app.action(re.compile(".*"))
    async def on_unknown_action(ack: AsyncAck, action: dict[str, Any]) -> None:
        await ack()
        log.warning("ignored an unknown action id %r", str(action.get("action_id"))[:100])


def _is_ephemeral(body: dict[str, Any]) -> bool:
    container = body.get("container")
    return isinstance(container, dict) and container.get("is_ephemeral") is True


def _where(body: dict[str, Any]) -> tuple[str | None, dict[str, Any] | None]:
    """The channel and message a button sits on."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    message = body.get("message")
    return (str(channel) if channel else None), (message if isinstance(message, dict) else None)
