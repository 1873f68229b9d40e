"""Who acted, and the id that makes each inbound Slack event count once.

Slack retries an Events API delivery (``X-Slack-Retry-Num``) until it gets a 200 within three
seconds, and Socket Mode may hand the same envelope over twice around a reconnect. Events carry
a unique ``event_id``; interactions and slash commands carry a ``trigger_id`` unique to the click
or command, which survives both kinds of repeat. The core records the id and drops a repeat.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import Origin
from bot.ports import MemberRef
from bot.preferences import Invalid, parse_zone

PLATFORM = "slack"
log = logging.getLogger(__name__)


#: Slack's team, enterprise and user ids: letters and digits, well under the columns' 64.
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def member(context: AsyncBoltContext) -> MemberRef | None:
    """The person behind a request, in their workspace (an org-wide install: the enterprise)."""
    workspace, user = context.team_id or context.enterprise_id, context.user_id
    # Bolt copies these ids from the payload as they come: only short plain strings are ids (a
    # NUL or a 10 KB "id" would reach the database, which PostgreSQL refuses).
    if not (isinstance(workspace, str) and _ID.fullmatch(workspace)):
        return None
    if not (isinstance(user, str) and _ID.fullmatch(user)):
        return None
    return MemberRef(PLATFORM, workspace, user)


def origin(context: AsyncBoltContext, body: dict[str, Any]) -> Origin | None:
    """Who acted, in which workspace, and the event's key (None without a user)."""
    ref = member(context)
    return None if ref is None else Origin(ref, event_key(body), team=ref.workspace)


def event_key(body: dict[str, Any]) -> str | None:
    """The stable id of an event, an interaction or a slash command (None: nothing to go on)."""
    if event_id := body.get("event_id"):
        return f"slack:event:{event_id}"
    if trigger_id := body.get("trigger_id"):
        return f"slack:trigger:{trigger_id}"
    actions = body.get("actions")
    if isinstance(actions, list) and actions and isinstance(actions[0], dict):
        action_ts = actions[0].get("action_ts")
        user = (body.get("user") or {}).get("id")
        if action_ts and user:
            return f"slack:action:{user}:{action_ts}"
    return None


async def profile_zone(client: AsyncWebClient, user_id: str) -> ZoneInfo | None:
    """The IANA zone on the user's Slack profile (users.info), None when unknown or unreadable."""
    try:
        response = await client.users_info(user=user_id)
    except SlackApiError as error:
        log.warning("users.info failed for %s: %s", user_id, error.response.get("error"))
        return None
    user = response.get("user") or {}
    return zone_of(user)


async def is_admin(client: AsyncWebClient, user_id: str) -> bool | None:
    """Whether the user is a workspace admin or owner (users.info); None when Slack won't say."""
    try:
        response = await client.users_info(user=user_id)
    except SlackApiError as error:
        log.warning("users.info failed for %s: %s", user_id, error.response.get("error"))
        return None
    user = response.get("user") or {}
    return bool(user.get("is_admin") or user.get("is_owner"))


def zone_of(user: dict[str, Any]) -> ZoneInfo | None:
    name = user.get("tz")
    if not isinstance(name, str) or not name:
        return None
    zone = parse_zone(name)
    return None if isinstance(zone, Invalid) else zone
