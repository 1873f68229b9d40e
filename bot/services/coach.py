"""Answers to replies that log nothing: not done, later, a question, a worry, a swap, a return,
and the unclear ones.

The rule: only a completion the member claims is logged (``bot.intents``). Everything else gets
an answer that helps them forward, and today's challenge stays open until its deadline. When the
reply can't be read, the bot asks instead of guessing, with Yes / Not yet buttons.
"""

from __future__ import annotations

from bot.actions import ActionId, Verb
from bot.catalog import find_tips
from bot.replies import Intent
from bot.services.context import Turn
from bot.storage.tables import Delivery
from bot.views import Button, Reply, Style

NOT_DONE = (
    "That's okay: nothing is logged, and today's challenge stays open until this evening. "
    "A smaller version still counts: spend two minutes on just its first step. "
    "Reply `done` if you get to it, `too hard` for an easier one, or `skip` to rest today."
)
LATER = "Sounds like a plan. It stays open until the end of your day; reply `done` when it's done."
WORRY = (
    "That worry makes sense, and it tends to shrink once you begin. Three things that help: "
    "say to yourself what you'd say to a friend in your place; make the goal small enough to be "
    "realistic (one message, not a perfect one); and ask what you actually know about how they'll "
    "react, rather than what you fear. Then try just the first step. `too hard` gives you an "
    "easier challenge."
)
SWAP = (
    "I can't swap in a different challenge yet. Reply `too hard` for an easier one next, or "
    "`skip` to make today a rest day; your streak is safe either way."
)
RETURN = (
    "Welcome back! No catching up needed: you start again from today. "
    "Today's challenge is above whenever you're ready."
)
ASK = "Did you get to it today?"
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
    "support_network": "community",
    "self_care": "self-care",
    "positive_self_talk": "confidence",
    "realistic_goals": "goals",
    "challenging_assumptions": "confidence",
    "networking_as_skill": "listening",
    "learning_from_setbacks": "setbacks",
    "celebrating_progress": "self-promotion",
    "seeking_feedback": "feedback",
}
NOT_READ = (
    "I'm not sure what you meant. Type `done` when you've done today's challenge, or `help` for "
    "everything I understand."
)


def yes_or_not_yet(target: Delivery) -> tuple[Button, ...]:
    return (
        Button("Yes", ActionId(Verb.YES, target.id), Style.PRIMARY),
        Button("Not yet", ActionId(Verb.NOT_YET, target.id)),
    )


def answer(turn: Turn, intent: Intent, target: Delivery | None) -> Reply:
    """What to say to a reply that logs nothing; ``target`` is the open nudge it is about."""
    if intent is Intent.RETURN:
        return Reply(RETURN)
    if target is None:
        return Reply(NOT_READ)
    if intent is Intent.UNCLEAR:
        return Reply(ASK, buttons=yes_or_not_yet(target))
    if intent is Intent.QUESTION:
        return Reply(_how_to_start(turn, target))
    fixed = {Intent.NOT_DONE: NOT_DONE, Intent.LATER: LATER, Intent.WORRY: WORRY}
    return Reply(fixed.get(intent, SWAP))


def _how_to_start(turn: Turn, target: Delivery) -> str:
    """The challenge's own reason, a first step, and the tip closest to its theme."""
    challenge = turn.ctx.catalog.challenge(target.challenge_id)
    lines = ["Good question. Start small: the first sentence is the hardest part, and it can be "
             "plain (\"Hi, I thought of you because…\")."]  # fmt: skip
    if challenge is not None and challenge.why:
        lines.append(f"Why it's worth it: {challenge.why}")
    topic, tips = find_tips(turn.ctx.catalog, THEME_TOPICS.get(target.theme, "fear"))
    if tips:
        lines.append(f"💡 {tips[target.id % len(tips)].text}")
    more = f"`/network-tip {topic}`" if topic else "`/network-tip`"
    lines.append(f"More ideas: {more}. Reply `done` when you've done it.")
    return "\n".join(lines)
