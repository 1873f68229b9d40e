"""``nudgebot members import FILE.csv`` and ``nudgebot members list``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from adapters import database_cli
from adapters.members_csv import COLUMNS, read_members
from bot.bootstrap import running
from bot.config import Settings
from bot.ports import MemberRef, TemporaryDeliveryError, Unreachable
from bot.preferences import format_weekdays
from bot.services import roster
from bot.views import Button, ChallengeCard, ChannelRef

SILENT = "the command line sends no messages"


class NoMessages:
    """The command line enrols and lists; it never messages anyone."""

    async def send_text(self, to: MemberRef, text: str, buttons: tuple[Button, ...] = ()) -> None:
        raise TemporaryDeliveryError(SILENT)

    async def send_card(self, to: MemberRef, card: ChallengeCard) -> None:
        raise TemporaryDeliveryError(SILENT)

    async def update_card(self, to: MemberRef, message_ref: str, card: ChallengeCard) -> None:
        raise TemporaryDeliveryError(SILENT)

    async def find_sent(self, to: MemberRef, card: ChallengeCard) -> None:
        return None

    async def post(self, channel: ChannelRef, text: str) -> None:
        raise TemporaryDeliveryError(SILENT)

    async def introduce(self, members: Sequence[MemberRef], text: str) -> None:
        raise TemporaryDeliveryError(SILENT)

    def mention(self, target: MemberRef | ChannelRef) -> str:
        return target.user_id if isinstance(target, MemberRef) else target.channel_id

    def explain(self, kind: Unreachable) -> str:
        return SILENT


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("members", help="enrol members in bulk, list members")
    group_commands = group.add_subparsers(title="commands", metavar="COMMAND", required=True)
    enrol = group_commands.add_parser(
        "import",
        help=f"enrol the members in a CSV file with the columns {','.join(COLUMNS)}",
        description="Each member's first nudge (with a welcome) comes at their next nudge time. "
        "Rows with problems are reported by line; the other rows are enrolled.",
    )
    enrol.add_argument("file", type=Path)
    enrol.set_defaults(handler=_import, log_level="WARNING")
    listing = group_commands.add_parser("list", help="list members and their next nudge")
    listing.add_argument("--platform", choices=("slack", "discord", "console"))
    listing.set_defaults(handler=_list, log_level="WARNING")


def _import(args: argparse.Namespace, settings: Settings) -> int:
    parsed = read_members(args.file)
    if parsed.unusable:
        print(parsed.unusable, file=sys.stderr)
        return 2
    for error in parsed.errors:
        print(error, file=sys.stderr)
    if parsed.entries:
        database_cli.say_which(settings)

        async def enrol() -> roster.Enrolled:
            async with running(settings, NoMessages()) as ctx:
                return await roster.enrol(ctx, parsed.entries)

        done = asyncio.run(enrol())
        print(f"Enrolled {_count(done.added, 'new member')}, updated {done.updated}.")
    if parsed.errors:
        rows = _count(len(parsed.errors), "row")
        verb = "was" if len(parsed.errors) == 1 else "were"
        print(f"{rows} {verb} not imported (see above).", file=sys.stderr)
    return 1 if parsed.errors else 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _list(args: argparse.Namespace, settings: Settings) -> int:
    if problem := database_cli.missing(settings):
        print(problem, file=sys.stderr)
        return 2
    database_cli.say_which(settings)

    async def listed() -> list[roster.Listed]:
        async with running(settings, NoMessages()) as ctx:
            return await roster.members(ctx, args.platform)

    rows = asyncio.run(listed())
    header = ("platform", "workspace", "user", "zone", "time", "days", "status", "next nudge")
    table = [header] + [
        (
            m.ref.platform,
            m.ref.workspace or m.team or "-",
            m.ref.user_id,
            m.zone,
            f"{m.nudge_time:%H:%M}",
            format_weekdays(m.weekdays),
            m.status if not m.reason else f"{m.status} ({m.reason})",
            f"{m.next_nudge:%a %d %b %H:%M}" if m.next_nudge else "-",
        )
        for m in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    print(_count(len(rows), "member"))
    return 0
