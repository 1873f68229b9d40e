"""Answering a slash command: defer at once, run the command, follow up with its reply.

Discord drops an interaction that is not answered within 3 seconds, and a command may take
longer (joining DMs the member first), so every command defers and follows up. Replies are private
in a server (ephemeral) and plain in the bot's DM, with their files (the streak picture, a data
export) attached. The core's one way in does the rest: retries, members coming back, refused DMs.
"""

from __future__ import annotations

import logging

import discord

from adapters.discord.components import message_parts
from adapters.discord.members import context_of, event_id, member_ref
from bot.commands import Command, InputStyle, Mistyped, Origin
from bot.services import inbound

log = logging.getLogger(__name__)

Interaction = discord.Interaction[discord.Client]


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


async def answer(
    interaction: Interaction, command: Command | Mistyped, *, private: bool | None = None
) -> None:
    """Defer, run ``command`` for the person who typed it, follow up with the reply: private
    in a server (or when ``private``), plain in the bot's DM."""
    private = interaction.guild_id is not None if private is None else private
    await interaction.response.defer(ephemeral=private, thinking=True)
    reply = await inbound.run(context_of(interaction.client), origin_of(interaction), command)
    text, buttons, files = (reply.text, reply.buttons, reply.files) if reply else ("", (), ())
    await interaction.followup.send(
        **message_parts(text or "Done.", buttons, files), ephemeral=private
    )
