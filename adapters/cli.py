"""The ``nudgebot`` command line."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import bot
from adapters import members_cli
from bot.catalog import CatalogError, content_check_report
from bot.config import Settings, SettingsError, database_url_problem, load_settings, redact_url
from bot.preferences import Invalid, parse_zone
from bot.storage.database import DatabaseUnavailable

PLATFORMS = ("slack", "discord")
#: The extra that installs a library `make demo` leaves out (``pip install -e '.[slack]'``).
EXTRAS = {
    "slack_bolt": "slack",
    "slack_sdk": "slack",
    "discord": "discord",
    "asyncpg": "postgres",
    "aiohttp": "all",
    "apscheduler": "all",
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not hasattr(args, "handler"):
        _parser().print_help()
        return 2
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"Configuration problem: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=getattr(args, "log_level", None) or settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        code = int(args.handler(args, settings))
        sys.stdout.flush()  # here, so that a closed pipe is caught below
        return code
    except CatalogError as error:
        print(f"The content catalog has problems:\n{error}", file=sys.stderr)
        return 1
    except DatabaseUnavailable as error:
        key = "--database" if getattr(args, "database", None) else "DATABASE_URL"
        print(f"Configuration problem: {key}={redact_url(error.url)!r}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as missing:
        library = (missing.name or "").split(".")[0]
        if library not in EXTRAS:
            raise
        print(
            f"This needs {library}, which `make demo` does not install: run "
            f".venv/bin/pip install -e '.[{EXTRAS[library]}]' (or `make test`, which installs "
            "everything).",
            file=sys.stderr,
        )
        return 2
    except BrokenPipeError:
        # The reader went away (`nudgebot content check | head`): stop quietly, as cat does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nudgebot", description="A bot that makes networking a small daily habit."
    )
    parser.add_argument("--version", action="version", version=f"nudgebot {bot.__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo = commands.add_parser("demo", help="chat with the bot in this terminal (no tokens)")
    demo.add_argument("--tz", help="your IANA time zone, e.g. Europe/Berlin")
    demo.add_argument(
        "--start", help="local date and time the demo starts at, e.g. 2026-11-23T09:00"
    )
    demo.add_argument("--database", help="database URL (default: a throwaway SQLite file)")
    demo.add_argument(
        "--files",
        type=Path,
        help="folder for the files the bot hands you (default: nudgebot-demo in the temp folder)",
    )
    demo.set_defaults(handler=_demo, log_level="WARNING")

    run = commands.add_parser("run", help="run the bot on a platform (tokens from the settings)")
    run.add_argument("platform", choices=PLATFORMS, help="which platform to connect to")
    run.set_defaults(handler=_run)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(title="commands", metavar="COMMAND", required=True)
    upgrade = db_commands.add_parser("upgrade", help="bring the schema to the newest version")
    upgrade.set_defaults(handler=_db_upgrade, log_level="WARNING")
    rebuild = db_commands.add_parser(
        "rebuild-state",
        help="rebuild every member's rules state from their history, and say if any differed",
    )
    rebuild.set_defaults(handler=_db_rebuild_state, log_level="WARNING")

    board = commands.add_parser("dashboard", help="serve the team dashboard and print a login link")
    board.add_argument("--database", help="database URL (default: DATABASE_URL from the settings)")
    board.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    board.add_argument("--port", type=int, default=8050, help="port to listen on (default 8050)")
    board.set_defaults(handler=_dashboard)

    _discord_commands(commands)
    members_cli.add_commands(commands)

    content = commands.add_parser("content", help="the challenge and tip catalog")
    content_commands = content.add_subparsers(title="commands", metavar="COMMAND", required=True)
    check = content_commands.add_parser("check", help="validate the catalog and print its coverage")
    check.add_argument("--dir", type=Path, help="a team content directory to check too")
    check.set_defaults(handler=_content_check)
    return parser


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from adapters.console.demo import run_demo

    zone = parse_zone(args.tz) if args.tz else None
    if isinstance(zone, Invalid):
        print(f"--tz {args.tz}: {zone.message}", file=sys.stderr)
        return 2
    start = _demo_start(args.start)
    if isinstance(start, Invalid):
        print(f"--start {args.start}: {start.message}", file=sys.stderr)
        return 2
    if args.database and (problem := database_url_problem(args.database)):
        print(f"--database {redact_url(args.database)}: {problem}", file=sys.stderr)
        return 2
    if args.files is not None and (problem := _unwritable(args.files)):
        print(f"--files {args.files}: {problem}", file=sys.stderr)
        return 2
    return asyncio.run(run_demo(settings, zone, start, args.database, args.files))


#: The demo's clock runs forward from --start by days and weeks; these years leave room for it.
DEMO_YEARS = (2000, 2999)


def _demo_start(raw: str | None) -> datetime | Invalid | None:
    example = "give a local date and time like 2026-11-23T09:00"
    if not raw:
        return None
    try:
        start = datetime.fromisoformat(raw).replace(tzinfo=None)
    except ValueError:
        return Invalid(f"that isn't a date and time; {example}.")
    first, last = DEMO_YEARS
    if not first <= start.year <= last:
        return Invalid(f"the demo runs between the years {first} and {last}; {example}.")
    return start


def _unwritable(folder: Path) -> str | None:
    """Why the bot could not save files in ``folder`` (created if missing); None if it can."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"can't create that folder ({error.strerror or error}); give one you can write to."
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        return "can't write files there; give a folder you can write to."
    return None


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """Each platform package has an ``app`` module whose ``main(settings)`` runs the bot."""
    try:
        app = importlib.import_module(f"adapters.{args.platform}.app")
    except ModuleNotFoundError as missing:
        if missing.name and missing.name.startswith(f"adapters.{args.platform}"):
            print(f"The {args.platform} adapter isn't part of this version yet.", file=sys.stderr)
            return 2
        raise
    return int(app.main(settings))


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from adapters import database_cli

    return database_cli.upgrade(settings)


