"""Slack payloads as Slack sends them (shapes recorded from the Events API, interactivity and
slash command docs), trimmed to the fields that matter, with the ids tests need to vary."""

from __future__ import annotations

import itertools
import json
from typing import Any

from tests.adapters.slack.fake_slack import BOT_USER, TEAM

APP = "A0APP"
_ids = itertools.count(1)


def _next() -> int:
    return next(_ids)


def event(inner: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": APP,
        "event": inner,
        "type": "event_callback",
        "event_id": event_id or f"Ev{_next():08d}",
        "event_time": 1_800_000_000,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM,
                "user_id": BOT_USER,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
    }


def dm(user: str, text: str, ts: str | None = None, event_id: str | None = None) -> dict[str, Any]:
    ts = ts or f"1800000100.{_next():06d}"
    return event(
        {
            "type": "message",
            "channel": f"D{user}",
            "user": user,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            "channel_type": "im",
        },
        event_id,
    )


def dm_with_file(user: str, text: str) -> dict[str, Any]:
    """A DM with a picture attached: subtype ``file_share`` and the file, as Slack's message
    event documentation shows it."""
    body = dm(user, text)
    body["event"].update(
        subtype="file_share",
        upload=False,
        display_as_bot=False,
        files=[
            {
                "id": f"F{_next():08d}",
                "created": 1_800_000_100,
                "name": "IMG_0042.jpg",
                "title": "IMG_0042.jpg",
                "mimetype": "image/jpeg",
                "filetype": "jpg",
                "user": user,
                "size": 182_044,
                "mode": "hosted",
                "is_external": False,
                "url_private": "https://files.slack.com/files-pri/T0TEAM-F1/img_0042.jpg",
            }
        ],
    )
    return body


def dm_in_thread_also_sent(user: str, text: str, thread_ts: str) -> dict[str, Any]:
    """A reply in a DM thread with "Also send to direct message" ticked: ``thread_broadcast``,
    carrying the thread's first message as ``root``."""
    body = dm(user, text)
    body["event"].update(
        subtype="thread_broadcast",
        thread_ts=thread_ts,
        root={
            "type": "message",
            "user": BOT_USER,
            "bot_id": "B0BOT",
            "text": "Today's challenge",
            "ts": thread_ts,
            "thread_ts": thread_ts,
            "reply_count": 1,
        },
    )
    return body


def reaction(user: str, channel: str, ts: str, name: str = "white_check_mark") -> dict[str, Any]:
    return event(
        {
            "type": "reaction_added",
            "user": user,
            "reaction": name,
            "item": {"type": "message", "channel": channel, "ts": ts},
            "item_user": BOT_USER,
            "event_ts": f"1800000200.{_next():06d}",
        }
    )


def home_opened(user: str) -> dict[str, Any]:
    return event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"})


def user_change(user: str, tz: str) -> dict[str, Any]:
    return event({"type": "user_change", "user": {"id": user, "team_id": TEAM, "tz": tz}})


def button(user: str, action_id: str, channel: str, ts: str) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": APP,
        "token": "legacy-verification-token",
        "container": {"type": "message", "message_ts": ts, "channel_id": channel},
        "trigger_id": f"trigger-{_next()}",
        "team": {"id": TEAM, "domain": "test"},
        "channel": {"id": channel, "name": "directmessage"},
        "message": {"type": "message", "user": BOT_USER, "ts": ts, "text": "challenge"},
        "actions": [
            {
                "action_id": action_id,
                "block_id": "nudge",
                "value": action_id,
                "type": "button",
                "action_ts": f"1800000300.{_next():06d}",
            }
        ],
    }


def ephemeral_button(user: str, action_id: str, channel: str, response_url: str) -> dict[str, Any]:
    """A click on a button in an ephemeral answer: Slack sends no ``message``, only where it
    was and a ``response_url`` to replace it through."""
    click = button(user, action_id, channel, f"1800000400.{_next():06d}")
    del click["message"]
    click["container"]["is_ephemeral"] = True
    click["response_url"] = response_url
    return click


def command(
    user: str, name: str, text: str = "", response_url: str = "", channel: str | None = None
) -> dict[str, str]:
    """A slash command; typed in the member's DM with the bot unless ``channel`` says where."""
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "team_domain": "test",
        "channel_id": channel or f"D{user}",
        "channel_name": "general" if channel else "directmessage",
        "user_id": user,
        "user_name": user.lower(),
        "command": name,
        "text": text,
        "api_app_id": APP,
        "response_url": response_url,
        "trigger_id": f"trigger-{_next()}",
    }


def settings_submitted(user: str, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": APP,
        "token": "legacy-verification-token",
        "trigger_id": f"trigger-{_next()}",
        "view": {
            "id": "V0MODAL",
            "type": "modal",
            "callback_id": "nudge_settings",
            "private_metadata": "",
            "hash": "h1",
            "state": {"values": values},
        },
    }


def form_values(
    time: str = "08:30",
    zone: str = "Asia/Tokyo",
    days: tuple[str, ...] = ("1", "3", "5"),
    focus: tuple[str, ...] = ("fear_of_rejection",),
    share: bool = True,
) -> dict[str, Any]:
    def checked(values: tuple[str, ...]) -> dict[str, Any]:
        return {"type": "checkboxes", "selected_options": [{"value": v} for v in values]}

    return {
        "time": {"value": {"type": "timepicker", "selected_time": time}},
        "zone": {"value": {"type": "plain_text_input", "value": zone}},
        "days": {"value": checked(days)},
        "focus": {"value": checked(focus)},
        "share": {"value": checked(("share",) if share else ())},
    }


def as_form(payload: dict[str, Any]) -> dict[str, str]:
    """Interactivity over HTTP: the JSON payload in a ``payload`` form field."""
    return {"payload": json.dumps(payload)}
