"""The slash commands: the same names as on Slack, answered through the same use cases.

Commands are allowed in the servers that added the bot and in the bot's DM; ``/network-admin``
is for servers only and for members with Manage Server. Each one only builds the core's command
from its typed options; names and descriptions come from the core's registry.
"""

from __future__ import annotations

from typing import Any, TypeVar

import discord
from discord import app_commands

from adapters.discord.admin_options import (
    DIGEST_DAYS,
    INTRO_CHOICES,
    INTRO_DAYS,
    INTRO_RHYTHMS,
    INTROS_FORTNIGHTLY,
    OFF,
)
from adapters.discord.answering import Interaction, answer
from adapters.discord.settings_options import topic_choices, zone_choices
from bot import commands as c
from bot.intros.rhythm import OptIn, OptInChange, Rhythm
from bot.people import parse_people
from bot.preferences import settings_change
from bot.team_settings import team_change
from bot.vocabulary import day_number

installed_in_servers = app_commands.allowed_installs(guilds=True, users=False)
in_servers_and_dm = app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
T = TypeVar("T")


def summary(name: str) -> str:
    """A command's description: the registry's one line for it."""
    return c.REGISTRY[name].summary


def everywhere(command: T) -> T:
    """Usable in the servers that added the bot and in the bot's DM (not in group DMs)."""
    return installed_in_servers(in_servers_and_dm(command))


@app_commands.command(name="network-join", description=summary("network-join"))
@everywhere
async def join(interaction: Interaction) -> None:
    await answer(interaction, c.Join())


@app_commands.command(name="network-tip", description=summary("network-tip"))
@app_commands.describe(topic="What you'd like advice on, e.g. fear, mentor, listening")
@app_commands.autocomplete(topic=topic_choices)
@everywhere
async def tip(interaction: Interaction, topic: str = "") -> None:
    await answer(interaction, c.Tip(topic))


@app_commands.command(name="network-streak", description=summary("network-streak"))
@everywhere
async def show_streak(interaction: Interaction) -> None:
    await answer(interaction, c.Streak())


@app_commands.command(name="network-settings", description=summary("network-settings"))
@app_commands.describe(
    zone="Your time zone, an IANA name such as Europe/Berlin",
    time="When your nudge arrives, e.g. 08:30",
    days="Which days, e.g. mon-fri, mon,wed,fri, every day",
    focus="What holds you back or what you're after: fear confidence mentor visibility …",
    share="Share your wins with the team",
    holidays="Whose public holidays are days off: GB, US-CA, off, or team for the team's default",
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
    holidays: str | None = None,
) -> None:
    change = settings_change(
        zone=zone, time=time, days=days, focus=focus, share=share, holidays=holidays
    )
    await answer(interaction, c.change_settings(change))


@app_commands.command(name="network-pause", description=summary("network-pause"))
@app_commands.describe(duration="How long: 3 days, 2 weeks, until YYYY-MM-DD, until friday")
@everywhere
async def pause(interaction: Interaction, duration: str) -> None:
    await answer(interaction, c.Pause(duration))


@app_commands.command(name="network-resume", description=summary("network-resume"))
@everywhere
async def resume(interaction: Interaction) -> None:
    await answer(interaction, c.Resume())


@app_commands.command(name="network-win", description=summary("network-win"))
@app_commands.describe(text="What happened")
@everywhere
async def win(interaction: Interaction, text: str) -> None:
    await answer(interaction, c.Win(text))


@app_commands.command(name="network-export", description=summary("network-export"))
@everywhere
async def export(interaction: Interaction) -> None:
    await answer(interaction, c.Export())


@app_commands.command(name="network-forget", description=summary("network-forget"))
@app_commands.describe(confirm="True deletes at once; otherwise I ask first, with a button")
@everywhere
async def forget(interaction: Interaction, confirm: bool = False) -> None:
    await answer(interaction, c.Forget(confirm is True))  # only a real True skips the question


@app_commands.command(name="network-link", description=summary("network-link"))
@app_commands.describe(code="The code from your other account, or here to get your nudges here")
@everywhere
async def link(interaction: Interaction, code: str = "") -> None:
    await answer(interaction, c.Link(code.strip()))


@app_commands.command(name="network-people", description=summary("network-people"))
@app_commands.describe(
    what="Empty for your list; or: add Sam every 3 weeks, remove Sam, talked to Sam, Sam monthly"
)
@everywhere
async def people(interaction: Interaction, what: str = "") -> None:
    # The same words as typed on Slack and in the demo: one reader in the core.
    await answer(interaction, c.people_command(parse_people(c.clean(what))))


@app_commands.command(name="network-intros", description=summary("network-intros"))
@app_commands.describe(
    choice="On to be paired with a teammate for a short chat, Off, or Pause",
    pause_for="How long a pause lasts: 2 weeks, 10 days, until monday",
)
@app_commands.choices(choice=INTRO_CHOICES)
@everywhere
async def intros(interaction: Interaction, choice: str | None = None, pause_for: str = "") -> None:
    if choice is None:
        await answer(interaction, c.Intros())
        return
    state = OptIn(choice)
    words = c.clean(pause_for).strip() or "2 weeks"
    await answer(interaction, c.Intros(OptInChange(state, words if state is OptIn.PAUSED else "")))


def intros_rhythm(every: str, day: str | None) -> c.IntrosRhythm:
    """``/network-admin intros`` from its typed options (the same command Slack's words make)."""
    if every == OFF:
        return c.IntrosRhythm(None)
    weekday = (day_number(day) if day else None) or 1
    return c.IntrosRhythm(Rhythm(weekday, 2 if every == INTROS_FORTNIGHTLY else 1))


@app_commands.command(name="network-admin", description=summary("network-admin"))
@app_commands.describe(
    channel="Where shared wins and the weekly digest are posted",
    stop_sharing="Stop posting wins and the digest (wins stay private)",
    digest_day="The day of the weekly digest, or Off",
    digest_time="The time of the weekly digest, e.g. 16:30",
    zone="The team's time zone for the digest, an IANA name such as Europe/Berlin",
    leaderboard="Name the most active members (only those who share their wins) in the digest",
    holidays="Members' public holidays off by default: GB, US-CA, off, or auto (their zone's)",
    dashboard="Send me a one-time link to the team's dashboard, by DM (valid ten minutes)",
    intros="Pair members who opted in for short chats: weekly, every 2 weeks, or off",
    intros_day="The day of the intro rounds (Monday unless chosen)",
)
@app_commands.choices(digest_day=DIGEST_DAYS, intros=INTRO_RHYTHMS, intros_day=INTRO_DAYS)
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
    holidays: str | None = None,
    dashboard: bool | None = None,
    intros: str | None = None,
    intros_day: str | None = None,
) -> None:
    if dashboard:  # the same as typing `/network-admin dashboard` on Slack or in the demo
        await answer(interaction, c.DashboardLink())
        return
    if intros is not None or intros_day is not None:
        await answer(interaction, intros_rhythm(intros or "weekly", intros_day))
        return
    # Discord hides the command from others by default; a server may show it to more people,
    # so the core decides on the member's Manage Server permission and refuses the rest.
    change = team_change(
        channel=channel.id if channel else None,
        stop_sharing=stop_sharing,
        digest_day=digest_day,
        digest_time=digest_time,
        zone=zone,
        leaderboard=leaderboard,
        holidays=holidays,
    )
    await answer(interaction, c.admin_change(change))


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
    people,
    intros,
    admin,
)
