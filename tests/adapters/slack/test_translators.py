"""Fast unit tests of the Slack translators: Block Kit, the settings form, event ids, manifest,
mentions, the line after an upload."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo

from adapters.slack import blocks, files, install, members, mentions, settings_form
from adapters.slack.listeners import events
from bot.commands import REGISTRY
from bot.ports import MemberRef
from bot.services.settings import CurrentSettings
from bot.views import Attachment, ChallengeCard, ChannelRef, Reply, share_button
from tests.adapters.slack import payloads

MANIFEST = Path(__file__).parents[3] / "adapters" / "slack" / "manifest.yml"


def manifest_list(key: str) -> set[str]:
    """The items of a YAML list under ``key:`` (the manifest is plain enough to read by lines)."""
    lines = MANIFEST.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{key}:")
    items = set()
    for line in lines[start + 1 :]:
        if not line.strip().startswith("- ") and not line.strip().startswith("#"):
            break
        if line.strip().startswith("- "):
            items.add(line.strip()[2:])
    return items


def test_the_manifest_asks_for_what_the_code_uses() -> None:
    assert manifest_list("bot") == set(install.BOT_SCOPES)
    # No more than the code uses: DMs arrive as message.im (im:history) and open with im:write.
    assert "im:read" not in install.BOT_SCOPES
    named = set(re.findall(r"- command: (\S+)", MANIFEST.read_text()))
    assert named == {f"/{name}" for name in REGISTRY}
    assert {"/network-link", "/network-export", "/network-forget", "/network-admin"} <= named
    assert manifest_list("bot_events") == {
        "app_home_opened",
        "app_uninstalled",
        "message.im",
        "reaction_added",
        "tokens_revoked",
        "user_change",
    }


def test_a_logged_card_shows_its_status_and_only_the_share_button() -> None:
    card = ChallengeCard(
        delivery_id=3,
        day=date(2026, 11, 23),
        text="x" * 3500,
        theme="positive_self_talk",
        kind="mindset",
        level=2,
        minutes=5,
        status="✅ Done · 🔥 Streak: 2 days",
        buttons=share_button(3),
    )
    out = blocks.card(card)
    sections = [b["text"]["text"] for b in out if b["type"] == "section"]
    assert [len(s) for s in sections[:2]] == [3000, 500]  # Slack's section limit
    assert "*✅ Done · 🔥 Streak: 2 days*" in sections
    assert "Positive self-talk · level 2 of 3" in str(out)
    (actions,) = [b for b in out if b["type"] == "actions"]
    assert [e["action_id"] for e in actions["elements"]] == ["nudge:v1:share:3"]
    assert actions["elements"][0]["style"] == "primary"
    assert "Streak: 2 days" in blocks.card_fallback(card)


def test_the_settings_form_is_prefilled_and_read_back() -> None:
    current = CurrentSettings(
        zone="Europe/London",
        nudge_time=time(7, 45),
        weekdays=frozenset({1, 2}),
        focus=frozenset({"mentor"}),
        share_wins=True,
        paused_until=None,
        level=1,
    )
    view = settings_form.modal(current, "Europe/Berlin", time(9), frozenset(range(1, 6)))
    fields = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert fields["time"]["initial_time"] == "07:45"
    assert fields["zone"]["initial_value"] == "Europe/Berlin"
    assert [o["value"] for o in fields["days"]["initial_options"]] == ["1", "2"]
    assert [o["value"] for o in fields["focus"]["initial_options"]] == ["mentor"]
    assert fields["share"]["initial_options"][0]["value"] == "share"

    change = settings_form.read(payloads.form_values(share=False))
    assert not isinstance(change, dict)
    assert change.zone == ZoneInfo("Asia/Tokyo") and change.nudge_time == time(8, 30)
    assert change.weekdays == frozenset({1, 3, 5}) and change.focus == {"fear_of_rejection"}
    assert change.share_wins is False
    errors = settings_form.read({"time": {"value": {"selected_time": None}}})
    assert set(errors) == {"time", "zone", "days"}  # type: ignore[arg-type]


def test_event_keys_survive_retries_and_differ_between_events() -> None:
    message = payloads.dm("U1", "done")
    assert members.event_key(message) == f"slack:event:{message['event_id']}"
    click = payloads.button("U1", "nudge:v1:done:1", "D1", "1.1")
    assert members.event_key(click) == f"slack:trigger:{click['trigger_id']}"
    del click["trigger_id"]
    assert members.event_key(click) == f"slack:action:U1:{click['actions'][0]['action_ts']}"
    assert members.event_key({}) is None


def test_done_reactions_are_check_marks_and_thumbs_up() -> None:
    assert {"white_check_mark", "+1"} <= events.DONE_REACTIONS
    assert "tada" not in events.DONE_REACTIONS


def test_profile_zones_are_read_leniently() -> None:
    assert members.zone_of({"tz": "America/New_York"}) == ZoneInfo("America/New_York")
    assert members.zone_of({"tz": "Not/AZone"}) is None
    assert members.zone_of({}) is None


def test_channel_mentions_become_bare_ids_and_ids_become_mentions() -> None:
    assert (
        mentions.bare_channels("channel <#C0WINS|wins> digest fri") == "channel C0WINS digest fri"
    )
    assert mentions.bare_channels("channel <#C0WINS|>") == "channel C0WINS"
    assert mentions.bare_channels("channel <#C0WINS>") == "channel C0WINS"
    for untouched in ("channel here", "channel #wins", "channel <#>", "channel <@U0BOB>", ""):
        assert mentions.bare_channels(untouched) == untouched
    assert mentions.of(MemberRef("slack", "T1", "U0BOB")) == "<@U0BOB>"
    assert mentions.of(ChannelRef("slack", "T1", "C0WINS")) == "<#C0WINS>"


def test_the_line_after_an_upload_names_what_was_sent() -> None:
    png = Attachment("streak.png", b"\x89PNG", "image/png")
    data = Attachment("export.json", b"{}", "application/json")
    other = Attachment("notes.txt", b"", "text/plain")
    assert "your streak picture to our DM" in files.sent_line(Reply("x", files=(png,)))
    assert "your data export to our DM" in files.sent_line(Reply("x", files=(data,)))
    assert "the file to our DM" in files.sent_line(Reply("x", files=(other,)))
    both = files.sent_line(Reply("x", files=(png, data)))
    assert "your data export and your streak picture" in both


def test_a_shared_win_never_pings_a_crowd() -> None:
    said = "🎉 <@U0BOB> shared a win:\n> thanks <!channel>, <!here|@here>, <!subteam^S0ENG|@eng>"
    assert mentions.escaped(said) == (
        "🎉 <@U0BOB> shared a win:\n"
        "> thanks &lt;!channel&gt;, &lt;!here|@here&gt;, &lt;!subteam^S0ENG|@eng&gt;"
    )
    assert mentions.escaped("<!everyone> <#C0WINS>") == "&lt;!everyone&gt; <#C0WINS>"


def test_a_nested_broadcast_or_a_disguised_link_is_shown_not_sent() -> None:
    for said in (
        "<!channel|<!here>>",
        "<!<!here>>",
        "<<!here>!here>",
        "<@U0BOB|<!here>>",
        "<https://example.com/x|your payslip>",
        "<<#C0WINS>>",
    ):
        shown = mentions.escaped(said)
        assert "<!" not in shown and "<http" not in shown and "<<" not in shown, said
        assert shown.count("&lt;") == said.count("<") - shown.count("<")


def test_what_slack_escaped_already_is_not_escaped_twice() -> None:
    """Slack sends a typed ``&``, ``<`` and ``>`` as entities; they show as typed."""
    typed = "Q&amp;A with &lt;Sam&gt; &amp;lt; and 3 & 4"
    assert mentions.escaped(typed) == "Q&amp;A with &lt;Sam&gt; &amp;lt; and 3 &amp; 4"
    assert mentions.escaped(mentions.escaped(typed)) == mentions.escaped(typed)
