"""The slash commands: the same names as on Slack, answered through the same use cases.

Each command defers at once (Discord drops an interaction not answered within 3 seconds) and
follows up with the use case's reply. Replies are private in a server (ephemeral) and plain in
the bot's DM. Commands are allowed in servers and in the bot's DM; ``/network-admin`` is for
servers only and for members with Manage Server.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

from adapters.discord import closed_dms
from adapters.discord.components import SORRY, message_parts
from adapters.discord.members import context_of, event_id, member_ref
from adapters.discord.settings_options import settings_change, topic_choices, zone_choices
from bot.ports import MemberRef, RecipientUnreachable, TemporaryDeliveryError
from bot.preferences import Invalid
from bot.services import membership, progress, settings, streak, tips
from bot.services.context import Context
from bot.views import Reply

log = logging.getLogger(__name__)

Interaction = discord.Interaction[discord.Client]
UseCase = Callable[[Context, MemberRef, str], Awaitable[Reply | None]]
LATER = ("network-export", "network-forget", "network-admin")
NOT_DELIVERED = (
    "You're in! Discord didn't take my direct message just now; your challenge will arrive "
    "by DM at your next nudge time."
)

installed_in_servers = app_commands.allowed_installs(guilds=True, users=False)
in_servers_and_dm = app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
T = TypeVar("T")


def everywhere(command: T) -> T:
    """Usable in the servers that added the bot and in the bot's DM (not in group DMs)."""
    return installed_in_servers(in_servers_and_dm(command))


async def answer(
    interaction: Interaction, use_case: UseCase, *, private: bool | None = None
) -> None:
    """Defer, run ``use_case`` for the person who typed the command, follow up with its reply."""
    private = interaction.guild_id is not None if private is None else private
    await interaction.response.defer(ephemeral=private, thinking=True)
    ctx, ref = context_of(interaction.client), member_ref(interaction.user.id)
    reply: Reply | None = None
    try:
        note = None
        if interaction.command is None or interaction.command.name != "network-join":
            note = await closed_dms.reopen(ctx, ref)
        reply = await _run(ctx, ref, use_case, event_id("interaction", interaction.id))
        text = "\n\n".join(filter(None, [note, reply.text if reply else None]))
    except Exception:
        log.exception("command from user %s failed", interaction.user.id)
        text = SORRY
    parts = message_parts(text or "Done.", reply.buttons if reply else ())
    await interaction.followup.send(**parts, ephemeral=private)


async def _run(ctx: Context, ref: MemberRef, use_case: UseCase, event: str) -> Reply | None:
    """Closed DMs show up when a use case DMs the member (joining): park them and say how."""
    try:
        return await use_case(ctx, ref, event)
    except RecipientUnreachable as unreachable:
        await membership.park(ctx, ref, unreachable.reason)
        log.info("parked %s: %s", ref.key, unreachable.reason)
        return Reply(closed_dms.HOW_TO_OPEN)
    except TemporaryDeliveryError as failed:
        log.warning("DM to %s failed for now: %s", ref.key, failed.reason)
        return Reply(NOT_DELIVERED)


@app_commands.command(name="network-join")
@everywhere
async def join(interaction: Interaction) -> None:
    """Start getting one small networking challenge a day by DM."""
    team = str(interaction.guild_id) if interaction.guild_id else None
    await answer(interaction, lambda ctx, ref, _: membership.join(ctx, ref, team=team))


@app_commands.command(name="network-tip")
@app_commands.describe(topic="What you'd like advice on, e.g. fear, mentor, listening")
@app_commands.autocomplete(topic=topic_choices)
@everywhere
async def tip(interaction: Interaction, topic: str = "") -> None:
    """A piece of networking advice, just for you."""
    await answer(interaction, lambda ctx, ref, _: tips.tip(ctx, ref, topic), private=True)


@app_commands.command(name="network-streak")
@everywhere
async def show_streak(interaction: Interaction) -> None:
    """Your current and longest streak, freezes, and this week at a glance."""
    await answer(interaction, streak.streak)


@app_commands.command(name="network-settings")
@app_commands.describe(
    zone="Your time zone, an IANA name such as Europe/Berlin",
    time="When your nudge arrives, e.g. 08:30",
    days="Which days, e.g. mon-fri, mon,wed,fri, every day",
    focus="What holds you back or what you're after: fear confidence mentor visibility …",
    share="Share your wins with the team",
)
@app_commands.autocomplete(zone=zone_choices)
@everywhere
async def change_settings(
    interaction: Interaction,
    zone: str | None = None,
    time: str | None = None,
    days: str | None = None,
    focus: str | None = None,
    share: bool | None = None,
) -> None:
    """See your settings, or change the ones you fill in."""
    change = settings_change(zone=zone, time=time, days=days, focus=focus, share=share)

    async def use_case(ctx: Context, ref: MemberRef, event: str) -> Reply | None:
        if isinstance(change, Invalid):
            return Reply(change.message)
        if change.is_empty():
            return await settings.settings(ctx, ref, "", event)
        return await settings.update(ctx, ref, change, event)

    await answer(interaction, use_case)


@app_commands.command(name="network-pause")
@app_commands.describe(duration="How long: 3 days, 2 weeks, until 2026-12-01, until friday")
@everywhere
async def pause(interaction: Interaction, duration: str) -> None:
    """Take a break from nudges; your streak is safe."""
    await answer(interaction, lambda ctx, ref, event: settings.pause(ctx, ref, duration, event))


@app_commands.command(name="network-resume")
@everywhere
async def resume(interaction: Interaction) -> None:
    """Come back from a pause."""
    await answer(interaction, settings.resume)


@app_commands.command(name="network-win")
@app_commands.describe(text="What happened")
@everywhere
async def win(interaction: Interaction, text: str) -> None:
    """Save a win."""
    await answer(interaction, lambda ctx, ref, event: progress.win(ctx, ref, text, event))


def _later(name: str) -> UseCase:
    async def use_case(ctx: Context, ref: MemberRef, event: str) -> Reply:
        return Reply(f"`/{name}` isn't available in this version yet.")

    return use_case


@app_commands.command(name="network-export")
@everywhere
async def export(interaction: Interaction) -> None:
    """Download everything the bot keeps about you."""
    await answer(interaction, _later("network-export"), private=True)


@app_commands.command(name="network-forget")
@everywhere
async def forget(interaction: Interaction) -> None:
    """Delete everything the bot keeps about you."""
    await answer(interaction, _later("network-forget"), private=True)


@app_commands.command(name="network-admin")
@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
@app_commands.checks.has_permissions(manage_guild=True)
@installed_in_servers
async def admin(interaction: Interaction) -> None:
    """Team settings: wins channel and weekly digest (Manage Server only)."""
    await answer(interaction, _later("network-admin"), private=True)


COMMANDS: tuple[app_commands.Command[Any, ..., None], ...] = (
    join,
    tip,
    show_streak,
    change_settings,
    pause,
    resume,
    win,
    export,
    forget,
    admin,
)


class NudgeTree(app_commands.CommandTree[discord.Client]):
    """Registers the commands; every failure still gets a private answer."""

    def __init__(self, client: discord.Client) -> None:
        super().__init__(client)
        for command in COMMANDS:
            self.add_command(command)

    async def on_error(self, interaction: Interaction, error: app_commands.AppCommandError) -> None:
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
