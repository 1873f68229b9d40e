"""Sentences the use cases share: the next-nudge line, status lines, help."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.commands import help_line
from bot.heatmap import Cell
from bot.preferences import pause_example
from bot.storage.tables import Member
from bot.streaks import DayState, StreakSummary

CANNOT_DM = (
    "You're in, but I couldn't send you a direct message. Please allow direct messages from "
    "this app (or server), then type `/network-join` again."
)
POST_FAILED = (
    "(It's saved, but I couldn't post it in the team channel just now. An admin can check the "
    "channel with `/network-admin`.)"
)
PLATFORM_NAMES = {"slack": "Slack", "discord": "Discord", "console": "the terminal"}
NOT_JOINED = "You haven't joined yet. Type `/network-join` to get your first challenge."
TRUNCATED = "(That was long, so I kept the first 2,000 characters.)"

#: The streak text's marks for the days of the week, as the streak picture colours them.
CELL_MARKS = {
    Cell.DONE: "✅",
    Cell.REST: "💤",
    Cell.FROZEN: "❄️",
    Cell.MISSED: "✖️",
    Cell.OPEN: "⏳",
    Cell.PAUSED: "⏸️",
}
STATE_MARKS = {state: CELL_MARKS[Cell(state.value)] for state in DayState}


def help_text(today: date) -> str:
    """Everything a member can type; the pause example is a date two weeks after ``today``."""
    return f"""Here's what I understand in this chat:
• `done` (or ✅, or just tell me how it went): log today's challenge
• `skip`: take a rest day (one a week keeps your streak safe)
• `undo`: take back the last thing you logged
• `too hard`: a smaller step for today, which counts in full; `too easy`: braver ones
• `not yet`, `later`, a question or a worry: just say it, and I'll help you get started
• `can I get a different one?`: swap today's challenge for another
• `win: <what happened>`: share a win with your team
• `pause 3 days` or `{pause_example(today)}`, and `resume`
{help_line()}"""


def platform_name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform)


def next_nudge(member: Member) -> str:
    if member.next_due_at is None:
        return "No nudges are scheduled: check `/network-settings`."
    local = member.next_due_at.astimezone(ZoneInfo(member.zone))
    return f"Your next challenge arrives {local:%a %d %b at %H:%M} ({member.zone})."


def streak_line(summary: StreakSummary) -> str:
    days = "day" if summary.current == 1 else "days"
    line = f"🔥 Streak: {summary.current} {days}"
    if summary.longest > summary.current:
        line += f" (longest {summary.longest})"
    if summary.freezes:
        line += f" · ❄️ {summary.freezes} freeze{'s' if summary.freezes > 1 else ''} saved"
    return line


NOT_DELIVERED = (
    "I couldn't send you a direct message just now; your next challenge will still arrive by "
    "DM at your nudge time."
)
UNREACHABLE = (
    "I can't send you direct messages, so I've put your nudges on hold. "
    "Type `/network-join` to try again."
)
SORRY = "Sorry, something went wrong on my side. Please try again in a minute."
#: Said instead of nothing when a platform that never sends an event again (Discord) brought one
#: the inbox could not store: the member is the one who can retry.
NOT_SAVED = "I couldn't save that just now; please try again in a minute."


def dms_refused(how: str) -> str:
    """The answer to someone whose DMs the platform refuses; ``how`` is the platform's fix."""
    return (
        "I can't send you direct messages, and that's where your daily challenge arrives. "
        f"To let me in: {how}, then run any `/network-` command again."
    )


def back_on(how: str) -> str:
    """The note for a member who reaches us again after their DMs were refused."""
    return (
        "I couldn't reach you by direct message earlier, so your nudges were on hold. "
        f"They're back on: if DMs are still closed, {how}."
    )
