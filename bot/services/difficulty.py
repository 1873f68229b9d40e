"""Too easy / too hard: the member's word on a challenge, and the level it moves them to.

The feedback is stored on the nudge; the level follows :func:`bot.levels.next_level`, which reads
it with the rest of the member's history.
"""

from __future__ import annotations

from bot import rules_state
from bot.coaching import smaller_step, stretch
from bot.levels import MAX_LEVEL, Feedback, level_change
from bot.services.context import Turn
from bot.storage import queries as q
from bot.storage.tables import Delivery
from bot.views import Reply


async def feedback(turn: Turn, recent: q.Recent, target: Delivery, said: Feedback) -> Reply:
    """Record ``said`` on ``target`` and move the member's level if the rules say so."""
    member, today = turn.member, turn.today
    target.feedback = said.value
    summary = recent.summary(today)
    level, _ = level_change(
        member.level,
        member.level_since,
        q.level_events(recent.unsettled(), summary),
        rules_state.counted_for(recent.state, member.level, member.level_since),
    )
    changed = level != member.level
    if changed:
        member.level, member.level_since = level, today
    catalog = turn.ctx.catalog
    if said is Feedback.TOO_HARD:
        smaller = smaller_step(catalog.challenge(target.challenge_id))
        eased = (
            f" I'll ease off too: you said too hard twice, so your challenges are now level "
            f"{level} of 3."
            if changed
            else ""
        )
        return Reply(
            f"Thanks for saying so. Let's make today smaller:\n> {smaller}\n"
            f"That counts in full, and it isn't a miss: reply `done` when you've done it.{eased}"
        )
    if changed:
        return Reply(f"Got it. I'll raise the bar: from your next nudge, level {level} of 3.")
    if member.level < MAX_LEVEL:
        return Reply(
            f"Got it, noted. You're on level {member.level} of 3; your next nudge brings the "
            "harder ones."
        )
    seen = {d.challenge_id for d in recent.seen()}
    bigger = stretch(catalog, q.ref_of(member).key, seen)
    if bigger is None:
        return Reply("Got it. You're at the top level: try adding a second person to today's.")
    return Reply(
        "Got it. You're at the top level, so here's a stretch if you want one: an ask that "
        f"takes some courage.\n> {bigger.text}\nDo it instead of today's and reply `done`."
    )
