"""Gateway dispatches as Discord sends them (shapes recorded from the API docs), for the tests."""

from __future__ import annotations

from typing import Any

from tests.adapters.discord.fake_discord import (
    APP_ID,
    BOT_ID,
    CHANNELS,
    GUILD_CHANNEL_ID,
    GUILD_ID,
    bot_user,
    channel,
    message,
    user,
)

#: Manage Server.
MANAGE_GUILD = 1 << 5
#: View Channel and Send Messages.
VIEW_AND_SEND = (1 << 10) | (1 << 11)


def _interaction(
    interaction_id: int,
    kind: int,
    data: dict[str, Any],
    user_id: int,
    dm_channel: int | None,
    permissions: int = 0,
) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(APP_ID),
        "type": kind,
        "token": f"token-{interaction_id}",
        "version": 1,
        "data": data,
        "locale": "en-US",
        "attachment_size_limit": 8 * 1024 * 1024,
        "app_permissions": "0",
        "entitlements": [],
    }
    if dm_channel is None:
        base |= {
            "context": 0,
            "guild_id": str(GUILD_ID),
            "channel_id": str(GUILD_CHANNEL_ID),
            "channel": {"id": str(GUILD_CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID)},
            "member": {
                "user": user(user_id),
                "roles": [],
                "joined_at": "2026-11-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "permissions": str(permissions),
                "flags": 0,
            },
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
        }
    else:
        base |= {
            "context": 1,
            "channel_id": str(dm_channel),
            "channel": {"id": str(dm_channel), "type": 1},
            "user": user(user_id),
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
        }
    return base


def slash(
    interaction_id: int,
    name: str,
    user_id: int,
    options: dict[str, Any] | None = None,
    dm_channel: int | None = None,
    permissions: int = 0,
    channels: dict[str, int] | None = None,
) -> dict[str, Any]:
    """A slash command typed in the server (``dm_channel`` None) or in the bot's DM.

    ``channels``: channel options, by name; Discord sends their id with the channel resolved.
    """
    typed = [
        {"name": k, "type": 5 if isinstance(v, bool) else 3, "value": v}
        for k, v in (options or {}).items()
    ]
    picked = [{"name": k, "type": 7, "value": str(v)} for k, v in (channels or {}).items()]
    data: dict[str, Any] = {
        "id": str(interaction_id + 1),
        "name": name,
        "type": 1,
        "options": typed + picked,
    }
    if channels:
        known = [c for c in channels.values() if c in CHANNELS]
        data["resolved"] = {"channels": {str(c): resolved_channel(c) for c in known}}
    return _interaction(interaction_id, 2, data, user_id, dm_channel, permissions)


def resolved_channel(channel_id: int) -> dict[str, Any]:
    """A channel option's resolved data: the channel in brief, with the member's permissions."""
    full = channel(channel_id)
    brief = {k: full[k] for k in ("id", "type", "name", "parent_id", "guild_id")}
    return brief | {"permissions": str(VIEW_AND_SEND)}


def autocomplete(
    interaction_id: int, name: str, user_id: int, option: str, typed: str
) -> dict[str, Any]:
    data = {
        "id": str(interaction_id + 1),
        "name": name,
        "type": 1,
        "options": [{"name": option, "type": 3, "value": typed, "focused": True}],
    }
    return _interaction(interaction_id, 4, data, user_id, None)


def click(
    interaction_id: int, custom_id: str, user_id: int, channel_id: int, message_id: int
) -> dict[str, Any]:
    """A button press on the message ``message_id`` in the bot's DM."""
    button = {"type": 2, "style": 1, "label": "Done", "custom_id": custom_id}
    on = message(message_id, channel_id, bot_user()) | {
        "components": [{"type": 1, "components": [button]}]
    }
    data = {"custom_id": custom_id, "component_type": 2}
    payload = _interaction(interaction_id, 3, data, user_id, channel_id)
    payload["message"] = on
    return payload


def dm_message(
    message_id: int, user_id: int, channel_id: int, content: str, mentions: tuple[int, ...] = ()
) -> dict[str, Any]:
    """A message typed in the bot's DM; ``<@id>`` in ``content`` for each user of ``mentions``
    (Discord lists the users mentioned beside the text)."""
    return message(message_id, channel_id, user(user_id), content) | {
        "mentions": [user(m) for m in mentions]
    }


def reaction(user_id: int, channel_id: int, message_id: int, emoji: str) -> dict[str, Any]:
    return {
        "user_id": str(user_id),
        "channel_id": str(channel_id),
        "message_id": str(message_id),
        "emoji": {"id": None, "name": emoji},
        "type": 0,
        "burst": False,
        "message_author_id": str(BOT_ID),
    }
