"""``/network-admin``'s options, written as the core's text (``channel 123 digest fri 16:30 …``).

Discord hands over the options typed: the channel is picked from the server's text channels and
the digest day from a list, so only the time and the zone can be mistyped. Both are read with the
core's parsers first, so a mistake explains itself and nothing else in the text can be misread.
"""

from __future__ import annotations

from discord import app_commands

from bot.preferences import DAY_NAMES, Invalid, parse_time, parse_zone
from bot.team_settings import ADMIN_USAGE

OFF = "off"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DIGEST_DAYS = [
    *(app_commands.Choice(name=n, value=v) for n, v in zip(WEEKDAYS, DAY_NAMES, strict=True)),
    app_commands.Choice(name="Off (no weekly digest)", value=OFF),
]
#: What to type on Discord, in place of the core's text commands (``channel here``).
USAGE = (
    "Fill in the options you want to change: `channel` (where shared wins and the digest go; "
    "`stop_sharing` stops posting), "
    "`digest_day` and `digest_time` (e.g. Friday, 16:30; `Off` stops the digest), `zone` "
    "(e.g. Europe/Berlin) and `leaderboard`. With no options you see the current settings."
)


def admin_text(
    *,
    channel: int | None,
    stop_sharing: bool | None = None,
    digest_day: str | None,
    digest_time: str | None,
    zone: str | None,
    leaderboard: bool | None,
) -> str | Invalid:
    """The options filled in, as ``/network-admin`` text; the first bad one explains itself."""
    words: list[str] = []
    if channel is not None and stop_sharing is True:
        return Invalid("Pick a `channel` or `stop_sharing`, not both.")
    if channel is not None:
        words += ["channel", str(channel)]
    elif stop_sharing is True:
        words += ["channel", "off"]
    if digest_day is not None or digest_time is not None:
        digest = _digest(digest_day, digest_time)
        if isinstance(digest, Invalid):
            return digest
        words += ["digest", digest]
    if zone is not None:
        parsed = parse_zone(zone)
        if isinstance(parsed, Invalid):
            return parsed
        words += ["zone", parsed.key]
    if leaderboard is not None:
        words += ["leaderboard", "on" if leaderboard is True else "off"]
    return " ".join(words)


def _digest(day: str | None, at: str | None) -> str | Invalid:
    """``fri 16:30``, ``fri``, ``16:30`` (the stored day kept) or ``off`` (the time ignored)."""
    if day is not None and day.strip().lower() == OFF:
        return OFF
    words = []
    if day is not None:
        if day.strip().lower() not in DAY_NAMES:
            return Invalid(f"Pick the digest day from the list: {', '.join(DAY_NAMES)} or off.")
        words.append(day.strip().lower())
    if at is not None:
        parsed = parse_time(at)
        if isinstance(parsed, Invalid):
            return parsed
        words.append(f"{parsed:%H:%M}")
    return " ".join(words)


def for_discord(text: str) -> str:
    """The core's answer with its usage line (text commands, as typed on Slack) made Discord's."""
    return text.replace(ADMIN_USAGE, USAGE)
