"""Persistent nudge buttons, and the way every interaction gets its answer.

A button's ``custom_id`` is the core's action id (``nudge:v1:<verb>:<delivery id>``), matched by a
:class:`discord.ui.DynamicItem` template: discord.py rebuilds the button from the id on every
click, so buttons keep working after a restart and no view is held in memory per message.

Discord drops an interaction that is not answered within 3 seconds: the inbox intake
(:mod:`adapters.discord.intake`) stores the click and defers it, and :func:`press` runs when the
worker takes it, following up when the use case is done; errors still get an answer, never
silence.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

import discord

from adapters.discord import followups
from adapters.discord.embeds import card_embed
from adapters.discord.members import context_of, event_id, member_ref
from bot.commands import InputStyle, Origin
from bot.services import inbound, texts
from bot.storage.database import is_outage
from bot.views import Attachment, Button, ChallengeCard, Reply, Style

log = logging.getLogger(__name__)

#: Discord's limit for a message's text.
MAX_CONTENT = 2000
TEMPLATE = re.compile(r"nudge:v1:(?P<verb>[a-z]+):(?P<id>\d+)")


class NudgeButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """Done, Skip, Too easy, Too hard, Share as win: the click logs against its own delivery.

    ``/network-forget``'s Delete everything (``nudge:v1:forget:<member id>``) matches too.
    """

    def __init__(
        self,
        custom_id: str,
        label: str = "…",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=custom_id))

    @classmethod
    def of(cls, button: Button) -> NudgeButton:
        primary = button.style is Style.PRIMARY
        style = discord.ButtonStyle.primary if primary else discord.ButtonStyle.secondary
        return cls(str(button.action), button.label, style)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[discord.Client],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> NudgeButton:
        return cls(match.string)


async def press(interaction: discord.Interaction[discord.Client], custom_id: str) -> None:
    """A click: log it, redraw the nudge in place (what was logged, the streak), then say so.

    A database outage goes back to the inbox worker, which tries the click again later.
    """
    if not interaction.response.is_done():
        await interaction.response.defer()
    try:
        ctx = context_of(interaction.client)
        origin = Origin(
            member_ref(interaction.user.id),
            event_id("interaction", interaction.id),
            style=InputStyle.OPTIONS,
        )
        reply = await inbound.click(ctx, origin, custom_id)
        if reply is None:
            return
        if reply.card is not None:
            await redraw(interaction, reply.card, reply.card_ref)
        await follow_up(interaction, reply)
    except Exception as error:
        if is_outage(error):
            raise
        log.exception("button %r from user %s failed", custom_id[:100], interaction.user.id)
        await follow_up(interaction, Reply(texts.SORRY))


async def redraw(
    interaction: discord.Interaction[discord.Client], card: ChallengeCard, card_ref: str | None
) -> None:
    """Redraw the nudge where it is: the clicked message when the button was on the nudge,
    else the nudge ``card_ref`` names (Yes under "Did you get to it today?" logs the nudge
    above it, and the question keeps its words)."""
    clicked = interaction.message
    here = None if clicked is None else f"{interaction.channel_id}:{clicked.id}"
    if card_ref is None or card_ref == here:
        await followups.edit_clicked(
            interaction, lambda: {"embed": card_embed(card), "view": button_view(card.buttons)}
        )
        return
    messenger = context_of(interaction.client).messenger
    await messenger.update_card(member_ref(interaction.user.id), card_ref, card)


def button_view(buttons: tuple[Button, ...]) -> discord.ui.View | None:
    """A view holding only dynamic items: discord.py keeps no per-message state for it."""
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for button in buttons:
        view.add_item(NudgeButton.of(button))
    return view


def message_parts(
    text: str, buttons: tuple[Button, ...] = (), files: tuple[Attachment, ...] = ()
) -> dict[str, Any]:
    """Keyword arguments for ``send``: the text within Discord's limit, buttons and files if any."""
    parts: dict[str, Any] = {"content": text[:MAX_CONTENT]}
    if view := button_view(buttons):
        parts["view"] = view
    if files:
        # A discord.File is read once by the send it goes with, so each send gets fresh ones.
        parts["files"] = [discord.File(io.BytesIO(f.content), filename=f.filename) for f in files]
    return parts


async def follow_up(interaction: discord.Interaction[discord.Client], reply: Reply) -> None:
    """Send ``reply`` after a deferral: private in a server, plain in the bot's DM."""
    if not reply.text:
        return
    text, buttons, files = reply.text, reply.buttons, reply.files
    private = interaction.guild_id is not None
    await followups.send(interaction, lambda: message_parts(text, buttons, files), private=private)
