"""The content catalog: challenges, tips and the bot's varied phrasing, loaded from TOML.

The shipped catalog lives in the ``content`` package; a team may add or override entries from a
directory of its own (``NUDGEBOT_CONTENT_DIR``). Entries with the same id in the team directory
replace the shipped ones. Everything is validated at load: a broken file is reported as
``file:line: reason`` and the bot refuses to start rather than nudge people with bad content.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

#: Themes, one per idea in the two chapters, with the label members read.
THEMES: Mapping[str, str] = {
    "expanding_opportunities": "Expanding opportunities",
    "building_relationships": "Building relationships",
    "learning_from_others": "Learning from others",
    "visibility": "Visibility",
    "mentorship": "Mentorship",
    "career_advancement": "Career advancement",
    "business_opportunities": "Business opportunities",
    "supportive_community": "Supportive community",
    "referrals": "Word of mouth and referrals",
    "lifelong_learning": "Lifelong learning",
    "starting_small": "Starting small",
    "active_listening": "Active listening and good questions",
    "leaning_into_discomfort": "Leaning into discomfort",
    "support_network": "Building a support network",
    "self_care": "Self-care",
    "positive_self_talk": "Positive self-talk",
    "realistic_goals": "Realistic goals",
    "challenging_assumptions": "Challenging assumptions",
    "networking_as_skill": "Networking as a skill",
    "learning_from_setbacks": "Learning from setbacks",
    "celebrating_progress": "Celebrating progress",
    "seeking_feedback": "Seeking feedback",
}

#: The three headline kinds every week mixes, plus ``practice`` for skill-building.
HEADLINE_KINDS: tuple[str, ...] = ("reach_out", "mindset", "celebrate")
KINDS: tuple[str, ...] = (*HEADLINE_KINDS, "practice")

#: What holds a member back, and what they are after. Challenges are tagged with these.
RESISTANCE_TAGS: tuple[str, ...] = (
    "fear_of_rejection",
    "low_confidence",
    "self_promotion",
    "insincerity",
)
GOAL_TAGS: tuple[str, ...] = ("mentor", "visibility", "new_role", "business", "learning")
FOCUS_TAGS: tuple[str, ...] = (*RESISTANCE_TAGS, *GOAL_TAGS)

#: Phrase groups the bot draws from so it does not sound like a form letter.
PHRASE_GROUPS: tuple[str, ...] = ("welcome", "done", "skip", "milestone", "digest_opener")

LEVELS = (1, 2, 3)
MAX_TEXT = 300


@dataclass(frozen=True)
class Challenge:
    id: str
    theme: str
    kind: str
    level: int
    minutes: int
    focus: frozenset[str]
    text: str
    why: str | None = None


@dataclass(frozen=True)
class Tip:
    id: str
    topic: str
    text: str


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, pointing at where to fix it."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class CatalogError(Exception):
    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Catalog:
    challenges: tuple[Challenge, ...]
    tips: tuple[Tip, ...]
    phrases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {c.id: c for c in self.challenges})

    def challenge(self, challenge_id: str) -> Challenge | None:
        by_id: dict[str, Challenge] = self._by_id  # type: ignore[attr-defined]
        return by_id.get(challenge_id)

    def tip_topics(self) -> list[str]:
        return sorted({t.topic for t in self.tips})


def shipped_content_dir() -> Path:
    return Path(str(resources.files("content")))


def load_catalog(extra_dir: Path | None = None) -> Catalog:
    """Load the shipped catalog, then the team's directory over it; raise CatalogError if broken."""
    challenges: dict[str, Challenge] = {}
    tips: dict[str, Tip] = {}
    phrases: dict[str, tuple[str, ...]] = {}
    for directory in (shipped_content_dir(), extra_dir):
        if directory is None:
            continue
        for path in sorted(directory.rglob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            for raw in data.get("challenge", []):
                c = Challenge(
                    id=raw["id"],
                    theme=raw["theme"],
                    kind=raw["kind"],
                    level=raw["level"],
                    minutes=raw["minutes"],
                    focus=frozenset(raw.get("focus", [])),
                    text=raw["text"],
                    why=raw.get("why"),
                )
                challenges[c.id] = c
            for raw in data.get("tip", []):
                tips[raw["id"]] = Tip(id=raw["id"], topic=raw["topic"], text=raw["text"])
            for group in PHRASE_GROUPS:
                if group in data.get("phrases", {}):
                    phrases[group] = tuple(data["phrases"][group])
    return Catalog(tuple(challenges.values()), tuple(tips.values()), phrases)
