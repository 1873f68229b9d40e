"""The shipped catalog loads cleanly and meets every coverage rule (computed, not hard-coded)."""

from __future__ import annotations

import re

from bot.catalog import (
    FOCUS_TAGS,
    HEADLINE_KINDS,
    KINDS,
    LEVELS,
    PHRASE_GROUPS,
    STANDARD_TIP_TOPICS,
    THEMES,
    check_catalog,
    load_catalog,
)
from bot.catalog.check import HABIT_MINUTES, MAX_TEXT
from bot.catalog.model import PHRASE_PLACEHOLDERS
from bot.catalog.report import (
    MIN_CHALLENGES,
    MIN_PER_FOCUS_TAG,
    MIN_TIPS,
    MIN_TIPS_PER_TOPIC,
    content_check_report,
    coverage,
)


def test_loads_with_no_problems() -> None:
    catalog, problems = check_catalog(None)
    assert problems == []
    assert catalog is not None


def test_every_coverage_rule_holds() -> None:
    cov = coverage(load_catalog())
    failing = [(rule, detail) for rule, holds, detail in cov.rules if not holds]
    assert failing == []
    assert cov.ok


def test_enough_challenges_and_tips() -> None:
    catalog = load_catalog()
    assert len(catalog.challenges) >= MIN_CHALLENGES
    assert len(catalog.tips) >= MIN_TIPS


def test_every_theme_has_every_level() -> None:
    catalog = load_catalog()
    cells = {(c.theme, c.level) for c in catalog.challenges}
    missing = [(t, lv) for t in THEMES for lv in LEVELS if (t, lv) not in cells]
    assert missing == []


def test_every_focus_tag_has_enough_challenges() -> None:
    catalog = load_catalog()
    for tag in FOCUS_TAGS:
        assert sum(tag in c.focus for c in catalog.challenges) >= MIN_PER_FOCUS_TAG, tag


def test_headline_kinds_are_the_most_frequent() -> None:
    catalog = load_catalog()
    counts = {k: sum(c.kind == k for c in catalog.challenges) for k in KINDS}
    ranked = sorted(counts, key=counts.__getitem__, reverse=True)
    assert set(ranked[: len(HEADLINE_KINDS)]) == set(HEADLINE_KINDS)
    # The weekly mix needs each headline kind at each level.
    for kind in HEADLINE_KINDS:
        for level in LEVELS:
            assert any(c.kind == kind and c.level == level for c in catalog.challenges)


def test_every_challenge_is_a_small_habit_and_texts_fit() -> None:
    for c in load_catalog().challenges:
        assert len(c.text) <= MAX_TEXT
        assert c.minutes <= HABIT_MINUTES, c.id


def test_tip_topics() -> None:
    catalog = load_catalog()
    topics = catalog.tip_topics()
    assert set(STANDARD_TIP_TOPICS) <= set(topics)
    for topic in topics:
        assert sum(t.topic == topic for t in catalog.tips) >= MIN_TIPS_PER_TOPIC, topic


def test_phrases_are_varied_and_format() -> None:
    phrases = load_catalog().phrases
    assert set(phrases) == set(PHRASE_GROUPS)
    for group, variants in phrases.items():
        assert len(set(variants)) >= 5, group
        values = dict.fromkeys(PHRASE_PLACEHOLDERS.get(group, ()), 7)
        for variant in variants:
            assert variant.format(**values)
    assert all("{days}" in v for v in phrases["milestone"])


def test_welcome_is_two_to_four_sentences_and_explains_done() -> None:
    for welcome in load_catalog().phrases["welcome"]:
        sentences = [s for s in re.split(r'(?<=[.!?])["\s]+', welcome) if s.strip()]
        assert 2 <= len(sentences) <= 4, welcome
        assert '"done"' in welcome


def test_report_prints_the_table_and_passes() -> None:
    text, ok = content_check_report(None)
    assert ok
    assert "Theme" in text and "Focus tags" in text
    assert "FAIL" not in text
    for label in THEMES.values():
        assert label in text
