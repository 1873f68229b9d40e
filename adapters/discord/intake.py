"""Discord's side of the durable inbox: store what a member did before Discord hears back.

Discord never sends an interaction or a gateway event again, so what is not stored is lost. The
rule (see :mod:`bot.services.inbox`): a slash command, a click or a form is written to the inbox,
keyed by the interaction's id, and only then deferred (Discord's "thinking…"), well inside
Discord's 3 seconds; a DM or a ✅ is written keyed by its message id. The worker then handles it
(:mod:`adapters.discord.replay`) and answers through the interaction's follow-up webhook, or in
the member's DM once the token is gone (:mod:`adapters.discord.followups`).

When the database cannot take the write, the member is told so at once ("I couldn't save that
just now…") instead of hearing nothing: in place of the deferral for an interaction, in the DM for
a message or a reaction. A gateway event delivered twice (after a resume) is stored once.

Interactions are taken from discord.py's gateway parser (:func:`intercepting`), before its command
tree or its views see them: the payload as Discord sent it is what the worker needs to run the
command again, and discord.py keeps no copy. Autocomplete and unknown commands pass through, to
be answered at once as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

import discord
from discord import app_commands

from adapters.discord.answering import is_private
from adapters.discord.members import PLATFORM, event_id, member_ref
from bot.services import inbox, texts
from bot.services.context import Context

log = logging.getLogger(__name__)

Parser = Callable[[Any], None]

#: The interaction types the inbox takes: application command, component (a button), modal form.
COMMAND, COMPONENT, MODAL = 2, 3, 5
#: A chat-input (slash) command, as opposed to a context-menu one.
SLASH = 1

_intakes: WeakKeyDictionary[discord.Client, Intake] = WeakKeyDictionary()


@dataclass
class Intake:
    ctx: Context
    worker: inbox.Worker | None = None
    _live: set[asyncio.Task[None]] = field(default_factory=set)

    def interaction(self, interaction: discord.Interaction[Any], data: dict[str, Any]) -> None:
        """From the gateway's (synchronous) parser: store and defer on a task of its own."""
        task = asyncio.create_task(self._interaction(interaction, data))
        self._live.add(task)
        task.add_done_callback(self._live.discard)

    async def _interaction(
        self, interaction: discord.Interaction[Any], data: dict[str, Any]
    ) -> None:
        key = event_id("interaction", interaction.id)
        try:
            new = await self._put(kind_of(data), key, interaction.guild_id, data)
        except Exception:
            with contextlib.suppress(discord.HTTPException):
                await interaction.response.send_message(texts.NOT_SAVED, ephemeral=True)
            return
        if not new:
            return  # delivered twice: the first one was deferred and is handled
        try:
            if interaction.type is discord.InteractionType.application_command:
                await interaction.response.defer(ephemeral=is_private(interaction), thinking=True)
            else:
                await interaction.response.defer()
        except discord.HTTPException as error:
            # Too late for Discord (over 3 s): the stored work still runs, answering by DM.
            log.warning("could not defer interaction %s (%s)", interaction.id, error.status)

    async def message(self, message: discord.Message, stored: dict[str, Any]) -> None:
        key = event_id("message", message.id)
        try:
            await self._put("message", key, None, stored)
        except Exception:
            with contextlib.suppress(discord.HTTPException):
                await message.channel.send(texts.NOT_SAVED)

    async def reaction(self, stored: dict[str, Any]) -> None:
        key = event_id("reaction", stored["message"], stored["user"], stored["emoji"])
        try:
            await self._put("reaction", key, None, stored)
        except Exception:
            with contextlib.suppress(Exception):  # the port's errors: the member can't be told
                await self.ctx.messenger.send_text(member_ref(stored["user"]), texts.NOT_SAVED)

    async def _put(self, kind: str, key: str, guild_id: int | None, payload: Any) -> bool:
        try:
            new = await inbox.put(
                self.ctx.db,
                platform=PLATFORM,
                team=str(guild_id or ""),
                kind=kind,
                dedupe_key=key,
                payload=payload,
                now=inbox.utc_now(),
                meter=self.ctx.meter,
            )
        except Exception as error:
            # The error's type alone: its message can quote the row (a DM, a token).
            log.warning(
                "could not store a Discord %s (%s); told the member to try again",
                kind,
                type(error).__name__,
            )
            raise
        if new and self.worker is not None:
            self.worker.wake()
        return new


def kind_of(data: dict[str, Any]) -> str:
    """``command network-tip``, ``component``, ``modal``: for logs and counts."""
    if data.get("type") == COMMAND:
        return f"command {(data.get('data') or {}).get('name')}"
    return "component" if data.get("type") == COMPONENT else "modal"


def takes(data: Any, tree: app_commands.CommandTree[Any]) -> bool:
    """Whether the inbox takes an interaction: a click, a form, a slash command the tree has."""
    kind = data.get("type") if isinstance(data, dict) else None
    if kind in (COMPONENT, MODAL):
        return True
    inner = data.get("data") if kind == COMMAND else None
    if not isinstance(inner, dict) or inner.get("type", SLASH) != SLASH:
        return False
    return isinstance(inner.get("name"), str) and tree.get_command(inner["name"]) is not None


def intercepting(
    client: discord.Client, tree: app_commands.CommandTree[Any], parse: Parser
) -> Parser:
    """Wrap discord.py's INTERACTION_CREATE parser: what :func:`takes` goes to the intake."""

    def take(data: Any) -> None:
        intake = _intakes.get(client)
        if intake is None or not takes(data, tree):
            parse(data)
            return
        # Built here so a payload discord.py cannot read fails in the parser's guard, unstored.
        interaction = discord.Interaction(data=data, state=client._connection)
        intake.interaction(interaction, data)

    return take


def bind(client: discord.Client, intake: Intake) -> None:
    _intakes[client] = intake


def intake_of(client: discord.Client) -> Intake:
    return _intakes[client]
