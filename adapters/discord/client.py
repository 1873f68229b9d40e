"""The discord.py client: intents, command sync, persistent buttons and the event hooks.

Intents are only what the bot uses: ``guilds`` (the servers it is in, for commands there),
``dm_messages`` (typed replies) and ``dm_reactions`` (✅ / 👍 on a nudge). None is privileged.
Interactions go to the inbox intake straight from the gateway parser
(:func:`adapters.discord.intake.intercepting`), so no view or dispatch of discord.py's answers
them; DMs and reactions reach the intake through the hooks below.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from adapters.discord import direct_messages
from adapters.discord.command_sync import sync_if_changed
from adapters.discord.intake import intercepting
from adapters.discord.members import context_of
from adapters.discord.supervision import guard_parsers
from adapters.discord.tree import NudgeTree
from bot.config import Settings

log = logging.getLogger(__name__)

#: Longest rate-limit wait (seconds) sat out in place; a longer one fails the send, to retry later.
MAX_RATELIMIT_WAIT = 30.0


def intents() -> discord.Intents:
    wanted = discord.Intents.none()
    wanted.guilds = wanted.dm_messages = wanted.dm_reactions = True
    return wanted


class NudgeClient(discord.Client):
    def __init__(self, dev_guild: int | None = None, **options: Any) -> None:
        super().__init__(intents=intents(), max_ratelimit_timeout=MAX_RATELIMIT_WAIT, **options)
        self.tree = NudgeTree(self)
        self.dev_guild = dev_guild
        parsers = self._connection.parsers
        parsers["INTERACTION_CREATE"] = intercepting(self, self.tree, parsers["INTERACTION_CREATE"])
        guard_parsers(self._connection.parsers, not isinstance(self, discord.AutoShardedClient))

    async def setup_hook(self) -> None:
        """Runs once after login, before the gateway connects."""
        guild = None
        if self.dev_guild:
            # Global commands can take a while to show up; a guild's appear at once.
            guild = discord.Object(self.dev_guild)
            self.tree.copy_global_to(guild=guild)
        await sync_if_changed(self.tree, context_of(self), guild)

    async def on_ready(self) -> None:
        log.info("connected to Discord as %s, in %d servers", self.user, len(self.guilds))

    async def on_message(self, message: discord.Message) -> None:
        await direct_messages.on_message(self, message)

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        await direct_messages.on_reaction(self, payload)


class ShardedNudgeClient(NudgeClient, discord.AutoShardedClient):
    """Several gateway shards in one process (``DISCORD_SHARDS``), for large bots."""


def rest_client() -> discord.Client:
    """A client that only logs in: enough for the Messenger, which needs REST alone."""
    return discord.Client(intents=intents(), max_ratelimit_timeout=MAX_RATELIMIT_WAIT)


def build_client(settings: Settings) -> NudgeClient:
    if settings.discord_shards:
        return ShardedNudgeClient(settings.discord_dev_guild, shard_count=settings.discord_shards)
    return NudgeClient(settings.discord_dev_guild)
