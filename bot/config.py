"""Settings: loaded once from the environment and ``.env``; nothing else reads ``os.environ``.

Every key is listed, with its default, in ``.env.example``. Values already in the environment win
over the ``.env`` file, so a deployment can override a developer's file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from dotenv import dotenv_values

from bot.preferences import Invalid, parse_time, parse_weekdays, parse_zone
from bot.vocabulary import WORKDAYS

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///nudgebot.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
#: The async drivers the storage speaks, by URL scheme; other spellings get a suggestion.
DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
ALIASES = {"postgres": "postgresql"}
URL_EXAMPLES = "sqlite+aiosqlite:///nudgebot.db or postgresql+asyncpg://user:password@host/db"
T = TypeVar("T")
UTC_ZONE = ZoneInfo("UTC")


class Secret:
    """A token or password: usable through :meth:`reveal`, never shown by repr, str or logs."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


class SettingsError(Exception):
    """A setting that cannot be used; the message names the key and what to write instead."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    log_level: str = "INFO"
    content_dir: Path | None = None
    default_zone: ZoneInfo = UTC_ZONE
    default_time: time = time(9, 0)
    default_weekdays: frozenset[int] = WORKDAYS
    #: Seconds between two runs of the delivery tick.
    nudge_tick_seconds: float = 30.0
    #: Seconds a stopping bot keeps handling stored inbound work before it leaves the rest in
    #: the inbox for the next start.
    shutdown_grace_seconds: float = 20.0
    #: Where HTTP mode listens (Slack events, /healthz).
    host: str = "0.0.0.0"
    port: int = 3000
    #: Where a Discord process serves /healthz, /readyz and /metrics (on ``host``); None: it
    #: doesn't (Slack serves them on ``port``).
    health_port: int | None = None
    slack_bot_token: Secret | None = None
    slack_app_token: Secret | None = None
    slack_signing_secret: Secret | None = None
    slack_client_id: str | None = None
    slack_client_secret: Secret | None = None
    #: Web API base URL override (GovSlack, a local test server).
    slack_api_url: str | None = None
    discord_token: Secret | None = None
    #: Sync slash commands to this guild only (instant, for development).
    discord_dev_guild: int | None = None
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    #: Shard count for an AutoShardedClient; 0 means a single plain client.
    discord_shards: int = 0
    #: Where ``nudgebot dashboard`` is reached from a browser (its public base URL, e.g.
    #: ``https://dash.example.com``); None: ``/network-admin dashboard`` is off.
    dashboard_url: str | None = None
    #: Where ``nudgebot run slack`` / ``run discord`` also serve the dashboard; None: they don't.
    dashboard_host: str = "127.0.0.1"
    dashboard_port: int | None = None

    def __repr__(self) -> str:
        # The URL may carry a password: show only the part before the credentials.
        return f"Settings(database={redact_url(self.database_url)!r}, log_level={self.log_level!r})"


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: str | Path | None = ".env"
) -> Settings:
    values: dict[str, str] = {}
    if env_file is not None and Path(env_file).is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    get = values.get
    content_dir = get("NUDGEBOT_CONTENT_DIR") or None
    database_url = get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if problem := database_url_problem(database_url):
        raise SettingsError(f"DATABASE_URL={redact_url(database_url)!r}: {problem}")
    log_level = (get("LOG_LEVEL") or "INFO").strip().upper()
    if log_level not in LOG_LEVELS:
        raise SettingsError(
            f"LOG_LEVEL={get('LOG_LEVEL')!r}: expected one of {', '.join(LOG_LEVELS)}."
        )
    dashboard_port = _port(get("DASHBOARD_PORT"), "DASHBOARD_PORT", None)
    return Settings(
        database_url=database_url,
        log_level=log_level,
        content_dir=Path(content_dir) if content_dir else None,
        default_zone=_parsed("DEFAULT_TIMEZONE", get("DEFAULT_TIMEZONE") or "UTC", parse_zone),
        default_time=_parsed(
            "DEFAULT_NUDGE_TIME", get("DEFAULT_NUDGE_TIME") or "09:00", parse_time
        ),
        default_weekdays=_parsed(
            "DEFAULT_WEEKDAYS", get("DEFAULT_WEEKDAYS") or "mon-fri", parse_weekdays
        ),
        nudge_tick_seconds=_number("NUDGE_TICK_SECONDS", get("NUDGE_TICK_SECONDS"), 30, float),
        shutdown_grace_seconds=_number(
            "SHUTDOWN_GRACE_SECONDS", get("SHUTDOWN_GRACE_SECONDS"), 20.0, float
        ),
        host=get("HOST") or "0.0.0.0",
        port=_port(get("PORT")),
        health_port=_port(get("HEALTH_PORT"), "HEALTH_PORT", None),
        slack_bot_token=_secret(get("SLACK_BOT_TOKEN")),
        slack_app_token=_secret(get("SLACK_APP_TOKEN")),
        slack_signing_secret=_secret(get("SLACK_SIGNING_SECRET")),
        slack_client_id=get("SLACK_CLIENT_ID") or None,
        slack_client_secret=_secret(get("SLACK_CLIENT_SECRET")),
        slack_api_url=get("SLACK_API_URL") or None,
        discord_token=_secret(get("DISCORD_TOKEN")),
        discord_dev_guild=_number("DISCORD_DEV_GUILD", get("DISCORD_DEV_GUILD"), None, int),
        discord_api_base=get("DISCORD_API_BASE") or None,
        discord_gateway_url=get("DISCORD_GATEWAY_URL") or None,
        discord_shards=_number("DISCORD_SHARDS", get("DISCORD_SHARDS"), 0, int),
        dashboard_url=(get("DASHBOARD_URL") or "").rstrip("/") or _served_at(dashboard_port),
        dashboard_host=get("DASHBOARD_HOST") or "127.0.0.1",
        dashboard_port=dashboard_port,
    )


def _served_at(port: int | None) -> str | None:
    """Without DASHBOARD_URL, a dashboard the bot serves is reached on this machine."""
    return f"http://127.0.0.1:{port}" if port is not None else None


def _secret(raw: str | None) -> Secret | None:
    return Secret(raw) if raw else None


N = TypeVar("N", int, float)


def _number(key: str, raw: str | None, default: Any, kind: Callable[[str], N]) -> Any:
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SettingsError(f"{key}={raw!r}: expected a number.") from None
    if value < 0:
        raise SettingsError(f"{key}={raw!r}: expected a number of zero or more.")
    return value


def _port(raw: str | None, key: str = "PORT", default: int | None = 3000) -> Any:
    port: int | None = _number(key, raw, default, int)
    if port is not None and not 1 <= port <= MAX_PORT:
        raise SettingsError(f"{key}={raw!r}: expected a port number from 1 to {MAX_PORT}.")
    return port


MAX_PORT = 65535


def database_url_problem(url: str) -> str | None:
    """What is wrong with a database URL, with the spelling to use instead; None if it's usable.

    Only the async drivers work: ``postgresql://`` (which SQLAlchemy reads as psycopg2) gets
    ``postgresql+asyncpg://`` suggested.
    """
    scheme, sep, rest = url.strip().partition("://")
    dialect, _, driver = scheme.lower().partition("+")
    dialect = ALIASES.get(dialect, dialect)
    if not sep or dialect not in DRIVERS:
        return f"expected a URL like {URL_EXAMPLES}."
    wanted = DRIVERS[dialect]
    if f"{dialect}+{driver}" != wanted:
        return f"use the {wanted.partition('+')[2]} driver: {redact_url(f'{wanted}://{rest}')}"
    return None


def _parsed(key: str, raw: str, parse: Callable[[str], T | Invalid]) -> T:
    value = parse(raw)
    if isinstance(value, Invalid):
        raise SettingsError(f"{key}={raw!r}: {value.message}")
    return value


def redact_url(url: str) -> str:
    """``postgresql+asyncpg://user:secret@host/db`` → ``postgresql+asyncpg://user:***@host/db``."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
