"""What the content catalog holds: challenges, tips, the bot's phrase groups, and their labels.

Plain frozen dataclasses and the closed sets of words they use (themes, kinds, levels, phrase
groups). Reading them from TOML is :mod:`bot.catalog.load`; validating them,
:mod:`bot.catalog.check`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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

#: Phrase groups the bot draws from so it does not sound like a form letter.
#: ``note`` acknowledges a free-text reply logged as done (and offers to share it as a win);
#: ``win_shared`` thanks a member for sharing a win; ``intro_starter`` is a first question for two
#: teammates an intro round paired.
PHRASE_GROUPS: tuple[str, ...] = (
    "welcome",
    "done",
    "skip",
    "milestone",
    "digest_opener",
    "note",
    "win_shared",
    "intro_starter",
)
#: The ``str.format`` names each group may use; the core passes exactly these (both ints).
PHRASE_PLACEHOLDERS: Mapping[str, frozenset[str]] = {
    "done": frozenset({"streak"}),
    "milestone": frozenset({"days"}),
}
#: ...and the names a group must use: a milestone message that never says the number is hollow.
REQUIRED_PLACEHOLDERS: Mapping[str, frozenset[str]] = {"milestone": frozenset({"days"})}

LEVELS = (1, 2, 3)


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
    #: A smaller version for a member who says "too hard" or "not today".
    smaller: str | None = None
    #: For a reach-out: an example opening line the member can adapt.
    starter: str | None = None
    #: A follow-up challenge's id, offered ``after_days`` after this one was done.
    then: str | None = None
    after_days: int | None = None
    #: Focus tags a member must have for this challenge to be picked (empty: anyone).
    only_for: frozenset[str] = frozenset()


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

    def follow_up_ids(self) -> frozenset[str]:
        """Challenges that only come as another's ``then``: never picked on their own."""
        return frozenset(c.then for c in self.challenges if c.then)

    def challenge(self, challenge_id: str) -> Challenge | None:
        by_id: dict[str, Challenge] = self._by_id  # type: ignore[attr-defined]
        return by_id.get(challenge_id)

    def tip_topics(self) -> list[str]:
        return sorted({t.topic for t in self.tips})
