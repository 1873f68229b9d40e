"""Reading ``/network-admin`` text."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from bot.preferences import Invalid
from bot.team_settings import NO_CHANNEL, NO_DIGEST, TeamChange, parse_team_settings


def test_every_setting_at_once():
    change = parse_team_settings(
        "channel here digest Fri 16:30 zone europe/berlin leaderboard on", "C9"
    )
    assert change == TeamChange(
        channel="C9",
        digest_day=5,
        digest_time=time(16, 30),
        zone=ZoneInfo("Europe/Berlin"),
        leaderboard=True,
    )


def test_off_switches_and_partial_digests():
    assert parse_team_settings("channel off digest off") == TeamChange(
        channel=NO_CHANNEL, digest_day=NO_DIGEST
    )
    assert parse_team_settings("digest monday") == TeamChange(digest_day=1)
    assert parse_team_settings("digest 9am") == TeamChange(digest_time=time(9, 0))
    assert parse_team_settings("channel C0123ABC") == TeamChange(channel="C0123ABC")
    assert parse_team_settings("").is_empty()


def test_bad_input_says_what_to_type():
    for text, hint in [
        ("channel here", "inside the wins channel"),  # no channel to go on
        ("colour blue", "/network-admin channel here"),
        ("digest someday", "fri 16:30"),
        ("digest fri 9:00 10:00", "fri 16:30"),
        ("zone Mars/Base", "zone"),
        ("leaderboard maybe", "on"),
        ("channel <script>", "isn't a channel"),
        ("digest", "Give a value"),
    ]:
        result = parse_team_settings(text)
        assert isinstance(result, Invalid), text
        assert hint in result.message, (text, result.message)
