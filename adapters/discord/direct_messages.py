"""What members do in the bot's DM: typed replies and ✅ / 👍 reactions on a nudge.

Both arrive through the gateway (intents ``dm_messages`` and ``dm_reactions``). Discord delivers the
content of DMs to bots without the privileged message content intent, so the bot doesn't ask
for it. Server messages and reactions are not ours and are ignored.
"""

from __future__ import annotations

import logging

import discord

from adapters.discord.components import message_parts
from adapters.discord.members import context_of, event_id, member_ref
from bot.commands import InputStyle, Origin
from bot.services import inbound

log = logging.getLogger(__name__)

DONE_EMOJI = frozenset({"✅", "👍"})
#: Skin tones (U+1F3FB–U+1F3FF) on 👍 mean the same thing.
SKIN_TONES = "".join(chr(c) for c in range(0x1F3FB, 0x1F400))


async def on_message(client: discord.Client, message: discord.Message) -> None:
    if message.guild is not None or message.author.bot or not message.content.strip():
        return
    ctx, ref = context_of(client), member_ref(message.author.id)
    origin = Origin(ref, event_id("message", message.id), style=InputStyle.OPTIONS)
    try:
        reply = await inbound.reply(ctx, origin, message.content)
        if reply is None:
            return
        if reply.card is not None and reply.card_ref is not None:
            await ctx.messenger.update_card(ref, reply.card_ref, reply.card)
        if reply.text:
            await message.channel.send(**message_parts(reply.text, reply.buttons))
    except Exception:
        log.exception("DM %s from user %s failed", message.id, message.author.id)


async def on_reaction(client: discord.Client, payload: discord.RawReactionActionEvent) -> None:
    """A ✅ or 👍 on a message in the DM: done, if that message is one of the member's nudges."""
    me = client.user.id if client.user else None
    if payload.guild_id is not None or payload.user_id == me:
        return
    if str(payload.emoji).rstrip(SKIN_TONES) not in DONE_EMOJI:
        return
    ctx, ref = context_of(client), member_ref(payload.user_id)
    message_ref = f"{payload.channel_id}:{payload.message_id}"
    event = event_id("reaction", payload.message_id, payload.user_id, payload.emoji)
    try:
        reply = await inbound.react(ctx, Origin(ref, event, style=InputStyle.OPTIONS), message_ref)
        if reply is None:
            return
        if reply.card is not None:
            await ctx.messenger.update_card(ref, message_ref, reply.card)
        if reply.text:
            channel = client.get_partial_messageable(
                payload.channel_id, type=discord.ChannelType.private
            )
            await channel.send(**message_parts(reply.text, reply.buttons))
    except Exception:
        log.exception("reaction on %s from user %s failed", message_ref, payload.user_id)
