"""The inbox worker's handler for Discord: each stored entry handled as it would have been live.

A DM and a reaction go to :mod:`adapters.discord.direct_messages`. An interaction is rebuilt from
the payload Discord sent, marked as deferred (the intake deferred it), and run: a slash command
through the command tree (its options read as discord.py reads them, its errors answered by the
tree's ``on_error``), a click or a form through :func:`~adapters.discord.components.press`.

A database outage raises back to the worker, which tries the entry again after a backoff; so does
Discord failing for now (5xx, a network error). Discord refusing for good (a 4xx other than 429:
DMs closed, an unknown channel) is logged and the entry is done: trying again would change
nothing. An entry the worker is about to give up (:func:`bot.services.inbox.gives_up`) gets a
sorry in the member's DM first, never silence.

Two of discord.py's internals are used, because it offers no public way to run an interaction
it did not just receive: ``CommandTree._call`` and the response's ``_response_type``.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from adapters.discord import direct_messages
from adapters.discord.components import press
from adapters.discord.followups import REPLAYING
from bot.services import inbox, texts
from bot.storage.inbox import Claimed

log = logging.getLogger(__name__)

#: What the intake answered Discord with, by interaction type.
_Kind, _Answer = discord.InteractionType, discord.InteractionResponseType
DEFERRED = {
    _Kind.application_command: _Answer.deferred_channel_message,
    _Kind.component: _Answer.deferred_message_update,
    _Kind.modal_submit: _Answer.deferred_message_update,
}


def handler(client: discord.Client, tree: app_commands.CommandTree[Any]) -> inbox.Handler:
    async def handle(entry: Claimed) -> None:
        token = REPLAYING.set(entry)
        try:
            if entry.kind == "message":
                await direct_messages.handle_message(client, entry.payload)
            elif entry.kind == "reaction":
                await direct_messages.handle_reaction(client, entry.payload)
            else:
                await _interaction(client, tree, entry.payload)
        except discord.HTTPException as error:
            if error.status >= 500 or error.status == 429:
                await _sorry_if_last(client, entry, error)
                raise
            log.warning(
                "Discord refused the answer to a stored %s (%s %s); not tried again",
                entry.kind,
                error.status,
                error.code,
            )
        except Exception as error:
            await _sorry_if_last(client, entry, error)
            raise
        finally:
            REPLAYING.reset(token)

    return handle


async def _sorry_if_last(client: discord.Client, entry: Claimed, error: Exception) -> None:
    """The worker gives the entry up after this try: the member hears sorry, in their DM,
    rather than nothing (a command would otherwise stay "thinking…")."""
    if not inbox.gives_up(entry.attempts, error):
        return
    payload = entry.payload if isinstance(entry.payload, dict) else {}
    who = payload.get("user") or (payload.get("member") or {}).get("user")
    user_id = who.get("id") if isinstance(who, dict) else who
    if user_id is None:
        return
    try:
        channel = await client.create_dm(discord.Object(int(user_id)))
        await channel.send(texts.SORRY)
    except (discord.HTTPException, ValueError) as failed:
        log.warning("could not tell a member their %s failed (%s)", entry.kind, failed)


async def _interaction(
    client: discord.Client, tree: app_commands.CommandTree[Any], data: Any
) -> None:
    interaction: discord.Interaction[Any] = discord.Interaction(data=data, state=client._connection)
    interaction.response._response_type = DEFERRED[interaction.type]
    if interaction.type is not discord.InteractionType.application_command:
        await press(interaction, str((data.get("data") or {}).get("custom_id") or ""))
        return
    try:
        # The tree answers what it can (bad options, missing permissions) through its
        # ``on_error``, which raises a failed command on to here (see NudgeTree.on_error).
        await tree._call(interaction)
    except app_commands.CommandInvokeError as error:
        raise error.original from error  # the worker decides: again later, or given up
    except app_commands.AppCommandError as error:  # raised before the tree's own handling
        await tree.on_error(interaction, error)
