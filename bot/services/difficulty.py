"""Too easy / too hard: the member's word on a challenge, and the level it moves them to.

The feedback is stored on the nudge; the level follows :func:`bot.levels.next_level`, which reads
it with the rest of the member's history.
"""

from __future__ import annotations

from bot.levels import Feedback, next_level
from bot.services.context import Turn
from bot.storage import queries as q
from bot.storage.tables import Delivery
from bot.streaks import summarize
from bot.views import Reply


async def feedback(turn: Turn, history: list[Delivery], target: Delivery, said: Feedback) -> Reply:
    """Record ``said`` on ``target`` and move the member's level if the rules say so."""
    member, today = turn.member, turn.today
    target.feedback = said.value
    summary = summarize(q.logged_days(history), today)
    level = next_level(member.level, member.level_since, q.level_events(history, summary))
    changed = level != member.level
    if changed:
        member.level, member.level_since = level, today
    if said is Feedback.TOO_EASY:
        text = (
            f"Got it. I'll raise the bar: your challenges are now level {level} of 3."
            if changed
            else "Got it. You're already at the top level, so the stretch goals stay."
        )
    else:
        text = (
            f"Thanks for saying so. I'll ease off: your challenges are now level {level} of 3."
            if changed
            else "Thanks for saying so. I'll keep an eye on it; small steps count just as much."
        )
    return Reply(text)
