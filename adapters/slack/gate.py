"""The door of ``/slack/events``: what a request must be before Bolt sees it.

Slack signs every request (``X-Slack-Signature``, v0 HMAC of ``v0:{timestamp}:{body}`` with the
signing secret, timestamp within five minutes) and sends a JSON object, either as the body or
in a form's ``payload`` field. A request that is not that is refused here with a 4xx and one log
line naming the reason, never the body: Bolt would answer some of them with a 500 and a
traceback, and log the body of every unsigned one. Well-formed requests go on to Bolt unchanged,
which checks the signature again.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

#: Top-level fields whose type Bolt relies on when it routes a request.
_IDS = ("enterprise", "team", "user", "channel")  # objects with a string id
_OBJECTS = ("event", "view", "container", "message")
_LISTS_OF_OBJECTS = ("authorizations", "actions", "response_urls")
_EVENT_STRINGS = ("type", "subtype", "text", "channel_type", "ts", "thread_ts", "reaction")
_STRINGS = (
    "event_id",
    "type",
    "team_id",
    "enterprise_id",
    "user_id",
    "channel_id",
    "api_app_id",
    "command",
    "trigger_id",
)


#: Fields Bolt reads inside when they are present at all: present, they must not be null.
_NEVER_NULL = ("event", "view", "actions")
_VIEW_TYPES = ("view_submission", "view_closed")


@dataclass(frozen=True)
class Refused:
    status: int
    reason: str


def check(
    verifier: SignatureVerifier | None, headers: Any, charset: str | None, raw: bytes
) -> str | Refused:
    """The body as text when the request may reach Bolt, or why it may not."""
    if charset is not None and not _known(charset):
        return Refused(415, "unknown charset")
    try:
        text = raw.decode(charset or "utf-8")
    except (UnicodeDecodeError, LookupError):
        return Refused(400, "body is not text in its charset")
    if verifier is not None:
        stamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
            return Refused(401, "missing or malformed timestamp")
        if not signature.isascii():
            return Refused(401, "malformed signature")
        if not verifier.is_valid(body=text, timestamp=stamp, signature=signature):
            return Refused(401, "invalid or stale signature")
    problem = _shape(text, headers.get("Content-Type", ""))
    return Refused(400, problem) if problem else text


def _known(charset: str) -> bool:
    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True


def _shape(text: str, content_type: str) -> str | None:
    """What is wrong with the body's shape, or None."""
    if content_type.startswith("application/json"):
        try:
            body = json.loads(text)
        except ValueError:
            return "body is not JSON"
    else:
        fields = parse_qs(text, keep_blank_values=True)
        if "payload" not in fields:
            return None  # a slash command or ssl_check: flat strings
        try:
            body = json.loads(fields["payload"][0])
        except ValueError:
            return "payload is not JSON"
    if not isinstance(body, dict):
        return "body is not a JSON object"
    for key in _IDS:
        value = body.get(key)
        if value is not None and not (
            isinstance(value, dict) and isinstance(value.get("id", ""), str)
        ):
            return f"{key} is not an object with a string id"
    for key in _OBJECTS:
        if body.get(key) is not None and not isinstance(body[key], dict):
            return f"{key} is not an object"
    for key in _NEVER_NULL:
        if key in body and body[key] is None:
            return f"{key} is null"
    for key in _LISTS_OF_OBJECTS:
        value = body.get(key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, dict) for v in value)
        ):
            return f"{key} is not a list of objects"
    for key in _STRINGS:
        if body.get(key) is not None and not isinstance(body[key], str):
            return f"{key} is not a string"
    urls = [body] + (body.get("response_urls") or [])
    if not all(_is_url(u.get("response_url")) for u in urls if "response_url" in u):
        return "response_url is not a web address"
    event = body.get("event") or {}
    for key in _EVENT_STRINGS:
        if event.get(key) is not None and not isinstance(event[key], str):
            return f"event {key} is not a string"
    for key in ("user", "channel", "item_user"):
        value = event.get(key)
        if value is not None and not (
            isinstance(value, str) or (isinstance(value, dict) and _strings(value, (), ("id",)))
        ):
            return f"event {key} is not a string or an object with a string id"
    if body.get("type") == "block_actions":
        actions = body.get("actions") or []
        if not actions:
            return "block_actions without actions"
        if not all(_strings(a, ("action_id",), ("block_id", "action_ts")) for a in actions):
            return "an action without a string action_id"
    if body.get("type") in _VIEW_TYPES and not _strings(
        body.get("view") or {}, ("type", "callback_id"), ("id",)
    ):
        return "view without a string type and callback_id"
    item = event.get("item")
    if item is not None and not (
        isinstance(item, dict) and _strings(item, (), ("type", "channel", "ts"))
    ):
        return "event item is not an object with string type, channel and ts"
    return None


def _strings(value: dict[str, Any], required: tuple[str, ...], optional: tuple[str, ...]) -> bool:
    """Whether ``value`` has a string for each required key, and for each optional one present."""
    return all(isinstance(value.get(k), str) for k in required) and all(
        isinstance(value[k], str) for k in optional if value.get(k) is not None
    )


def _is_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://"))
