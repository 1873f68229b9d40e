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
from bot.public_holidays import UnknownRegion, parse_region
from bot.vocabulary import DAY_NAMES, day_number

#: A channel value that switches sharing off; a digest day that switches the digest off.
NO_CHANNEL = ""
NO_DIGEST = 0
#: ``holidays auto``: each member observes the holidays of the country their zone is in.
BY_ZONE = "auto"

ADMIN_USAGE = (
    "For example: `/network-admin channel here` (run it in the wins channel), "
    "`/network-admin digest fri 16:30`, `/network-admin zone Europe/Berlin`, "
    "`/network-admin leaderboard on`, `/network-admin holidays GB` (`auto`: each member's own "
    "country). Use `off` to stop sharing (`channel off`), the digest (`digest off`) or holidays."
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
    #: The members' default holiday region, "" for none, or BY_ZONE.
    holidays: str | None = None

    def is_empty(self) -> bool:
        return self == TeamChange()


def read_team_holidays(value: str) -> str | Invalid:
    """``GB``, ``US-CA``, ``off``, or ``auto`` (BY_ZONE)."""
    if value.strip().lower() in (BY_ZONE, "zone"):
        return BY_ZONE
    region = parse_region(value)
    return Invalid(region.message) if isinstance(region, UnknownRegion) else region


def read_channel(value: str, here: str | None = None) -> str | Invalid:
    """A channel id, ``here`` (the channel the command was typed in) or ``off``."""
    word = value.strip()
    if word.lower() == "off":
        return NO_CHANNEL
    if word.lower() == "here":
        return here or Invalid("Run `/network-admin channel here` inside the wins channel.")
    if word.isascii() and word.replace("-", "").replace("_", "").isalnum():
        return word
    return Invalid(f"“{word}” isn't a channel I can use. {ADMIN_USAGE}")


def parse_team_settings(text: str, here: str | None = None) -> TeamChange | Invalid:
    """``here`` is the channel the command was typed in, what ``channel here`` means."""

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
    keys |= {"leaderboard": "leaderboard", "holidays": "holidays", "holiday": "holidays"}
    parsers = {
        "channel": lambda value: read_channel(value, here),
        "digest": digest,
        "zone": parse_zone,
        "leaderboard": parse_switch,
        "holidays": read_team_holidays,
    }
    values: dict[str, Any] | Invalid = parse_pairs(text, keys, parsers, ADMIN_USAGE, "team setting")
    if isinstance(values, Invalid):
        return values
    if "digest" in values:
        values["digest_day"], values["digest_time"] = values.pop("digest")
    return TeamChange(**values)


def team_change(
    *,
    channel: str | int | None = None,
    stop_sharing: bool | None = None,
    digest_day: str | None = None,
    digest_time: str | None = None,
    zone: str | None = None,
    leaderboard: bool | None = None,
    holidays: str | None = None,
) -> TeamChange | Invalid:
    """Team settings filled in as separate fields (Discord's options), read with the same
    readers as the typed form. A digest day of ``off`` stops the digest (a time is then
    ignored); a time alone keeps the day. The first bad field explains itself."""
    if channel is not None and stop_sharing is True:
        return Invalid("Pick a `channel` or `stop_sharing`, not both.")
    values: dict[str, Any] = {}
    if channel is not None:
        values["channel"] = read_channel(str(channel))
    elif stop_sharing is True:
        values["channel"] = NO_CHANNEL
    if digest_day is not None:
        word = digest_day.strip().lower()
        number = NO_DIGEST if word == "off" else day_number(word)
        if number is None:
            names = ", ".join(DAY_NAMES)
            return Invalid(f"Pick the digest day from the list: {names} or off.")
        values["digest_day"] = number
    if digest_time is not None and values.get("digest_day") != NO_DIGEST:
        values["digest_time"] = parse_time(digest_time)
    if zone is not None:
        values["zone"] = parse_zone(zone)
    if leaderboard is not None:
        values["leaderboard"] = leaderboard is True
    if holidays is not None:
        values["holidays"] = read_team_holidays(holidays)
    invalid = next((v for v in values.values() if isinstance(v, Invalid)), None)
    return invalid or TeamChange(**values)
