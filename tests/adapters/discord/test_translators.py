"""The adapter's pure pieces: embeds, buttons, files, options, autocomplete, the invite link."""

from __future__ import annotations

import base64
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

import discord
import pytest

from adapters import cli
from adapters.discord.components import TEMPLATE, NudgeButton, button_view, message_parts
from adapters.discord.embeds import LOGGED_COLOUR, OPEN_COLOUR, card_embed
from adapters.discord.invite import client_id_from_token, invite_url
from adapters.discord.settings_options import best_matches
from bot import commands
from bot.actions import ActionId, Verb, parse_action_id
from bot.commands import InputStyle
from bot.preferences import Invalid, SettingsChange, settings_change
from bot.team_settings import ADMIN_USAGE, TeamChange, parse_team_settings, team_change
from bot.views import Attachment, Button, ChallengeCard, Style, nudge_buttons, share_button

NO_ADMIN_OPTIONS = dict.fromkeys(("channel", "digest_day", "digest_time", "zone", "leaderboard"))


def card(status: str | None = None) -> ChallengeCard:
    return ChallengeCard(
        delivery_id=7,
        day=date(2026, 11, 23),
        text="Send a two-line note to someone you haven't talked to in a year.",
        theme="building_relationships",
        kind="reach_out",
        level=1,
        minutes=5,
        why="Dormant ties often know things your close circle doesn't.",
        status=status,
        buttons=() if status else nudge_buttons(7),
    )


def test_an_open_card_and_a_logged_one() -> None:
    embed = card_embed(card())
    assert embed.description == card().text
    assert embed.colour == OPEN_COLOUR
    assert [f.name for f in embed.fields] == ["Why"]
    assert embed.footer.text == ("Mon 23 Nov · Building relationships · level 1 · about 5 min")
    logged = card_embed(card("✅ Done · 🔥 Streak: 2 days"))
    assert logged.colour == LOGGED_COLOUR
    assert logged.fields[-1].value == "✅ Done · 🔥 Streak: 2 days"


def test_buttons_carry_the_action_id_and_match_the_template() -> None:
    view = button_view(nudge_buttons(7))
    assert view is not None and view.timeout is None
    items = [item.to_component_dict() for item in view.children]
    assert [i["label"] for i in items] == ["Done", "Skip", "Too easy", "Too hard", "Share as win"]
    assert items[0]["style"] == discord.ButtonStyle.primary.value
    for item in items:
        assert TEMPLATE.fullmatch(item["custom_id"])
        assert parse_action_id(item["custom_id"]) is not None
    assert button_view(()) is None
    assert "view" in message_parts("x", share_button(7))
    assert message_parts("y" * 5000)["content"] == "y" * 2000


def test_the_forget_confirmation_is_a_persistent_button_too() -> None:
    confirm = Button("Delete everything", ActionId(Verb.FORGET, 12), Style.PRIMARY)
    view = button_view((confirm,))
    assert view is not None
    (item,) = view.children
    assert isinstance(item, NudgeButton)
    assert item.custom_id == "nudge:v1:forget:12" and TEMPLATE.fullmatch(item.custom_id)


def test_files_travel_as_discord_files() -> None:
    png = Attachment("streak-2026-11-23.png", b"\x89PNG...", "image/png")
    parts = message_parts("Your streak", files=(png,))
    (file,) = parts["files"]
    assert isinstance(file, discord.File) and file.filename == "streak-2026-11-23.png"
    assert file.fp.read() == b"\x89PNG..."
    assert "files" not in message_parts("no files")


