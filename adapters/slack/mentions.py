"""Slack's mention syntax, both ways: ``<@U123>`` and ``<#C123>`` out, bare ids in.

Slack links a member or channel written as ``<@U123>`` / ``<#C123>`` and shows their current
names. A slash command with escaping on (``should_escape: true`` in the manifest) receives a
channel picked from the autocompletion as ``<#C123|name>`` (newer clients: ``<#C123|>``); the core
wants the bare id.
"""

from __future__ import annotations

import re

from bot.ports import MemberRef
from bot.views import ChannelRef

CHANNEL = re.compile(r"<#([A-Z0-9]+)(?:\|[^>]*)?>")


def of(target: MemberRef | ChannelRef) -> str:
    if isinstance(target, MemberRef):
        return f"<@{target.user_id}>"
    return f"<#{target.channel_id}>"


#: Our own mentions as :func:`of` writes them, once escaped: the only ``<…>`` a post keeps.
_OWN_MENTION = re.compile(r"&lt;([@#][A-Z0-9]+)&gt;")
#: A ``>`` that starts a line quotes it; with every ``<`` escaped it can open nothing.
_QUOTE = re.compile(r"^&gt;", re.MULTILINE)
_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt);)")


def escaped(text: str) -> str:
    """Text as Slack shows it and never runs: ``&``, ``<`` and ``>`` written ``&amp;``,
    ``&lt;`` and ``&gt;``, as Slack's formatting guide asks of text an app sends.

    Shared wins repeat what a member typed, and one win must not notify a whole channel: with
    every ``<`` escaped no ``<!channel>``, ``<!here>`` or disguised link is left to run, however
    it is nested (a filter of whole commands was: ``<!channel|<!here>>`` became ``<!here>``).
    What Slack sent is escaped already (a typed ``<`` arrives as ``&lt;``), so an entity
    already there is kept, not escaped twice. Mentions of one member or channel, as :func:`of`
    writes them, stay links, and a ``>`` that starts a line still quotes it.
    """
    safe = _BARE_AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _QUOTE.sub(">", _OWN_MENTION.sub(r"<\1>", safe))


def bare_channels(text: str) -> str:
    """``channel <#C123|wins> digest fri`` → ``channel C123 digest fri``."""
    return CHANNEL.sub(r"\1", text)
