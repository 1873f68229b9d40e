"""The coach's material, chosen from the catalog: a smaller step, a way to start, the tip that
fits a question, a stretch for someone at the top level.

Pure functions of the catalog and what the member said; :mod:`bot.services.coach` says them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection

from bot.catalog import Catalog, Challenge, Tip, find_tips

#: When a challenge has no smaller step of its own (a team's older content).
ANY_SMALLER = (
    "Do only the first step: open a blank note and write the first sentence. You don't have to "
    "send or finish anything today."
)
#: When a reach-out has no starter of its own.
ANY_STARTER = "Hi! I was thinking about you today and wanted to say hello. How have you been?"
#: Themes of the level-3 track a member who finds the top level easy can stretch into.
STRETCH_THEMES = frozenset(
    {"mentorship", "visibility", "supportive_community", "referrals", "leaning_into_discomfort"}
)
#: The tip topic that helps most with a challenge of each theme.
THEME_TOPICS = {
    "expanding_opportunities": "events",
    "building_relationships": "follow-up",
    "learning_from_others": "learning",
    "visibility": "visibility",
    "mentorship": "mentor",
    "career_advancement": "new-role",
    "business_opportunities": "business",
    "supportive_community": "community",
    "referrals": "referrals",
    "lifelong_learning": "learning",
    "starting_small": "fear",
    "active_listening": "listening",
    "leaning_into_discomfort": "fear",
    "support_network": "support-network",
    "self_care": "self-care",
    "positive_self_talk": "self-talk",
    "realistic_goals": "goals",
    "challenging_assumptions": "assumptions",
    "networking_as_skill": "mindset",
    "learning_from_setbacks": "setbacks",
    "celebrating_progress": "celebrating",
    "seeking_feedback": "feedback",
}
_WORD = re.compile(r"[a-z']+")
#: Words too common to say what a question is about.
_COMMON = frozenset(
    " ".join(
        [
            "a an and are as at be but by can do does for from how i if in is it me my of on or",
            "should so that the their them they this to was what when where which who why will",
            "with would you your even just really any get say ask",
        ]
    ).split(" ")
)


def smaller_step(challenge: Challenge | None) -> str:
    return challenge.smaller if challenge is not None and challenge.smaller else ANY_SMALLER


def opening_line(challenge: Challenge | None) -> str | None:
    """An example first line for a reach-out (None for challenges that contact nobody)."""
    if challenge is None or challenge.kind != "reach_out":
        return None
    return challenge.starter or ANY_STARTER


def relevant_tip(catalog: Catalog, theme: str, question: str, seed: int = 0) -> Tip | None:
    """The tip that shares most words with the question, among the theme's topic and any topic
    the question names ("how do I deal with rejection?" -> fear); ties go by ``seed``."""
    words = _words(question)
    candidates: dict[str, Tip] = {}
    for query in (THEME_TOPICS.get(theme, "fear"), *words):
        _, tips = find_tips(catalog, query)
        candidates.update((t.id, t) for t in tips)
    if not candidates:
        return None
    ranked = sorted(candidates.values(), key=lambda t: t.id)
    best = max(len(words & _words(t.text)) for t in ranked)
    top = [t for t in ranked if len(words & _words(t.text)) == best]
    return top[seed % len(top)]


def stretch(catalog: Catalog, member_key: str, seen: Collection[str]) -> Challenge | None:
    """A level-3 reach-out from the stretch track the member hasn't had lately."""
    follow_ups = catalog.follow_up_ids()
    pool = sorted(
        (
            c
            for c in catalog.challenges
            if c.level == 3
            and c.theme in STRETCH_THEMES
            and c.kind == "reach_out"
            and c.id not in follow_ups
            and not c.only_for
        ),
        key=lambda c: c.id,
    )
    fresh = [c for c in pool if c.id not in seen] or pool
    if not fresh:
        return None
    digest = hashlib.sha256(f"{member_key}|{len(seen)}".encode()).digest()
    return fresh[int.from_bytes(digest[:4], "big") % len(fresh)]


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _COMMON and len(w) > 2}
