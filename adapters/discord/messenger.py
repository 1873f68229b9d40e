"""The Messenger port over Discord's REST API: DMs with the nudge embed and its buttons, and
posts in a server's wins channel.

Only REST is used (open the DM channel, post, edit), never the gateway, so any instance can
deliver nudges while the gateway connection lives in another. discord.py's own rate limiter
waits out 429s (Retry-After); a wait longer than the client's ``max_ratelimit_timeout`` comes back
as :class:`TemporaryDeliveryError` for the scheduler to retry later.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import discord

from adapters.discord.components import button_view, message_parts
from adapters.discord.embeds import card_embed
from bot.ports import MemberRef, RecipientUnreachable, TemporaryDeliveryError, Unreachable
from bot.views import Button, ChallengeCard, ChannelRef

#: Discord's JSON error code when a user does not accept DMs from the bot.
CANNOT_DM = 50007
#: Where a member finds the setting that lets a server's bots DM them.
OPEN_DMS = (
    "right-click this server's icon (long-press on mobile) → **Privacy Settings** → "
    "turn on **Direct Messages**"
)
#: Team posts ping the members they name (a shared win, a milestone), never @everyone or a role.
TEAM_MENTIONS = discord.AllowedMentions(everyone=False, users=True, roles=False, replied_user=False)
#: How many of a DM's latest messages ``find_sent`` reads: a nudge unrecorded after a crash is
#: recent, and a member rarely writes much in between.
HISTORY_LOOKBACK = 10


class DiscordMessenger:
    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def send_text(
        self, to: MemberRef, text: str, buttons: tuple[Button, ...] = ()
    ) -> str | None:
        return await self._send(to, message_parts(text, buttons))

    async def send_card(self, to: MemberRef, card: ChallengeCard) -> str | None:
        """A nudge carries a nonce made from its delivery, which discord.py sends with
        ``enforce_nonce``: sent again (after a crash before it was recorded), Discord returns the
        first message instead of creating a second, while it remembers the nonce (a few
        minutes, longer than a delivery's lease)."""
        parts: dict[str, Any] = {"embed": card_embed(card), "nonce": nonce_of(card)}
        if view := button_view(card.buttons):
            parts["view"] = view
        return await self._send(to, parts)

    async def find_sent(self, to: MemberRef, card: ChallengeCard) -> str | None:
        """Look for the nudge among the DM's latest messages, by its buttons (their custom ids
        name the delivery).

        The nonce makes a second send harmless only for the few minutes Discord remembers it,
        and a restart or an outage can take longer: found here, the nudge is recorded as sent
        instead of posted again. One read of recent history, and only after a crash.
        """
        wanted = {str(button.action) for button in card.buttons}
        if not wanted:
            return None
        async with delivery_errors():
            channel = await self.client.create_dm(discord.Object(int(to.user_id)))
            async for message in channel.history(limit=HISTORY_LOOKBACK):
                if wanted & _custom_ids(message):
                    return f"{channel.id}:{message.id}"
        return None

    async def update_card(self, to: MemberRef, message_ref: str, card: ChallengeCard) -> None:
        """Redraw a nudge in place: ``message_ref`` is ``"<channel id>:<message id>"``."""
        channel_id, _, message_id = message_ref.partition(":")
        channel = self.client.get_partial_messageable(
            int(channel_id), type=discord.ChannelType.private
        )
        async with delivery_errors():
            await channel.get_partial_message(int(message_id)).edit(
                embed=card_embed(card), view=button_view(card.buttons)
            )

    async def post(self, channel: ChannelRef, text: str) -> str | None:
        """Post in a server's text channel (``team_id`` is the guild). Missing Access or
        Missing Permissions there is :attr:`Unreachable.NO_ACCESS`: the core explains it."""
        if not (channel.channel_id.isdigit() and channel.team_id.isdigit()):
            raise RecipientUnreachable(f"not a channel: {channel.channel_id!r}", Unreachable.GONE)
        target = self.client.get_partial_messageable(
            int(channel.channel_id), guild_id=int(channel.team_id), type=discord.ChannelType.text
        )
        async with delivery_errors():
            message = await target.send(**message_parts(text), allowed_mentions=TEAM_MENTIONS)
        return f"{target.id}:{message.id}"

    async def introduce(self, members: Sequence[MemberRef], text: str) -> None:
        """Bots cannot open group DMs on Discord: each member gets the introduction, which
        mentions the others, in their own DM."""
        for member in members:
            await self._send(member, message_parts(text))

    def mention(self, target: MemberRef | ChannelRef) -> str:
        if isinstance(target, ChannelRef):
            return f"<#{target.channel_id}>"
        return f"<@{target.user_id}>"

    def explain(self, kind: Unreachable) -> str:
        if kind is Unreachable.DMS_CLOSED:
            return OPEN_DMS
        return "check that you share a server with me and that it lets members DM you"

    async def _send(self, to: MemberRef, parts: dict[str, Any]) -> str:
        async with delivery_errors():
            # discord.py caches the DM channel per user, so this is one POST only the first time.
            channel = await self.client.create_dm(discord.Object(int(to.user_id)))
            message = await channel.send(**parts)
        return f"{channel.id}:{message.id}"


def nonce_of(card: ChallengeCard) -> str:
    """At most 25 characters, Discord's limit: one per delivery, so one per member and day."""
    return f"nudge-{card.delivery_id}"


def _custom_ids(message: discord.Message) -> set[str]:
    """The custom ids of a message's buttons; only the bot's own messages have any."""
    return {
        custom_id
        for row in message.components
        if isinstance(row, discord.ActionRow)
        for child in row.children
        if isinstance(custom_id := getattr(child, "custom_id", None), str)
    }


@asynccontextmanager
async def delivery_errors() -> AsyncIterator[None]:
    """Translate discord.py's errors into the port's: permanent ones park, the rest retry."""
    try:
        yield
    except discord.Forbidden as error:
        if error.code == CANNOT_DM:
            raise RecipientUnreachable(Unreachable.DMS_CLOSED) from error
        raise RecipientUnreachable(f"forbidden_{error.code}", Unreachable.NO_ACCESS) from error
    except discord.NotFound as error:  # unknown user or channel: the account is gone
        raise RecipientUnreachable(f"not_found_{error.code}", Unreachable.GONE) from error
    except discord.RateLimited as error:
        raise TemporaryDeliveryError("rate_limited", error.retry_after) from error
    except discord.HTTPException as error:
        if error.status == 401:
            raise RecipientUnreachable("token_revoked", Unreachable.NOT_INSTALLED) from error
        raise TemporaryDeliveryError(f"http_{error.status}") from error
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        raise TemporaryDeliveryError(f"network: {type(error).__name__}") from error
