"""The slash commands: the same names as on Slack, answered through the same use cases.

Commands are allowed in the servers that added the bot and in the bot's DM; ``/network-admin``
is for servers only and for members with Manage Server. Descriptions are the docstrings.
"""

from __future__ import annotations

from typing import Any, TypeVar

from discord import app_commands

from adapters.discord.answering import Interaction, UseCase, answer
from adapters.discord.settings_options import settings_change, topic_choices, zone_choices
from bot.ports import MemberRef
from bot.preferences import Invalid
from bot.services import membership, progress, settings, streak, tips
from bot.services.context import Context
from bot.views import Reply

installed_in_servers = app_commands.allowed_installs(guilds=True, users=False)
in_servers_and_dm = app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
T = TypeVar("T")


def everywhere(command: T) -> T:
    """Usable in the servers that added the bot and in the bot's DM (not in group DMs)."""
    return installed_in_servers(in_servers_and_dm(command))


@app_commands.command(name="network-join")
@everywhere
async def join(interaction: Interaction) -> None:
    """Start getting one small networking challenge a day by DM."""
    team = str(interaction.guild_id) if interaction.guild_id else None
    # Joining tries the DM itself (and parks again if DMs are still closed).
    await answer(
        interaction,
        lambda ctx, ref, _: membership.join(ctx, ref, team=team),
        reopen_dms=False,
    )


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
