"""Answering a slash command: defer at once, run the use case, follow up with its reply.

Discord drops an interaction that is not answered within 3 seconds, and a use case may take
longer (it can DM the member first), so every command defers and follows up. Replies are private
in a server (ephemeral) and plain in the bot's DM, with their files (the streak picture, a data
export) attached; a failure still gets an answer.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import discord

from adapters.discord import closed_dms
from adapters.discord.components import SORRY, message_parts
from adapters.discord.members import context_of, event_id, member_ref
from adapters.discord.messenger import DMS_CLOSED
from bot.ports import MemberRef, RecipientUnreachable, TemporaryDeliveryError
from bot.services import membership
from bot.services.context import Context
from bot.views import Reply

log = logging.getLogger(__name__)

Interaction = discord.Interaction[discord.Client]
UseCase = Callable[[Context, MemberRef, str], Awaitable[Reply | None]]
NOT_DELIVERED = (
    "You're in! Discord didn't take my direct message just now; your challenge will arrive "
    "by DM at your next nudge time."
)
UNREACHABLE = (
    "Discord won't let me send you direct messages, so I've put your nudges on hold. "
    "Type `/network-join` to try again."
)


async def answer(
    interaction: Interaction,
    use_case: UseCase,
    *,
    private: bool | None = None,
    reopen_dms: bool = True,
) -> None:
    """Defer, run ``use_case`` for the person who typed the command, follow up with its reply.

    ``reopen_dms``: first put back a member parked for closed DMs, and tell them how to open them.
    """
    private = interaction.guild_id is not None if private is None else private
    await interaction.response.defer(ephemeral=private, thinking=True)
    ctx, ref = context_of(interaction.client), member_ref(interaction.user.id)
    reply: Reply | None = None
    try:
        note = await closed_dms.reopen(ctx, ref) if reopen_dms else None
        reply = await _run(ctx, ref, use_case, event_id("interaction", interaction.id))
        text = "\n\n".join(filter(None, [note, reply.text if reply else None]))
    except Exception:
        log.exception("command from user %s failed", interaction.user.id)
        text = SORRY
    buttons, files = (reply.buttons, reply.files) if reply else ((), ())
    parts = message_parts(text or "Done.", buttons, files)
    await interaction.followup.send(**parts, ephemeral=private)


async def _run(ctx: Context, ref: MemberRef, use_case: UseCase, event: str) -> Reply | None:
    """Closed DMs show up when a use case DMs the member (joining): park them and say how."""
    try:
        reply = await use_case(ctx, ref, event)
        if reply is not None and reply.problem == DMS_CLOSED:  # the core parked them already
            return Reply(closed_dms.HOW_TO_OPEN)
        return reply
    except RecipientUnreachable as unreachable:
        await membership.park(ctx, ref, unreachable.reason)
        log.info("parked %s: %s", ref.key, unreachable.reason)
        return Reply(closed_dms.HOW_TO_OPEN if unreachable.reason == DMS_CLOSED else UNREACHABLE)
    except TemporaryDeliveryError as failed:
        log.warning("DM to %s failed for now: %s", ref.key, failed.reason)
        return Reply(NOT_DELIVERED)
