"""Who acts on Discord, and which context serves them.

Discord user ids are global, so a member's ``workspace`` is '' (the guild they joined from is their
*team*). The running :class:`~bot.services.context.Context` is bound to the client once, before it
connects, so handlers that only get an interaction or a payload can find it.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

import discord

from bot.ports import MemberRef
from bot.services.context import Context

PLATFORM = "discord"

_contexts: WeakKeyDictionary[discord.Client, Context] = WeakKeyDictionary()


def member_ref(user_id: int) -> MemberRef:
    return MemberRef(PLATFORM, "", str(user_id))


def event_id(kind: str, *parts: object) -> str:
    """The id a use case dedupes on: Discord may deliver a gateway event twice after a resume."""
    return ":".join([PLATFORM, kind, *(str(p) for p in parts)])


def bind(client: discord.Client, ctx: Context) -> None:
    _contexts[client] = ctx


def context_of(client: discord.Client) -> Context:
    return _contexts[client]
