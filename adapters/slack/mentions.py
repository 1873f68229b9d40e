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


def without_broadcasts(text: str) -> str:
    """Every special command (``<!channel>``, ``<!here>``, ``<!subteam^S1>``, …) shown, not run.

    Shared wins repeat what a member typed; one win must not notify a whole channel. Slack reads
    ``<!`` as the start of a command, and ``&lt;`` as a plain ``<`` (its documented escaping), so
    escaping every ``<!`` leaves nothing to parse; a filter of whole commands can be nested past
    (``<!channel|<!here>>`` became ``<!here>``).
    """
    return text.replace("<!", "&lt;!")


def bare_channels(text: str) -> str:
    """``channel <#C123|wins> digest fri`` → ``channel C123 digest fri``."""
    return CHANNEL.sub(r"\1", text)
