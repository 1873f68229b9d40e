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
from typing import TypeVar
from zoneinfo import ZoneInfo

from dotenv import dotenv_values

from bot.preferences import Invalid, parse_time, parse_weekdays, parse_zone

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///nudgebot.db"
T = TypeVar("T")
UTC_ZONE = ZoneInfo("UTC")


class SettingsError(Exception):
    """A setting that cannot be used; the message names the key and what to write instead."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    log_level: str = "INFO"
    content_dir: Path | None = None
    default_zone: ZoneInfo = UTC_ZONE
    default_time: time = time(9, 0)
    default_weekdays: frozenset[int] = frozenset(range(1, 6))

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
    return Settings(
        database_url=get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        log_level=(get("LOG_LEVEL") or "INFO").upper(),
        content_dir=Path(content_dir) if content_dir else None,
        default_zone=_parsed("DEFAULT_TIMEZONE", get("DEFAULT_TIMEZONE") or "UTC", parse_zone),
        default_time=_parsed(
            "DEFAULT_NUDGE_TIME", get("DEFAULT_NUDGE_TIME") or "09:00", parse_time
        ),
        default_weekdays=_parsed(
            "DEFAULT_WEEKDAYS", get("DEFAULT_WEEKDAYS") or "mon-fri", parse_weekdays
        ),
    )


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
