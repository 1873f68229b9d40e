"""The settings modal: opened from ``/network-settings`` or App Home, submitted back here.

``views.open`` must use the trigger id within three seconds of the click or command, so the modal
is opened right after the acknowledgement. A submission with a bad value is answered with
``response_action: errors`` (the form stays open, the message under the field); a good one is
acknowledged, saved, and confirmed by DM.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import members, mishaps, settings_form
from adapters.slack.intake import Intake
from bot.commands import ChangeSettings
from bot.ports import MemberRef
from bot.services import inbound, settings
from bot.services.context import Context

log = logging.getLogger(__name__)


async def open_settings(
    ctx: Context, client: AsyncWebClient, trigger_id: str, ref: MemberRef
) -> bool:
    """Open the prefilled form; False when the person never joined (nothing to set yet)."""
    current = await settings.current(ctx, ref)
    if current is None:
        return False
    profile = await members.profile_zone(client, ref.user_id)
    view = settings_form.modal(
        current,
        zone=profile.key if profile else current.zone,
        default_time=ctx.settings.default_time,
        default_days=ctx.settings.default_weekdays,
    )
    await client.views_open(trigger_id=trigger_id, view=view)
    return True


def register(app: AsyncApp, ctx: Context, intake: Intake) -> None:
    @app.view(settings_form.CALLBACK_ID)
    async def on_settings_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        state = view.get("state")
        values = state.get("values") if isinstance(state, dict) else None
        change = settings_form.read(values if isinstance(values, dict) else {})
        if isinstance(change, dict):
            await ack(response_action="errors", errors=change)
            return
        await ack()
        origin = members.origin(context, body)
        if origin is None:
            log.warning("dropped a settings submission without a user")
            return
        if await intake.stored(context, body):
            return

        async def sorry(text: str) -> None:
            await ctx.messenger.send_text(origin.member, text)

        async with mishaps.said_sorry("settings form", sorry):
            reply = await inbound.run(ctx, origin, ChangeSettings(change))
            if reply is not None and reply.text:
                await ctx.messenger.send_text(origin.member, reply.text)

    @app.view(re.compile(".*"))
    async def on_unknown_view(ack: AsyncAck, view: dict[str, Any]) -> None:
        await ack()
        log.warning("ignored a submission of an unknown form %r", view.get("callback_id"))
