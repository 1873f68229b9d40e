"""Events API listeners: DM replies, ✅/👍 reactions, App Home, profile zones, uninstalls.

Bolt acknowledges an event once its listener returns: a live one returns as soon as it is stored
in the inbox, and does its work when the inbox worker replays it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import answers, blocks, members, mishaps
from adapters.slack.intake import Intake
from bot.preferences import SettingsChange
from bot.services import inbound, membership, settings, streak
from bot.services.context import Context

log = logging.getLogger(__name__)

#: Message subtypes that are still a person writing: none, with a file attached
#: (``file_share``), a thread reply also sent to the conversation (``thread_broadcast``).
TYPED_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
#: Reaction names that log the nudge they are on as done (✅ and 👍, with Slack's aliases).
DONE_REACTIONS = frozenset({"white_check_mark", "heavy_check_mark", "+1", "thumbsup"})


def register(
    app: AsyncApp, ctx: Context, intake: Intake, installs: AsyncInstallationStore | None
) -> None:
    @app.event("message")
    async def on_message(
        event: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        # Only what a person wrote in our DM: not edits, deletions, bot posts or channel chatter.
        if (
            event.get("channel_type") != "im"
            or event.get("subtype") not in TYPED_SUBTYPES
            or event.get("bot_id")
        ):
            return
        origin = members.origin(context, body)
        channel, ts = event.get("channel"), event.get("ts")
        if origin is None or not channel or not ts:
            log.warning("dropped a DM event without user, channel or ts")
            return
        if await intake.stored(context, body):
            return
        text = event.get("text") if isinstance(event.get("text"), str) else ""
        thread = event.get("thread_ts") or ts

        async def sorry(words: str) -> None:
            await client.chat_postMessage(channel=channel, thread_ts=thread, text=words)

        async with mishaps.said_sorry("DM reply", sorry):
            reply = await inbound.reply(ctx, origin, text or "")
            if reply is None:
                return
            if reply.card is not None and reply.card_ref:
                # Typed in the DM, but logged against a nudge: show that on the nudge itself.
                nudge_channel, _, nudge_ts = reply.card_ref.partition(":")
                await answers.show_card(client, nudge_channel, nudge_ts, reply.card)
            await answers.in_thread(client, channel, thread, reply)

    @app.event("reaction_added")
    async def on_reaction(
        event: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        item = event.get("item") or {}
        if event.get("reaction") not in DONE_REACTIONS or item.get("type") != "message":
            return
        origin, channel, ts = members.origin(context, body), item.get("channel"), item.get("ts")
        if origin is None or not channel or not ts or await intake.stored(context, body):
            return

        async def sorry(words: str) -> None:
            await client.chat_postMessage(channel=channel, thread_ts=ts, text=words)

        # Only in the bot's DM (a D… channel), where the member's nudges are.
        in_dm = isinstance(channel, str) and channel.startswith("D")
        async with mishaps.said_sorry("reaction", sorry if in_dm else None):
            reply = await inbound.react(ctx, origin, f"{channel}:{ts}")
            if reply is not None:
                await answers.on_message(client, channel, ts, reply)

    @app.event("app_home_opened")
    async def on_home(
        event: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        ref = members.member(context)
        if event.get("tab", "home") != "home" or ref is None:
            return
        if await intake.stored(context, body):
            return
        async with mishaps.said_sorry("App Home", None):
            await publish_home(ctx, client, ref.user_id, context)

    @app.event("user_change")
    async def on_user_change(
        event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        """A member's Slack profile zone changed (they travelled): their nudges follow it."""
        ref = members.member(context)
        user = event.get("user")
        zone = members.zone_of(user if isinstance(user, dict) else {})
        if ref is None or zone is None or await intake.stored(context, body):
            return
        async with mishaps.said_sorry("profile zone change", None):
            current = await settings.current(ctx, ref)
            if current is None or current.zone == zone.key:
                return
            await settings.settings(
                ctx, ref, SettingsChange(zone=zone), event_id=members.event_key(body)
            )
            log.info("moved %s to their profile zone %s", ref.key, zone.key)

    revocations = AsyncTokenRevocationListeners(installs) if installs is not None else None

    @app.event("app_uninstalled")
    async def on_uninstalled(body: dict[str, Any], context: AsyncBoltContext) -> None:
        if await intake.stored(context, body):
            return
        await _park_workspace(ctx, context, "the app was uninstalled")
        if revocations is not None:
            await revocations.handle_app_uninstalled_events(context)

    @app.event("tokens_revoked")
    async def on_tokens_revoked(
        event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        if await intake.stored(context, body):
            return
        if (event.get("tokens") or {}).get("bot"):
            await _park_workspace(ctx, context, "the bot token was revoked")
        if revocations is not None:
            await revocations.handle_tokens_revoked_events(event, context)

    @app.event(re.compile(".*"))
    async def on_other_event(event: dict[str, Any]) -> None:
        log.debug("ignored a %s event", event.get("type"))


async def publish_home(
    ctx: Context, client: AsyncWebClient, user_id: str, context: AsyncBoltContext
) -> None:
    ref = members.member(context)
    view = await streak.home(ctx, ref) if ref is not None else None
    await client.views_publish(user_id=user_id, view=blocks.home(view))


async def _park_workspace(ctx: Context, context: AsyncBoltContext, reason: str) -> None:
    workspace = context.team_id or context.enterprise_id
    if workspace:
        parked = await membership.park_workspace(ctx, members.PLATFORM, workspace, reason)
        log.info("workspace %s: %s; parked %d members", workspace, reason, parked)
