from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.actions import ActionId, Verb, parse_action_id
from bot.config import SettingsError, load_settings, redact_url


def test_action_ids_round_trip_and_reject_anything_else():
    action = ActionId(Verb.DONE, 42)
    assert str(action) == "nudge:v1:done:42"
    assert parse_action_id(str(action)) == action
    for raw in [
        "",
        "nudge:v2:done:1",
        "nudge:v1:explode:1",
        "nudge:v1:done:x",
        "a:b",
        "nudge:v1:done:1:2",
        "nudge:v1:done:2147483648",
        "nudge:v1:done:99999999999999999999999",
        "nudge:v1:done:²",
    ]:
        assert parse_action_id(raw) is None


def test_settings_from_env_file_and_environment(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "DEFAULT_TIMEZONE=Europe/Berlin\nDEFAULT_NUDGE_TIME=08:15\nLOG_LEVEL=debug\n"
    )
    settings = load_settings({"DEFAULT_NUDGE_TIME": "07:00"}, env_file)
    assert settings.default_zone == ZoneInfo("Europe/Berlin")
    assert settings.default_time == time(7, 0)  # the environment wins over the file
    assert settings.log_level == "DEBUG"


def test_bad_settings_name_the_key():
    with pytest.raises(SettingsError, match="DEFAULT_TIMEZONE"):
        load_settings({"DEFAULT_TIMEZONE": "Mars/Base"}, None)


def test_the_bot_serves_the_dashboard_only_with_a_dashboard_port():
    assert load_settings({}, None).dashboard_port is None
    assert load_settings({}, None).dashboard_url is None
    served = load_settings({"DASHBOARD_PORT": "8050"}, None)
    assert (served.dashboard_host, served.dashboard_port) == ("127.0.0.1", 8050)
    assert served.dashboard_url == "http://127.0.0.1:8050"  # where the admins' links point
    public = load_settings({"DASHBOARD_PORT": "8050", "DASHBOARD_URL": "https://d.example/"}, None)
    assert public.dashboard_url == "https://d.example"
    with pytest.raises(SettingsError, match="DASHBOARD_PORT"):
        load_settings({"DASHBOARD_PORT": "99999"}, None)


def test_secrets_stay_out_of_reprs():
    url = "postgresql+asyncpg://bot:hunter2@db.internal/nudgebot"
    assert "hunter2" not in redact_url(url)
    assert "hunter2" not in repr(load_settings({"DATABASE_URL": url}, None))


def test_every_setting_read_is_documented_in_env_example():
    root = Path(__file__).resolve().parents[2]
    read = set(re.findall(r'get\("([A-Z_]+)"\)', (root / "bot" / "config.py").read_text()))
    documented = {
        line.split("=", 1)[0]
        for line in (root / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert read and read == documented
