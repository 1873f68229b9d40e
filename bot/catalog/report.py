"""Catalog coverage: does the content give the picker enough to work with for every member?

``nudgebot content check`` prints :func:`content_check_report`: the problems, or the coverage table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.catalog.check import HABIT_MINUTES
from bot.catalog.load import check_catalog
from bot.catalog.model import HEADLINE_KINDS, KINDS, LEVELS, THEMES, Catalog
from bot.vocabulary import FOCUS_TAGS, STANDARD_TIP_TOPICS

MIN_CHALLENGES = 200
#: Per level, counting only challenges anyone may get (no follow-ups, no focus-only ones): a
#: member who stays on one level sees no repeat within this many nudges.
MIN_PER_LEVEL = 60
MIN_SEQUENCES = 15
MIN_TIPS = 60
MIN_PER_FOCUS_TAG = 10
MIN_TIPS_PER_TOPIC = 4


@dataclass(frozen=True)
class Coverage:
    theme_levels: Mapping[str, Mapping[int, int]]
    kinds: Mapping[str, int]
    focus: Mapping[str, int]
    tip_topics: Mapping[str, int]
    phrases: Mapping[str, int]
    #: level -> challenges anyone at that level may be picked
    open_per_level: Mapping[int, int]
    sequences: int
    challenges: int
    tips: int
    #: (rule, holds, detail when it does not)
    rules: tuple[tuple[str, bool, str], ...]

    @property
    def ok(self) -> bool:
        return all(holds for _, holds, _ in self.rules)


def coverage(catalog: Catalog) -> Coverage:
    cells = Counter((c.theme, c.level) for c in catalog.challenges)
    theme_levels = {t: {level: cells[t, level] for level in LEVELS} for t in THEMES}
    kinds = Counter(c.kind for c in catalog.challenges)
    focus = Counter(tag for c in catalog.challenges for tag in c.focus)
    topics = Counter(t.topic for t in catalog.tips)
    for topic in STANDARD_TIP_TOPICS:
        topics.setdefault(topic, 0)

    empty = [
        f"{THEMES[t]} L{lv}" for t, row in theme_levels.items() for lv, n in row.items() if not n
    ]
    thin_tags = [f"{tag} {focus[tag]}" for tag in FOCUS_TAGS if focus[tag] < MIN_PER_FOCUS_TAG]
    others = max((kinds[k] for k in KINDS if k not in HEADLINE_KINDS), default=0)
    thin_topics = [f"{t} {n}" for t, n in sorted(topics.items()) if n < MIN_TIPS_PER_TOPIC]
    n_challenges, n_tips = len(catalog.challenges), len(catalog.tips)
    follow_ups = catalog.follow_up_ids()
    open_per_level = Counter(
        c.level for c in catalog.challenges if c.id not in follow_ups and not c.only_for
    )
    thin_levels = [
        f"L{lv} {open_per_level[lv]}" for lv in LEVELS if open_per_level[lv] < MIN_PER_LEVEL
    ]
    long = [f"{c.id} {c.minutes}" for c in catalog.challenges if c.minutes > HABIT_MINUTES]
    no_smaller = [c.id for c in catalog.challenges if not c.smaller]
    no_starter = [c.id for c in catalog.challenges if c.kind == "reach_out" and not c.starter]
    sequences = sum(1 for c in catalog.challenges if c.then)
    rules = (
        (f">= {MIN_CHALLENGES} challenges", n_challenges >= MIN_CHALLENGES, f"{n_challenges}"),
        (
            f">= {MIN_PER_LEVEL} challenges anyone can get at every level",
            not thin_levels,
            ", ".join(thin_levels),
        ),
        (f"every challenge fits in {HABIT_MINUTES} minutes", not long, _some(long)),
        ("every challenge has a smaller step", not no_smaller, _some(no_smaller)),
        ("every reach-out has a starter", not no_starter, _some(no_starter)),
        (f">= {MIN_SEQUENCES} sequences", sequences >= MIN_SEQUENCES, f"{sequences}"),
        ("every theme has a challenge at every level", not empty, ", ".join(empty)),
        (
            f"every focus tag has >= {MIN_PER_FOCUS_TAG} challenges",
            not thin_tags,
            ", ".join(thin_tags),
        ),
        (
            "reach_out, mindset, celebrate are the most frequent kinds",
            min(kinds[k] for k in HEADLINE_KINDS) > others,
            ", ".join(f"{k} {kinds[k]}" for k in KINDS),
        ),
        (f">= {MIN_TIPS} tips", n_tips >= MIN_TIPS, f"{n_tips}"),
        (
            f"every tip topic (standard ones included) has >= {MIN_TIPS_PER_TOPIC} tips",
            not thin_topics,
            ", ".join(thin_topics),
        ),
    )
    return Coverage(
        theme_levels=theme_levels,
        kinds={k: kinds[k] for k in KINDS},
        focus={tag: focus[tag] for tag in FOCUS_TAGS},
        tip_topics=dict(sorted(topics.items())),
        phrases={group: len(variants) for group, variants in catalog.phrases.items()},
        open_per_level={lv: open_per_level[lv] for lv in LEVELS},
        sequences=sequences,
        challenges=n_challenges,
        tips=n_tips,
        rules=rules,
    )


def format_coverage(cov: Coverage) -> str:
    """A plain-text table for a terminal; zero cells are marked so gaps stand out."""
    width = max(len(label) for label in THEMES.values())
    lines = [f"{cov.challenges} challenges, {cov.tips} tips", ""]
    lines.append(
        f"{'Theme':<{width}}  " + "".join(f"{'L' + str(lv):>4}" for lv in LEVELS) + "  all"
    )
    for theme, row in cov.theme_levels.items():
        cells = "".join(f"{n if n else '!0':>4}" for n in row.values())
        lines.append(f"{THEMES[theme]:<{width}}  {cells}  {sum(row.values()):>3}")
    lines.append(
        f"{'Anyone can get':<{width}}  "
        + "".join(f"{n:>4}" for n in cov.open_per_level.values())
        + f"  {sum(cov.open_per_level.values()):>3}"
    )
    lines += ["", "Kinds:      " + _pairs(cov.kinds)]
    lines.append(f"Sequences:  {cov.sequences}")
    lines.append("Focus tags: " + _pairs(cov.focus))
    lines.append("Tip topics: " + _pairs(cov.tip_topics))
    lines.append("Phrases:    " + _pairs(cov.phrases))
    lines += ["", "Rules:"]
    for rule, holds, detail in cov.rules:
        lines.append(f"  {'ok  ' if holds else 'FAIL'}  {rule}" + ("" if holds else f": {detail}"))
    return "\n".join(lines)


def _some(ids: list[str], shown: int = 5) -> str:
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return f"{len(ids)}: " + ", ".join(ids[:shown]) + more


def _pairs(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.items())


def content_check_report(extra_dir: Path | None) -> tuple[str, bool]:
    """What ``nudgebot content check`` prints, and whether it should exit 0."""
    catalog, problems = check_catalog(extra_dir)
    if catalog is None:
        lines = [str(p) for p in problems]
        lines.append(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the content")
        return "\n".join(lines), False
    cov = coverage(catalog)
    return format_coverage(cov), cov.ok
