"""The command tree: registers the slash commands and answers whatever they could not."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from adapters.discord.answering import Interaction
from adapters.discord.commands import COMMANDS
from adapters.discord.followups import REPLAYING
from bot.services.texts import SORRY

log = logging.getLogger(__name__)


class NudgeTree(app_commands.CommandTree[discord.Client]):
    """Registers the commands; every failure still gets a private answer."""

    def __init__(self, client: discord.Client) -> None:
        super().__init__(client)
        for command in COMMANDS:
            self.add_command(command)

    async def on_error(self, interaction: Interaction, error: app_commands.AppCommandError) -> None:
        """Unknown commands, missing permissions, bad options: a private answer, never silence.

        A command that raised while the inbox worker runs it (a database outage: the core lets
        it through) raises on, so the worker tries the entry again instead of saying sorry.
        """
        if isinstance(error, app_commands.CommandInvokeError) and REPLAYING.get() is not None:
            raise error
        if isinstance(error, app_commands.MissingPermissions):
            text = "Only members with the Manage Server permission can use that."
        elif isinstance(error, app_commands.CommandNotFound):
            text = f"I don't know `/{error.name}`. My commands all start with `/network-`."
        elif isinstance(error, app_commands.TransformerError | app_commands.CheckFailure):
            text = "I couldn't use that input. Check the command's options and try again."
        else:
            log.error("command failed", exc_info=error)
            text = SORRY
        if interaction.type is discord.InteractionType.autocomplete:
            return
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
