"""Answering a slash command: run the command, follow up on the deferral with its reply.

Discord drops an interaction that is not answered within 3 seconds, and a command may take
longer (joining DMs the member first), so the inbox intake (:mod:`adapters.discord.intake`)
stores every command and defers it, and the worker runs it here. Replies are private in a server
(ephemeral) and plain in the bot's DM, with their files (the streak picture, a data export)
attached; :mod:`adapters.discord.followups` says where they go once the token is gone. The
core's one way in does the rest: retries, members coming back, refused DMs.
"""

from __future__ import annotations

import logging

import discord

from adapters.discord import followups
from adapters.discord.components import message_parts
from adapters.discord.members import context_of, event_id, member_ref
from bot.commands import Command, InputStyle, Mistyped, Origin
from bot.services import inbound

log = logging.getLogger(__name__)

Interaction = discord.Interaction[discord.Client]

#: Commands answered privately in the bot's DM too (the rest answer plainly there).
PRIVATE_EVERYWHERE = frozenset({"network-tip"})


def is_private(interaction: Interaction) -> bool:
    """Private (ephemeral) in a server; in the bot's DM only for :data:`PRIVATE_EVERYWHERE`."""
    name = dict(interaction.data or {}).get("name")
    return interaction.guild_id is not None or name in PRIVATE_EVERYWHERE


def origin_of(interaction: Interaction) -> Origin:
    """Who typed it, where, and whether they may change the team (Manage Server)."""
    in_server = interaction.guild_id is not None
    return Origin(
        member_ref(interaction.user.id),
        event_id("interaction", interaction.id),
        team=str(interaction.guild_id) if in_server else None,
        channel=str(interaction.channel_id) if in_server and interaction.channel_id else None,
        is_admin=in_server and interaction.permissions.manage_guild,
        style=InputStyle.OPTIONS,
    )


async def answer(interaction: Interaction, command: Command | Mistyped) -> None:
    """Run ``command`` for the person who typed it and follow up with the reply (deferring first
    when the intake has not)."""
    private = is_private(interaction)
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=private, thinking=True)
    reply = await inbound.run(context_of(interaction.client), origin_of(interaction), command)
    text, buttons, files = (reply.text, reply.buttons, reply.files) if reply else ("", (), ())
    await followups.send(
        interaction, lambda: message_parts(text or "Done.", buttons, files), private=private
    )
