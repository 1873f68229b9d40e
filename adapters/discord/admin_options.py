"""``/network-admin``'s digest day, offered as a list so only the time and zone can be mistyped."""

from __future__ import annotations

from discord import app_commands

from bot.vocabulary import DAY_FULL_NAMES, DAY_NAMES

OFF = "off"
DIGEST_DAYS = [
    *(app_commands.Choice(name=n, value=v) for n, v in zip(DAY_FULL_NAMES, DAY_NAMES, strict=True)),
    app_commands.Choice(name="Off (no weekly digest)", value=OFF),
]
