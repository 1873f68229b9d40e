"""Slash commands are synced to Discord when they changed, and only then: the hash of what was
last synced is kept per application and scope, after Discord accepted it."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

import discord
import pytest
from discord import app_commands

from adapters.discord import tree as tree_module
from adapters.discord.app import running_bot
from adapters.discord.command_sync import payload_hash, state_key
from adapters.discord.tree import NudgeTree
from bot.config import Settings
from bot.storage import app_state
from bot.storage.database import Database
from tests.adapters.discord.fake_discord import APP_ID, GUILD_ID, FakeDiscord


@app_commands.command(name="network-extra", description="A command this test adds.")
async def extra(interaction: discord.Interaction) -> None:
    """Never called: it only changes the command set."""


async def start(settings: Settings, fake: FakeDiscord, clock) -> None:
    """Start the bot as ``nudgebot run discord`` does, wait for the gateway, stop it."""
    fake.ready.clear()
    async with running_bot(settings, clock):
        await asyncio.wait_for(fake.ready.wait(), 5)


async def test_the_first_start_syncs_and_a_restart_with_the_same_commands_does_not(
    discord_settings: Settings, fake: FakeDiscord, clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "adapters.discord.command_sync")
    await start(discord_settings, fake, clock)
    assert len(fake.command_syncs()) == 1
    await start(discord_settings, fake, clock)
    assert len(fake.command_syncs()) == 1
    assert "unchanged since the last sync globally: not syncing" in caplog.text


async def test_a_changed_command_set_syncs_again(
    discord_settings: Settings, fake: FakeDiscord, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await start(discord_settings, fake, clock)
    monkeypatch.setattr(tree_module, "COMMANDS", (*tree_module.COMMANDS, extra))
    await start(discord_settings, fake, clock)
    first, second = fake.command_syncs()
    assert {c["name"] for c in second.body} - {c["name"] for c in first.body} == {"network-extra"}
    await start(discord_settings, fake, clock)
    assert len(fake.command_syncs()) == 2


async def test_the_hash_is_stored_per_application_and_scope(
    discord_settings: Settings, fake: FakeDiscord, clock, db: Database
) -> None:
    dev = replace(discord_settings, discord_dev_guild=GUILD_ID)
    await start(dev, fake, clock)
    await start(dev, fake, clock)
    assert len(fake.command_syncs(GUILD_ID)) == 1
    # The dev guild's sync says nothing about the global commands: they are synced on their own.
    await start(discord_settings, fake, clock)
    assert len(fake.command_syncs()) == 1
    async with db.transaction() as session:
        stored = {
            scope: await app_state.read(session, state_key(APP_ID, scope))
            for scope in (None, discord.Object(GUILD_ID))
        }
    tree = NudgeTree(discord.Client(intents=discord.Intents.none()))
    assert stored[None] == payload_hash(tree, None)
    assert stored[None] is not None and len(stored[None]) == 64  # SHA-256, hex


async def test_a_refused_sync_stores_nothing_and_the_next_start_syncs(
    discord_settings: Settings, fake: FakeDiscord, clock, db: Database
) -> None:
    fake.refuse_command_syncs = 1
    with pytest.raises(app_commands.CommandSyncFailure):
        await start(discord_settings, fake, clock)
    async with db.transaction() as session:
        assert await app_state.read(session, state_key(APP_ID, None)) is None
    await start(discord_settings, fake, clock)
    refused, accepted = fake.command_syncs()
    assert (refused.status, accepted.status) == (400, 200)


def test_the_hash_is_stable_and_follows_the_payload() -> None:
    def fresh_tree() -> NudgeTree:
        return NudgeTree(discord.Client(intents=discord.Intents.none()))

    one, other = fresh_tree(), fresh_tree()
    assert payload_hash(one, None) == payload_hash(other, None)
    other.add_command(extra)
    assert payload_hash(one, None) != payload_hash(other, None)


def test_keys_name_the_application_and_the_scope() -> None:
    assert state_key(42, None) == "discord:commands:42:global"
    assert state_key(42, discord.Object(7)) == "discord:commands:42:guild:7"