@pytest.mark.parametrize(
    ("options", "text", "change"),
    [
        ({}, "", TeamChange()),
        ({"channel": 42}, "channel 42", TeamChange(channel="42")),
        (
            {"digest_day": "fri", "digest_time": "4:30pm"},
            "digest fri 16:30",
            TeamChange(digest_day=5, digest_time=time(16, 30)),
        ),
        ({"digest_day": "mon"}, "digest mon", TeamChange(digest_day=1)),
        ({"digest_time": "7"}, "digest 07:00", TeamChange(digest_time=time(7))),
        ({"digest_day": "off", "digest_time": "16:30"}, "digest off", TeamChange(digest_day=0)),
        (
            {"zone": "europe/berlin"},
            "zone Europe/Berlin",
            TeamChange(zone=ZoneInfo("Europe/Berlin")),
        ),
        ({"leaderboard": True}, "leaderboard on", TeamChange(leaderboard=True)),
        ({"stop_sharing": True}, "channel off", TeamChange(channel="")),
        ({"stop_sharing": False}, "", TeamChange()),
        ({"leaderboard": False}, "leaderboard off", TeamChange(leaderboard=False)),
    ],
)
def test_admin_options_mean_what_the_same_words_typed_mean(
    options: dict[str, Any], text: str, change: TeamChange
) -> None:
    built = team_change(**(NO_ADMIN_OPTIONS | options))
    assert built == change
    assert parse_team_settings(text) == change


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"digest_time": "25:99"}, "isn't a time I can use"),
        ({"digest_time": "16:30 leaderboard on"}, "isn't a time I can use"),
        ({"digest_day": "someday"}, "Pick the digest day from the list"),
        ({"digest_day": ""}, "Pick the digest day from the list"),
        ({"zone": "Mars/Olympus"}, "I don't know the time zone"),
        ({"zone": "Europe/Berlin leaderboard on"}, "I don't know the time zone"),
        ({"channel": 42, "stop_sharing": True}, "not both"),
    ],
)
def test_mistyped_admin_options_explain_themselves(options: dict[str, Any], said: str) -> None:
    invalid = team_change(**(NO_ADMIN_OPTIONS | options))
    assert isinstance(invalid, Invalid) and said in invalid.message


def test_the_admin_usage_names_discords_options() -> None:
    options = commands.usage("network-admin", InputStyle.OPTIONS)
    assert commands.usage("network-admin", InputStyle.TEXT).startswith(ADMIN_USAGE)
    assert "`digest_day`" in options and "`stop_sharing`" in options and "`intros`" in options
    assert "/network-admin" not in options


def test_settings_options_are_validated_with_friendly_errors() -> None:
    change = settings_change(zone="europe/berlin", time="8:30", days=None, focus=None, share=True)
    assert change == SettingsChange(
        zone=ZoneInfo("Europe/Berlin"), nudge_time=time(8, 30), share_wins=True
    )
    nothing = settings_change(zone=None, time=None, days=None, focus=None, share=None)
    assert isinstance(nothing, SettingsChange) and nothing.is_empty()
    bad = settings_change(zone="Mars/Olympus", time=None, days=None, focus=None, share=None)
    assert isinstance(bad, Invalid) and "Europe/Berlin" in bad.message


def test_autocomplete_prefers_prefixes_and_stops_at_25() -> None:
    names = ["Europe/Berlin", "America/Bermuda", "Atlantic/Bermuda", "Berlin/Fake"]
    assert best_matches("ber", names) == [
        "Berlin/Fake",
        "Europe/Berlin",
        "America/Bermuda",
        "Atlantic/Bermuda",
    ]
    assert len(best_matches("", [f"Zone/{i}" for i in range(40)])) == 25


def test_invite_url_has_exactly_the_scopes_and_permissions() -> None:
    url = invite_url(1234)
    assert url == (
        "https://discord.com/oauth2/authorize?client_id=1234"
        "&scope=bot+applications.commands&permissions=52224"
    )
    assert discord.Permissions(52224) == discord.Permissions(
        view_channel=True, send_messages=True, embed_links=True, attach_files=True
    )


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        (
            base64.b64encode(b"123456789012345678").decode().rstrip("=") + ".GaBcDe.xyz",
            123456789012345678,
        ),
        ("not-a-token", None),
        ("", None),
        (base64.b64encode(b"hello").decode() + ".x.y", None),
    ],
)
def test_the_client_id_comes_from_the_token(token: str, expected: int | None) -> None:
    assert client_id_from_token(token) == expected


def test_cli_prints_the_invite_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env file here
    assert cli.main(["discord", "invite-url", "--client-id", "42"]) == 0
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith("client_id=42&scope=bot+applications.commands&permissions=52224")
    )
    assert cli.main(["discord", "invite-url"]) == 2
    assert "--client-id" in capsys.readouterr().err
