"""What members do in the bot's DM: typed replies and ✅ / 👍 reactions on a nudge.

Both arrive through the gateway (intents ``dm_messages`` and ``dm_reactions``). Discord delivers the
content of DMs to bots without the privileged message content intent, so the bot doesn't ask
for it. Server messages and reactions are not ours and are ignored. What is ours is stored in the
inbox first (:mod:`adapters.discord.intake`) and handled when the worker takes it; a database
outage then goes back to the worker, which tries again later.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from adapters.discord.components import message_parts
from adapters.discord.intake import intake_of
from adapters.discord.members import context_of, event_id, member_ref
from bot.commands import InputStyle, Origin
from bot.services import inbound

log = logging.getLogger(__name__)

DONE_EMOJI = frozenset({"✅", "👍"})
#: Skin tones (U+1F3FB–U+1F3FF) on 👍 mean the same thing.
SKIN_TONES = "".join(chr(c) for c in range(0x1F3FB, 0x1F400))


async def on_message(client: discord.Client, message: discord.Message) -> None:
    """A DM the bot is for is stored in the inbox; :func:`handle_message` answers it."""
    if message.guild is not None or message.author.bot or not message.content.strip():
        return
    ref = {"user": message.author.id, "channel": message.channel.id, "message": message.id}
    await intake_of(client).message(message, {**ref, "text": message.content})


async def on_reaction(client: discord.Client, payload: discord.RawReactionActionEvent) -> None:
    """A ✅ or 👍 in the DM is stored in the inbox; :func:`handle_reaction` logs it."""
    me = client.user.id if client.user else None
    if payload.guild_id is not None or payload.user_id == me:
        return
    if str(payload.emoji).rstrip(SKIN_TONES) not in DONE_EMOJI:
        return
    stored = {
        "user": payload.user_id,
        "channel": payload.channel_id,
        "message": payload.message_id,
        "emoji": str(payload.emoji),
    }
    await intake_of(client).reaction(stored)


async def handle_message(client: discord.Client, stored: dict[str, Any]) -> None:
    """A stored DM: read it, log what it says, answer in the DM."""
    ctx, ref = context_of(client), member_ref(stored["user"])
    origin = Origin(ref, event_id("message", stored["message"]), style=InputStyle.OPTIONS)
    reply = await inbound.reply(ctx, origin, stored["text"])
    if reply is None:
        return
    if reply.card is not None and reply.card_ref is not None:
        await ctx.messenger.update_card(ref, reply.card_ref, reply.card)
    if reply.text:
        await _dm(client, stored["channel"]).send(**message_parts(reply.text, reply.buttons))


async def handle_reaction(client: discord.Client, stored: dict[str, Any]) -> None:
    """A stored ✅ or 👍: done, if that message is one of the member's nudges."""
    ctx, ref = context_of(client), member_ref(stored["user"])
    message_ref = f"{stored['channel']}:{stored['message']}"
    event = event_id("reaction", stored["message"], stored["user"], stored["emoji"])
    reply = await inbound.react(ctx, Origin(ref, event, style=InputStyle.OPTIONS), message_ref)
    if reply is None:
        return
    if reply.card is not None:
        await ctx.messenger.update_card(ref, message_ref, reply.card)
    if reply.text:
        await _dm(client, stored["channel"]).send(**message_parts(reply.text, reply.buttons))


def _dm(client: discord.Client, channel_id: int) -> discord.PartialMessageable:
    return client.get_partial_messageable(channel_id, type=discord.ChannelType.private)
