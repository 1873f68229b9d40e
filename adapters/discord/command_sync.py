"""Syncing the slash commands to Discord only when they changed.

A sync replaces every command of its scope; Discord rate-limits it tightly and global changes
take a while to spread, so a restart with the same commands tells Discord nothing. What a sync
would send is hashed (JSON, sorted keys) and the hash stored per application and scope (global,
or a guild) once Discord has accepted it; a start whose hash matches skips the sync. Deleting the
``app_state`` row forces the next start to sync.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands

from bot.services.context import Context
from bot.storage import app_state

log = logging.getLogger(__name__)


def payload_hash(tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None) -> str:
    """The SHA-256 of the commands ``tree.sync(guild=guild)`` would send."""
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def state_key(application_id: int, guild: discord.abc.Snowflake | None) -> str:
    scope = "global" if guild is None else f"guild:{guild.id}"
    return f"discord:commands:{application_id}:{scope}"


async def sync_if_changed(
    tree: app_commands.CommandTree[Any], ctx: Context, guild: discord.abc.Snowflake | None = None
) -> bool:
    """Sync the commands of one scope unless the same set was synced last; True if it synced."""
    application_id = tree.client.application_id
    if application_id is None:
        raise app_commands.MissingApplicationID
    key, digest = state_key(application_id, guild), payload_hash(tree, guild)
    where = "globally" if guild is None else f"to guild {guild.id}"
    async with ctx.db.transaction() as session:
        unchanged = await app_state.read(session, key) == digest
    if unchanged:
        log.info("slash commands unchanged since the last sync %s: not syncing", where)
        return False
    synced = await tree.sync(guild=guild)
    # Only after Discord accepted them: a failed sync is tried again on the next start.
    async with ctx.db.transaction() as session:
        await app_state.write(session, key, digest, ctx.clock())
    log.info("synced %d slash commands %s", len(synced), where)
    return True
