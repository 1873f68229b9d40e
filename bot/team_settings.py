"""Reading a team admin's ``/network-admin`` text: wins channel, digest slot, zone, leaderboard.

``channel here digest fri 16:30 zone Europe/Berlin leaderboard on`` sets all four; any subset
works, and an empty text changes nothing (the current settings are shown instead). Like the
member's preferences, parsing never raises: it returns the change or what to type instead.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import time
from typing import Any

from bot.preferences import Invalid, parse_pairs, parse_switch, parse_time, parse_zone
from bot.vocabulary import DAY_NAMES, day_number

#: A channel value that switches sharing off; a digest day that switches the digest off.
NO_CHANNEL = ""
NO_DIGEST = 0

ADMIN_USAGE = (
    "For example: `/network-admin channel here` (run it in the wins channel), "
    "`/network-admin digest fri 16:30`, `/network-admin zone Europe/Berlin`, "
    "`/network-admin leaderboard on`. Use `off` to stop sharing (`channel off`) or the digest "
    "(`digest off`)."
)


@dataclass(frozen=True)
class TeamChange:
    """What an admin asked to change; None means unchanged."""

    #: A channel id, or NO_CHANNEL to stop posting wins.
    channel: str | None = None
    #: ISO weekday of the digest, or NO_DIGEST to stop it.
    digest_day: int | None = None
    digest_time: time | None = None
    zone: zoneinfo.ZoneInfo | None = None
    leaderboard: bool | None = None

    def is_empty(self) -> bool:
        return self == TeamChange()


def parse_team_settings(text: str, here: str | None = None) -> TeamChange | Invalid:
    """``here`` is the channel the command was typed in, what ``channel here`` means."""

    def channel(value: str) -> str | Invalid:
        word = value.strip()
        if word.lower() == "off":
            return NO_CHANNEL
        if word.lower() == "here":
            return here or Invalid("Run `/network-admin channel here` inside the wins channel.")
        if word.isascii() and word.replace("-", "").replace("_", "").isalnum():
            return word
        return Invalid(f"“{word}” isn't a channel I can use. {ADMIN_USAGE}")

    def digest(value: str) -> tuple[int | None, time | None] | Invalid:
        words = value.lower().replace(",", " ").split()
        if words == ["off"]:
            return NO_DIGEST, None
        day: int | None = None
        at: time | None = None
        for word in words:
            number = day_number(word)
            if number is not None and day is None:
                day = number
                continue
            parsed = parse_time(word)
            if isinstance(parsed, Invalid) or at is not None:
                names = ", ".join(DAY_NAMES)
                return Invalid(f"For the digest give a day ({names}) and a time, e.g. `fri 16:30`.")
            at = parsed
        return day, at

    keys = {"channel": "channel", "digest": "digest", "zone": "zone", "tz": "zone"}
    keys |= {"leaderboard": "leaderboard"}
    parsers = {
        "channel": channel,
        "digest": digest,
        "zone": parse_zone,
        "leaderboard": parse_switch,
    }
    values: dict[str, Any] | Invalid = parse_pairs(text, keys, parsers, ADMIN_USAGE, "team setting")
    if isinstance(values, Invalid):
        return values
    if "digest" in values:
        values["digest_day"], values["digest_time"] = values.pop("digest")
    return TeamChange(**values)
