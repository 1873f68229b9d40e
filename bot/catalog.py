"""The content catalog: challenges, tips and the bot's varied phrasing, loaded from TOML.

The shipped catalog lives in the ``content`` package; a team may add or override entries from a
directory of its own (``NUDGEBOT_CONTENT_DIR``). Entries with the same id in the team directory
replace the shipped ones. Everything is validated at load: a broken file is reported as
``file:line: reason`` and the bot refuses to start rather than nudge people with bad content.
"""

from __future__ import annotations

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
#: ``note`` acknowledges a free-text reply logged as done (and offers to share it as a win);
#: ``win_shared`` thanks a member for sharing a win.
PHRASE_GROUPS: tuple[str, ...] = (
    "welcome",
    "done",
    "skip",
    "milestone",
    "digest_opener",
    "note",
    "win_shared",
)
#: The ``str.format`` names each group may use; the core passes exactly these (both ints).
PHRASE_PLACEHOLDERS: Mapping[str, frozenset[str]] = {
    "done": frozenset({"streak"}),
    "milestone": frozenset({"days"}),
}
#: ...and the names a group must use: a milestone message that never says the number is hollow.
REQUIRED_PLACEHOLDERS: Mapping[str, frozenset[str]] = {"milestone": frozenset({"days"})}
MIN_PHRASE_VARIANTS = 5

#: ``/network-tip <topic>`` topics every catalog has; teams may add more.
STANDARD_TIP_TOPICS: tuple[str, ...] = (
    "fear",
    "confidence",
    "self-promotion",
    "insincere",
    "mentor",
    "visibility",
    "new-role",
    "business",
    "learning",
    "listening",
    "follow-up",
    "events",
    "online",
    "setbacks",
    "self-care",
)
#: Words members type that mean one of the topics.
TOPIC_ALIASES: Mapping[str, str] = {
    "rejection": "fear",
    "afraid": "fear",
    "scared": "fear",
    "nervous": "fear",
    "anxiety": "fear",
    "anxious": "fear",
    "shy": "confidence",
    "introvert": "confidence",
    "confident": "confidence",
    "imposter": "confidence",
    "impostor": "confidence",
    "brag": "self-promotion",
    "bragging": "self-promotion",
    "promote": "self-promotion",
    "insincerity": "insincere",
    "fake": "insincere",
    "authentic": "insincere",
    "sleazy": "insincere",
    "mentoring": "mentor",
    "mentee": "mentor",
    "job": "new-role",
    "career": "new-role",
    "promotion": "new-role",
    "interview": "new-role",
    "clients": "business",
    "sales": "business",
    "freelance": "business",
    "growth": "learning",
    "listen": "listening",
    "questions": "listening",
    "conversation": "listening",
    "followup": "follow-up",
    "conference": "events",
    "meetup": "events",
    "linkedin": "online",
    "social": "online",
    "failure": "setbacks",
    "mistakes": "setbacks",
    "stress": "self-care",
    "energy": "self-care",
    "burnout": "self-care",
    "recognition": "visibility",
    "speaking": "visibility",
}

LEVELS = (1, 2, 3)
MAX_TEXT = 300
MAX_WHY = 160
MAX_MINUTES = 120
#: Level 1 is "start small": anything longer than this is not small.
MAX_LEVEL1_MINUTES = 5


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


def check_catalog(extra_dir: Path | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Load and validate the shipped catalog with the team's directory over it.

    Returns the catalog, or None and every problem found (all of them, not just the first).
    """
    # Imported here: the checker builds the dataclasses defined above.
    from bot.catalog_check import read_catalog

    sources = [(shipped_content_dir(), Path("content"))]
    if extra_dir is not None:
        sources.append((extra_dir, extra_dir))
    return read_catalog(sources)


def load_catalog(extra_dir: Path | None = None) -> Catalog:
    """Load the shipped catalog, then the team's directory over it; raise CatalogError if broken."""
    catalog, problems = check_catalog(extra_dir)
    if catalog is None:
        raise CatalogError(problems)
    return catalog


def find_tips(catalog: Catalog, query: str) -> tuple[str | None, list[Tip]]:
    """Match what a member typed after ``/network-tip`` to a topic, forgivingly.

    Tries the exact topic, then an alias ("rejection" -> "fear"), then a unique prefix ("conf"),
    then a topic the query starts with ("mentors"). None means no match: list the topics instead.
    """
    word = "-".join(query.strip().lower().lstrip("#").replace("_", " ").split())
    topics = catalog.tip_topics()
    topic: str | None = None
    if word in topics:
        topic = word
    elif TOPIC_ALIASES.get(word) in topics:
        topic = TOPIC_ALIASES[word]
    elif word:
        prefixed = [t for t in topics if t.startswith(word)]
        stems = [t for t in topics if word.startswith(t)]
        if len(prefixed) == 1:
            topic = prefixed[0]
        elif not prefixed and stems:
            topic = max(stems, key=len)
    if topic is None:
        return None, []
    return topic, [t for t in catalog.tips if t.topic == topic]
