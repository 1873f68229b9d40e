"""The nudge card as a Discord embed (the buttons travel separately, see :mod:`.buttons`).

Embed limits: title 256, description 4096, field value 1024, footer 2048 characters.
"""

from __future__ import annotations

import discord

from bot.catalog import THEMES
from bot.views import ChallengeCard

OPEN_COLOUR = discord.Colour.blurple()
LOGGED_COLOUR = discord.Colour.green()


def card_embed(card: ChallengeCard) -> discord.Embed:
    theme = THEMES.get(card.theme, card.theme)
    embed = discord.Embed(
        title="Today's challenge",
        description=card.text[:4096],
        colour=LOGGED_COLOUR if card.status else OPEN_COLOUR,
    )
    if card.why:
        embed.add_field(name="Why", value=card.why[:1024], inline=False)
    if card.status:
        embed.add_field(name="Logged", value=card.status[:1024], inline=False)
    embed.set_footer(
        text=f"{card.day:%a %d %b} · {theme} · level {card.level} · about {card.minutes} min"
    )
    return embed