def _db_rebuild_state(args: argparse.Namespace, settings: Settings) -> int:
    from adapters import database_cli

    return database_cli.rebuild_state(settings)


def _dashboard(args: argparse.Namespace, settings: Settings) -> int:
    from adapters.web.server import serve

    try:
        asyncio.run(serve(settings, args.database or settings.database_url, args.host, args.port))
    except OSError as error:
        print(
            f"The dashboard could not listen on {args.host}:{args.port}: {error.strerror}. "
            "Pick another port with --port.",
            file=sys.stderr,
        )
        return 1
    return 0


def _content_check(args: argparse.Namespace, settings: Settings) -> int:
    report, ok = content_check_report(args.dir or settings.content_dir)
    print(report)
    return 0 if ok else 1


# -- nudgebot discord … ---------------------------------------------------------------------------


def _discord_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("discord", help="Discord set-up helpers")
    group_commands = group.add_subparsers(title="commands", metavar="COMMAND", required=True)
    invite = group_commands.add_parser(
        "invite-url", help="print the link that adds the bot to a server"
    )
    invite.add_argument(
        "--client-id", type=int, help="the application id (default: read from DISCORD_TOKEN)"
    )
    invite.set_defaults(handler=_discord_invite_url)
    deliver = group_commands.add_parser(
        "deliver",
        help="deliver nudges over REST only, beside one 'nudgebot run discord' (shared database)",
    )
    deliver.set_defaults(handler=_discord_deliver)


def _discord_deliver(args: argparse.Namespace, settings: Settings) -> int:
    from adapters.discord.app import main as run_discord

    return run_discord(settings, gateway=False)


def _discord_invite_url(args: argparse.Namespace, settings: Settings) -> int:
    from adapters.discord.invite import client_id_from_token, invite_url

    token = settings.discord_token.reveal() if settings.discord_token else ""
    client_id = args.client_id or client_id_from_token(token)
    if client_id is None:
        print(
            "Pass --client-id (Developer Portal → your application → General Information → "
            "Application ID), or set DISCORD_TOKEN.",
            file=sys.stderr,
        )
        return 2
    print(invite_url(client_id))
    return 0
