"""The ``/network-settings`` modal: built prefilled, and its submission read back into a change.

Slack keeps a submitted form's values under ``view.state.values[block_id][action_id]``. Values a
person typed are checked with the core's own parsers, and a bad one is answered with Slack's
``response_action: errors`` so the message appears under that field and the form stays open.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from adapters.slack.blocks import Block
from bot.preferences import Invalid, SettingsChange, parse_time, parse_zone
from bot.services.settings import CurrentSettings
from bot.vocabulary import DAY_FULL_NAMES, FOCUS_TAGS

CALLBACK_ID = "nudge_settings"
VALUE = "value"
FOCUS_LABELS = {
    "fear_of_rejection": "Fear of rejection",
    "low_confidence": "Low confidence",
    "self_promotion": "Dislike of self-promotion",
    "insincerity": "Feels insincere",
    "mentor": "Finding a mentor",
    "visibility": "Being visible",
    "new_role": "A new role",
    "business": "Business",
    "learning": "Learning",
}
SHARE = "share"


def modal(
    current: CurrentSettings | None,
    zone: str,
    default_time: time,
    default_days: frozenset[int],
) -> Block:
    """The form, prefilled with the member's settings and ``zone`` (their Slack profile's)."""
    nudge_time = current.nudge_time if current else default_time
    days = current.weekdays if current else default_days
    focus = current.focus if current else frozenset()
    share = current.share_wins if current else False
    day_options = [_option(label, str(n)) for n, label in enumerate(DAY_FULL_NAMES, start=1)]
    focus_options = [_option(FOCUS_LABELS.get(t, t), t) for t in FOCUS_TAGS]
    share_option = _option("Share my wins with the team when I choose to", SHARE)
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": {"type": "plain_text", "text": "Nudge settings"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _input(
                "time",
                "Nudge time",
                {"type": "timepicker", "initial_time": f"{nudge_time:%H:%M}"},
            ),
            _input(
                "zone",
                "Time zone",
                {"type": "plain_text_input", "initial_value": zone},
                hint="An IANA name such as Europe/Berlin or America/New_York.",
            ),
            _input(
                "days",
                "Days",
                _checkboxes(day_options, [o for o in day_options if int(o["value"]) in days]),
            ),
            _input(
                "focus",
                "What to focus on",
                _checkboxes(focus_options, [o for o in focus_options if o["value"] in focus]),
                optional=True,
            ),
            _input(
                "share",
                "Wins",
                _checkboxes([share_option], [share_option] if share else []),
                optional=True,
            ),
        ],
    }


#: The days' option values; ``str.isdigit`` would let ``²`` through to ``int``.
_DAY_VALUES = {str(n): n for n in range(1, 8)}


def read(values: dict[str, Any]) -> SettingsChange | dict[str, str]:
    """The submitted change, or ``{block_id: message}`` for the fields to correct."""
    errors: dict[str, str] = {}
    nudge_time = parse_time(_text(values, "time", "selected_time"))
    if isinstance(nudge_time, Invalid):
        errors["time"] = "Pick a time, such as 08:30."
    zone = parse_zone(_text(values, "zone", "value"))
    if isinstance(zone, Invalid):
        errors["zone"] = zone.message.replace("`", "")
    days = frozenset(_DAY_VALUES[v] for v in _selected(values, "days") if v in _DAY_VALUES)
    if not days:
        errors["days"] = "Pick at least one day."
    if errors or isinstance(nudge_time, Invalid) or isinstance(zone, Invalid):
        return errors
    return SettingsChange(
        zone=zone,
        nudge_time=nudge_time,
        weekdays=days,
        focus=frozenset(v for v in _selected(values, "focus") if v in FOCUS_TAGS),
        share_wins=SHARE in _selected(values, "share"),
    )


def _field(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = values.get(block_id)
    field = block.get(VALUE) if isinstance(block, dict) else None
    return field if isinstance(field, dict) else {}


def _text(values: dict[str, Any], block_id: str, key: str) -> str:
    text = _field(values, block_id).get(key)
    return text if isinstance(text, str) else ""


def _selected(values: dict[str, Any], block_id: str) -> list[str]:
    options = _field(values, block_id).get("selected_options")
    if not isinstance(options, list):
        return []
    return [str(o.get("value", "")) for o in options if isinstance(o, dict)]


def _input(
    block_id: str, label: str, element: Block, optional: bool = False, hint: str | None = None
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {**element, "action_id": VALUE},
        "optional": optional,
    }
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _checkboxes(options: list[Block], selected: list[Block]) -> Block:
    element: Block = {"type": "checkboxes", "options": options}
    if selected:
        element["initial_options"] = selected
    return element


def _option(label: str, value: str) -> Block:
    return {"text": {"type": "plain_text", "text": label}, "value": value}
