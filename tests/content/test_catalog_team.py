"""A team directory overrides shipped entries by id and adds its own."""

from __future__ import annotations

from pathlib import Path

from bot.catalog import content_check_report, find_tips, load_catalog


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


TEAM_CHALLENGES = """
[[challenge]]
id = "note-to-old-contact"
theme = "building_relationships"
kind = "reach_out"
level = 1
minutes = 4
focus = ["insincerity"]
text = "Message a bootcamp alumnus you lost touch with; ask what they build now."

[[challenge]]
id = "team-demo-day"
theme = "visibility"
kind = "practice"
level = 3
minutes = 60
focus = ["visibility", "self_promotion"]
text = "Take a five-minute slot at Friday's demo day and show one thing you shipped."
why = "Demo day is where the whole company sees what you build."
"""

TEAM_TIPS = """
[[tip]]
id = "pairing-rotate"
topic = "pairing"
text = "Pair with someone from another squad once a sprint; swap who drives every 25 minutes."

[[tip]]
id = "fear-warm-first"
topic = "fear"
text = "Start in our #intros channel: post two lines about yourself and reply to one newcomer."
"""

TEAM_PHRASES = """
[phrases]
skip = [
    "Rest day, team style.",
    "Skipping today is fine.",
    "Enjoy the break.",
    "Back tomorrow, then.",
    "Take it easy today.",
]
"""


def test_team_directory_overrides_and_extends(tmp_path: Path) -> None:
    shipped = load_catalog()
    write(tmp_path, "challenges/ours.toml", TEAM_CHALLENGES)
    write(tmp_path, "tips/ours.toml", TEAM_TIPS)
    write(tmp_path, "phrases.toml", TEAM_PHRASES)

    catalog = load_catalog(tmp_path)

    assert len(catalog.challenges) == len(shipped.challenges) + 1
    overridden = catalog.challenge("note-to-old-contact")
    assert overridden is not None and "bootcamp" in overridden.text
    added = catalog.challenge("team-demo-day")
    assert added is not None and added.level == 3 and added.why
    assert "pairing" in catalog.tip_topics()
    assert len(catalog.tips) == len(shipped.tips) + 1
    fear = {t.id: t.text for t in find_tips(catalog, "fear")[1]}
    assert "#intros" in fear["fear-warm-first"]
    assert catalog.phrases["skip"][0] == "Rest day, team style."
    assert catalog.phrases["welcome"] == shipped.phrases["welcome"]


def test_report_with_a_team_directory(tmp_path: Path) -> None:
    write(tmp_path, "challenges/ours.toml", TEAM_CHALLENGES)
    text, ok = content_check_report(tmp_path)
    shipped = len(load_catalog().challenges)
    assert f"{shipped + 1} challenges" in text  # one replaced, one added
    # One new topic with a single tip fails the tips-per-topic rule, by name.
    write(tmp_path, "tips/ours.toml", TEAM_TIPS)
    text, ok = content_check_report(tmp_path)
    assert not ok
    assert "FAIL" in text and "pairing 1" in text
    # A broken team file is reported instead of the table.
    write(tmp_path, "tips/ours.toml", "[[tip]\n")
    text, ok = content_check_report(tmp_path)
    assert not ok
    assert text.startswith(str(tmp_path / "tips" / "ours.toml") + ":1: invalid TOML")
