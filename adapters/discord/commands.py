"""The slash commands: the same names as on Slack, answered through the same use cases.

Commands are allowed in the servers that added the bot and in the bot's DM; ``/network-admin``
is for servers only and for members with Manage Server. Descriptions are the docstrings.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

import discord
from discord import app_commands

from adapters.discord.admin_options import DIGEST_DAYS, admin_text, for_discord
from adapters.discord.answering import Interaction, answer
from adapters.discord.members import PLATFORM
from adapters.discord.settings_options import settings_change, topic_choices, zone_choices
from bot.ports import MemberRef, TeamRef
from bot.preferences import Invalid
from bot.services import links, membership, privacy, settings, streak, team_admin, tips, wins
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
    await answer(interaction, lambda ctx, ref, event: wins.win(ctx, ref, text, event))


@app_commands.command(name="network-export")
@everywhere
async def export(interaction: Interaction) -> None:
    """Download everything the bot keeps about you, as a JSON file."""
    await answer(interaction, privacy.export)


@app_commands.command(name="network-forget")
@app_commands.describe(confirm="True deletes at once; otherwise I ask first, with a button")
@everywhere
async def forget(interaction: Interaction, confirm: bool = False) -> None:
    """Delete everything the bot keeps about you."""
    said = "yes" if confirm is True else ""  # only a real True skips the question
    await answer(interaction, lambda ctx, ref, event: privacy.forget(ctx, ref, said, event))


@app_commands.command(name="network-link")
@app_commands.describe(code="The code from your other account, or here to get your nudges here")
@everywhere
async def link(interaction: Interaction, code: str = "") -> None:
    """Join your Slack and Discord accounts into one streak."""
    team = str(interaction.guild_id) if interaction.guild_id else None
    await answer(
        interaction, lambda ctx, ref, event: links.link(ctx, ref, code, team=team, event_id=event)
    )


@app_commands.command(name="network-admin")
@app_commands.describe(
    channel="Where shared wins and the weekly digest are posted",
    stop_sharing="Stop posting wins and the digest (wins stay private)",
    digest_day="The day of the weekly digest, or Off",
    digest_time="The time of the weekly digest, e.g. 16:30",
    zone="The team's time zone for the digest, an IANA name such as Europe/Berlin",
    leaderboard="Name the most active members (only those who share their wins) in the digest",
)
@app_commands.choices(digest_day=DIGEST_DAYS)
@app_commands.autocomplete(zone=zone_choices)
@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
@installed_in_servers
async def admin(
    interaction: Interaction,
    channel: discord.TextChannel | None = None,
    stop_sharing: bool | None = None,
    digest_day: str | None = None,
    digest_time: str | None = None,
    zone: str | None = None,
    leaderboard: bool | None = None,
) -> None:
    """Team settings: wins channel and weekly digest (Manage Server only)."""
    # Discord hides the command from others by default; a server may show it to more people,
    # so the core decides on the member's Manage Server permission and refuses the rest.
    team = TeamRef(PLATFORM, str(interaction.guild_id))
    is_admin = interaction.guild_id is not None and interaction.permissions.manage_guild
    here = str(interaction.channel_id)

    async def use_case(ctx: Context, ref: MemberRef, event: str) -> Reply | None:
        text = admin_text(
            channel=channel.id if channel else None,
            stop_sharing=stop_sharing,
            digest_day=digest_day,
            digest_time=digest_time,
            zone=zone,
            leaderboard=leaderboard,
        )
        if isinstance(text, Invalid):  # someone without the right hears that, not the typo
            return Reply(text.message if is_admin else team_admin.NOT_ADMIN)
        reply = await team_admin.admin(ctx, team, is_admin, text, here=here, event_id=event)
        return replace(reply, text=for_discord(reply.text)) if reply else None

    await answer(interaction, use_case)


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
    link,
    admin,
)
