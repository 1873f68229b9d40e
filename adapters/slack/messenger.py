"""The Messenger port on Slack: nudges and messages as Block Kit DMs, edits with chat.update,
posts in a team's wins channel.

A message reference is ``"<channel id>:<ts>"``, the pair chat.update and reactions name a message
by. Slack's errors in DMs are sorted into the two kinds the core understands: the recipient can
never be reached (park them) or try again later (rate limits are already waited out by the
client). A channel post that fails raises the same errors: the core tells whoever asked for it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Sequence
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from adapters.slack import blocks, mentions
from adapters.slack.tokens import Tokens
from bot.ports import MemberRef, RecipientUnreachable, TemporaryDeliveryError, Unreachable
from bot.views import Button, ChallengeCard, ChannelRef

log = logging.getLogger(__name__)

#: Errors that will not go away by retrying, by what they mean: the user, their DMs, the
#: channel or our token are gone.
PERMANENT = {
    "user_not_found": Unreachable.GONE,
    "users_not_found": Unreachable.GONE,
    "account_inactive": Unreachable.GONE,
    "user_disabled": Unreachable.GONE,
    "channel_not_found": Unreachable.GONE,
    "cannot_dm_bot": Unreachable.DMS_CLOSED,
    "not_in_channel": Unreachable.NO_ACCESS,
    "is_archived": Unreachable.NO_ACCESS,
    "restricted_action": Unreachable.NO_ACCESS,
    "token_revoked": Unreachable.NOT_INSTALLED,
    "token_expired": Unreachable.NOT_INSTALLED,
    "invalid_auth": Unreachable.NOT_INSTALLED,
    "not_authed": Unreachable.NOT_INSTALLED,
    "team_access_not_granted": Unreachable.NOT_INSTALLED,
}


#: The metadata event type a nudge carries, and how many recent DM messages ``find_sent`` reads.
NUDGE_EVENT = "nudgebot_nudge"
HISTORY_LOOKBACK = 10


class SlackMessenger:
    def __init__(self, client: AsyncWebClient, tokens: Tokens | None = None) -> None:
        self.client = client
        self.tokens = tokens
        # Opening a DM is idempotent, so its channel id can be remembered for the process's life.
        self._channels: dict[str, str] = {}

    async def send_text(
        self, to: MemberRef, text: str, buttons: tuple[Button, ...] = ()
    ) -> str | None:
        return await self._post(to, text, blocks.message(text, buttons))

    async def send_card(self, to: MemberRef, card: ChallengeCard) -> str | None:
        """A nudge carries message metadata naming its delivery, so ``find_sent`` can recognise
        it in the DM's history after a crash."""
        metadata = {"event_type": NUDGE_EVENT, "event_payload": {"delivery_id": card.delivery_id}}
        return await self._post(to, blocks.card_fallback(card), blocks.card(card), metadata)

    async def find_sent(self, to: MemberRef, card: ChallengeCard) -> str | None:
        """Look for the nudge in the DM's latest messages (``conversations.history`` with their
        metadata, ``im:history``): a few, since a nudge unrecorded after a crash is recent."""
        token = await self._token(to)
        channel = await self._dm_channel(to, token)
        history = await _calling(
            to,
            self.client.conversations_history(
                token=token, channel=channel, limit=HISTORY_LOOKBACK, include_all_metadata=True
            ),
        )
        for message in history.get("messages") or []:
            if isinstance(message, dict) and _is_nudge(message.get("metadata"), card.delivery_id):
                return f"{channel}:{message.get('ts')}"
        return None

    async def update_card(self, to: MemberRef, message_ref: str, card: ChallengeCard) -> None:
        channel, _, ts = message_ref.partition(":")
        token = await self._token(to)
        await _calling(
            to,
            self.client.chat_update(
                token=token,
                channel=channel,
                ts=ts,
                text=blocks.card_fallback(card),
                blocks=blocks.card(card),
            ),
        )

    async def post(self, channel: ChannelRef, text: str) -> str | None:
        """Post in a team channel: a public one without joining it (``chat:write.public``), a
        private one once the bot is invited. Links in shared wins are not unfurled, and the
        text is escaped: a member's @channel or @here in a win is shown, not broadcast."""
        token = await self._team_token(channel.team_id)
        posted = await _calling(
            f"channel {channel.channel_id}",
            self.client.chat_postMessage(
                token=token,
                channel=channel.channel_id,
                text=mentions.escaped(text),
                unfurl_links=False,
                unfurl_media=False,
            ),
        )
        return f"{posted['channel']}:{posted['ts']}"

    async def introduce(self, members: Sequence[MemberRef], text: str) -> None:
        """One group DM with everyone (``conversations.open`` with all their user ids, which
        Slack opens as a multi-person DM including the bot), and the introduction in it."""
        first = members[0]
        token = await self._token(first)
        users = ",".join(m.user_id for m in members)
        opened = await _calling(first, self.client.conversations_open(token=token, users=users))
        channel = str(opened["channel"]["id"])
        await _calling(
            first,
            self.client.chat_postMessage(
                token=token, channel=channel, text=text, blocks=blocks.message(text, ())
            ),
        )

    def mention(self, target: MemberRef | ChannelRef) -> str:
        return mentions.of(target)

    def explain(self, kind: Unreachable) -> str:
        if kind is Unreachable.NOT_INSTALLED:
            return "ask a workspace admin to add nudgebot to Slack again"
        return "check with a workspace admin that apps may send you direct messages"

    async def _post(
        self,
        to: MemberRef,
        text: str,
        message_blocks: list[blocks.Block],
        metadata: dict[str, Any] | None = None,
    ) -> str:
        token = await self._token(to)
        channel = await self._dm_channel(to, token)
        posted = await _calling(
            to,
            self.client.chat_postMessage(
                token=token, channel=channel, text=text, blocks=message_blocks, metadata=metadata
            ),
        )
        return f"{posted['channel']}:{posted['ts']}"

    async def _dm_channel(self, to: MemberRef, token: str) -> str:
        channel = self._channels.get(to.key)
        if channel is None:
            opened = await _calling(
                to, self.client.conversations_open(token=token, users=to.user_id)
            )
            channel = str(opened["channel"]["id"])
            self._channels[to.key] = channel
        return channel

    async def _token(self, to: MemberRef) -> str:
        return await self._team_token(to.workspace)

    async def _team_token(self, team_id: str) -> str:
        if self.tokens is None:
            raise TemporaryDeliveryError("the Slack app is still starting")
        token = await self.tokens.bot_token(team_id)
        if token is None:
            raise RecipientUnreachable(
                "the app is not installed in this workspace", Unreachable.NOT_INSTALLED
            )
        return token


def _is_nudge(metadata: object, delivery_id: int) -> bool:
    """Whether a message's metadata names the nudge of ``delivery_id``."""
    if not isinstance(metadata, dict) or metadata.get("event_type") != NUDGE_EVENT:
        return False
    payload = metadata.get("event_payload")
    return isinstance(payload, dict) and payload.get("delivery_id") == delivery_id


async def _calling(to: MemberRef | str, call: Awaitable[AsyncSlackResponse]) -> dict[str, Any]:
    """Await a Web API call, turning Slack's failures into the core's delivery errors."""
    try:
        response = await call
    except SlackApiError as error:
        reason = str(error.response.get("error", "unknown_error"))
        if reason in PERMANENT:
            raise RecipientUnreachable(reason, PERMANENT[reason]) from error
        retry_after = error.response.headers.get("Retry-After")
        who = to.key if isinstance(to, MemberRef) else to
        log.warning("Slack refused a message to %s: %s", who, reason)
        raise TemporaryDeliveryError(reason, float(retry_after) if retry_after else None) from error
    except (TimeoutError, ClientError) as error:
        raise TemporaryDeliveryError(f"network: {type(error).__name__}") from error
    return response.data if isinstance(response.data, dict) else {}
