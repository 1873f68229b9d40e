"""What the dashboard calls the core's tags and reasons, and what an admin can do about each."""

from __future__ import annotations

from bot.ports import Unreachable

LABELS: dict[str, str] = {
    "fear_of_rejection": "Fear of rejection",
    "low_confidence": "Low confidence",
    "self_promotion": "Dislike of self-promotion",
    "insincerity": "It feels insincere",
    "mentor": "Finding a mentor",
    "visibility": "Being more visible",
    "new_role": "A new role",
    "business": "Growing a business",
    "learning": "Learning",
    "community": "Community",
    Unreachable.DMS_CLOSED: "Direct messages closed",
    Unreachable.NO_ACCESS: "The bot lacks a permission",
    Unreachable.GONE: "Account gone or deactivated",
    Unreachable.NOT_INSTALLED: "The app was removed",
}

ADVICE: dict[str, str] = {
    Unreachable.DMS_CLOSED: (
        "Ask them to allow direct messages from the app; typing /network-join afterwards "
        "starts their nudges again."
    ),
    Unreachable.NO_ACCESS: "Check the bot's permissions in your workspace or server settings.",
    Unreachable.GONE: (
        "Nothing to do unless they come back; their history is kept until they type "
        "/network-forget."
    ),
    Unreachable.NOT_INSTALLED: (
        "Install the app again; members are nudged again once they type /network-join."
    ),
}


def label(tag: str) -> str:
    return LABELS.get(tag, tag.replace("_", " ").capitalize())


def advice(kind: str) -> str:
    return ADVICE.get(kind, "")
