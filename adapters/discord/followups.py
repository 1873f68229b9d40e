"""Where an interaction's answer goes: its follow-up webhook while the token lives, else the DM.

Discord lets a bot answer an interaction through a webhook named by the interaction's token for
15 minutes after it was created. The inbox may hand an interaction to the worker later than
that (after an outage, or at the next start): then, or when Discord refuses the webhook (401
Invalid Webhook Token, 404 Unknown Webhook: the deferral never reached Discord in time), the
answer goes to the member's DM, and a nudge's redraw edits the message itself.

:data:`REPLAYING` holds the inbox entry being handled, so these know when it was received.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

import discord

from bot.services import inbox
from bot.storage.inbox import Claimed

log = logging.getLogger(__name__)

Interaction = discord.Interaction[discord.Client]
Parts = Callable[[], dict[str, Any]]

#: The entry the worker is handling now (None while handling live).
REPLAYING: ContextVar[Claimed | None] = ContextVar("nudgebot_discord_replaying", default=None)
#: How long Discord accepts an interaction's token; a minute less, for the send itself.
TOKEN_LIFETIME = timedelta(minutes=15)
TOKEN_MARGIN = timedelta(minutes=1)
#: What Discord answers for a token it no longer knows.
TOKEN_GONE = frozenset({401, 404})


def token_alive() -> bool:
    """Whether the interaction being handled can still be answered through its token."""
    entry = REPLAYING.get()
    if entry is None:
        return True
    return inbox.utc_now() - entry.received_at < TOKEN_LIFETIME - TOKEN_MARGIN


async def send(interaction: Interaction, parts: Parts, *, private: bool) -> None:
    """Follow up on a deferred interaction, or say it in the member's DM once the token is gone.

    ``parts`` builds the message afresh for each try (a file is read by the send it goes with).
    """
    if token_alive():
        try:
            await interaction.followup.send(**parts(), ephemeral=private)
            return
        except discord.HTTPException as error:
            if error.status not in TOKEN_GONE:
                raise
            log.info("interaction %s: its token is gone; answering by DM", interaction.id)
    channel = await interaction.client.create_dm(interaction.user)
    await channel.send(**parts())


async def edit_clicked(interaction: Interaction, parts: Parts) -> None:
    """Edit the message whose button was clicked: through the token, else the message itself."""
    if token_alive():
        try:
            await interaction.edit_original_response(**parts())
            return
        except discord.HTTPException as error:
            if error.status not in TOKEN_GONE or interaction.message is None:
                raise
    if interaction.message is None:
        return
    await interaction.message.edit(**parts())
