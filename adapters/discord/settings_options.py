"""Autocomplete for slash-command options: time zones and tip topics.

Discord shows at most 25 autocomplete choices; names are matched by prefix first, then anywhere.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from functools import cache

import discord
from discord import app_commands

from adapters.discord.members import context_of

MAX_CHOICES = 25


@cache
def _zones() -> tuple[str, ...]:
    """IANA region names (Europe/Berlin), without the legacy aliases people never look for."""
    legacy = ("Etc/", "SystemV/", "US/", "posix/", "right/")
    names = zoneinfo.available_timezones()
    return (*sorted(n for n in names if "/" in n and not n.startswith(legacy)), "UTC")


def best_matches(current: str, names: Iterable[str]) -> list[str]:
    needle = current.strip().lower().replace(" ", "_")
    names = list(names)
    starts = [n for n in names if n.lower().startswith(needle)]
    inside = [n for n in names if needle in n.lower() and n not in starts]
    # The second pass lets "berlin" find Europe/Berlin.
    return (starts + inside)[:MAX_CHOICES]


async def zone_choices(
    interaction: discord.Interaction[discord.Client], current: str
) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=n, value=n) for n in best_matches(current, _zones())]


async def topic_choices(
    interaction: discord.Interaction[discord.Client], current: str
) -> list[app_commands.Choice[str]]:
    topics = context_of(interaction.client).catalog.tip_topics()
    return [app_commands.Choice(name=t, value=t) for t in best_matches(current, topics)]
