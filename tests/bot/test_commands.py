"""The command registry: every front end reads the same words into the same commands."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from bot import commands as c
from bot.commands import InputStyle, Mistyped, Origin
from bot.ports import MemberRef
from bot.preferences import SettingsChange, settings_change
from bot.services.inbound import HANDLERS
from bot.services.texts import help_text
from bot.team_settings import TeamChange, team_change

ANA = Origin(MemberRef("slack", "T1", "U1"), channel="C9")


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("/network-tip fear", c.Tip("fear")),
        ("/NETWORK-TIP", c.Tip("")),
        ("/network-streak whatever", c.Streak()),
        ("/network-join", c.Join()),
        ("/network-pause 3 days", c.Pause("3 days")),
        ("/network-resume", c.Resume()),
        ("/network-win  Had coffee with Sam ", c.Win("Had coffee with Sam")),
        ("/network-win Had\x00 coffee\x07\nwith Sam", c.Win("Had coffee\nwith Sam")),
        ("/network-link ab12cd", c.Link("ab12cd")),
        ("/network-export", c.Export()),
        ("/network-forget", c.Forget(False)),
        ("/network-forget YES", c.Forget(True)),
        ("/network-settings", c.ChangeSettings(SettingsChange())),
        (
            "/network-settings time 8:30 share on",
            c.ChangeSettings(SettingsChange(nudge_time=time(8, 30), share_wins=True)),
        ),
        ("/network-admin channel here", c.AdminChange(TeamChange(channel="C9"))),
        (
            "/network-admin digest fri 16:30",
            c.AdminChange(TeamChange(digest_day=5, digest_time=time(16, 30))),
        ),
    ],
)
def test_a_typed_line_becomes_its_command(line: str, command: c.Command) -> None:
    assert c.read(line, ANA) == command


def test_what_names_no_command_is_not_one() -> None:
    assert c.read("done", ANA) is None
    assert c.read("/network-nope", ANA) is None
    assert c.read("network-tip", ANA) is None  # a reply that happens to say a name


def test_a_mistyped_command_says_what_to_type_and_keeps_its_name() -> None:
    mistyped = c.read("/network-settings time 25:99", ANA)
    assert isinstance(mistyped, Mistyped) and mistyped.name == "network-settings"
    assert "isn't a time I can use" in mistyped.message
    admin = c.read("/network-admin colour blue", ANA)
    assert isinstance(admin, Mistyped) and admin.name == "network-admin"


def test_options_and_words_build_the_same_commands() -> None:
    typed = c.read("/network-settings zone Europe/Berlin days mon,wed", ANA)
    filled = c.change_settings(settings_change(zone="europe/berlin", days="mon,wed"))
    assert (
        typed
        == filled
        == c.ChangeSettings(
            SettingsChange(zone=ZoneInfo("Europe/Berlin"), weekdays=frozenset({1, 3}))
        )
    )
    typed_admin = c.read("/network-admin digest off leaderboard on", ANA)
    filled_admin = c.admin_change(team_change(digest_day="off", leaderboard=True))
    assert typed_admin == filled_admin


def test_every_command_has_one_handler_and_a_summary() -> None:
    built = {type(spec.parse("", ANA)) for spec in c.REGISTRY.values()}
    assert built - {Mistyped} <= set(HANDLERS)
    assert set(HANDLERS) == set(c.Command.__args__)  # type: ignore[attr-defined]
    assert all(spec.summary and spec.synopsis.startswith("/") for spec in c.REGISTRY.values())


def test_help_lists_the_registry_and_usage_follows_the_front_end() -> None:
    for spec in c.REGISTRY.values():
        assert f"`{spec.synopsis}`" in help_text(date(2026, 11, 23))
    assert "`/network-settings time 08:30`" in c.usage("network-settings", InputStyle.TEXT)
    options = c.usage("network-settings", InputStyle.OPTIONS)
    assert "`time`" in options and "/network-settings" not in options
    assert c.usage("network-tip", InputStyle.OPTIONS) == ""
