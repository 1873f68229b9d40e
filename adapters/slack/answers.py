"""Showing a core :class:`~bot.views.Reply` on Slack, next to what the member acted on.

Text goes in the thread of the message acted on, so a DM stays one tidy line of nudges; a reply's
``card`` replaces the nudge message itself (chat.update), so it shows what was logged.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import blocks
from bot.views import ChallengeCard, Reply


async def in_thread(client: AsyncWebClient, channel: str, thread_ts: str, reply: Reply) -> None:
    """Answer in a thread (an empty text means there is nothing to say)."""
    if reply.text:
        await client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=reply.text,
            blocks=blocks.message(reply.text, reply.buttons),
        )


async def on_message(client: AsyncWebClient, channel: str, ts: str, reply: Reply) -> None:
    """Update the nudge at ``channel``/``ts`` with the reply's card, then answer in its thread."""
    if reply.card is not None:
        await show_card(client, channel, ts, reply.card)
    await in_thread(client, channel, ts, reply)


async def show_card(client: AsyncWebClient, channel: str, ts: str, card: ChallengeCard) -> None:
    await client.chat_update(
        channel=channel, ts=ts, text=blocks.card_fallback(card), blocks=blocks.card(card)
    )
