"""Answers to replies that log nothing: not done, later, a question, a worry, a swap, a return,
and the unclear ones.

The rule: only a completion the member claims is logged (``bot.intents``). Everything else gets
an answer that helps them forward, and today's challenge stays open until its deadline. When the
reply can't be read, the bot asks instead of guessing, with Yes / Not yet buttons. The material
(smaller steps, opening lines, tips) comes from the catalog through :mod:`bot.coaching`.
"""

from __future__ import annotations

from datetime import datetime

from bot.actions import ActionId, Verb
from bot.coaching import THEME_TOPICS, opening_line, relevant_tip, smaller_step
from bot.people import PERSONAL_ID, follow_up_starter
from bot.picker import pick
from bot.replies import Intent
from bot.services import delivery, reminders
from bot.services.context import Turn
from bot.storage import queries as q
from bot.storage.tables import Delivery, Person
from bot.views import Button, Reply, Style

NOT_DONE = (
    "That's okay: nothing is logged, and today's challenge stays open until this evening. "
    "Want a two-minute version instead? {smaller} It counts in full: reply `done` if you do it, "
    "or `skip` to rest today."
)
LATER = (
    "Sounds like a plan. It stays open until the end of your day; reply `done` when it's done. "
    "Short on time? The two-minute version counts too: {smaller}"
)
REMINDING = "I'll check in once more around {at:%H:%M}."
WORRY = (
    "That worry makes sense, and it tends to shrink once you begin. Three things that help: "
    "say to yourself what you'd say to a friend in your place; make the goal small enough to be "
    "realistic (one message, not a perfect one); and ask what you actually know about how they'll "
    "react, rather than what you fear.\nThen start with just this: {smaller}"
)
SWAPPED = "Here's a different one for today. Same deal: reply `done` when you've had a go."
NO_SWAP = (
    "I've no other challenge at your level to swap in right now. Reply `too hard` for a smaller "
    "step, or `skip` to make today a rest day."
)
RETURN = (
    "Welcome back! No catching up needed and no guilt: you start again from today. "
    "Today's challenge is above whenever you're ready."
)
ASK = "Did you get to it today?"
NOT_READ = (
    "I'm not sure what you meant. Type `done` when you've done today's challenge, or `help` for "
    "everything I understand."
)


def yes_or_not_yet(target: Delivery) -> tuple[Button, ...]:
    return (
        Button("Yes", ActionId(Verb.YES, target.id), Style.PRIMARY),
        Button("Not yet", ActionId(Verb.NOT_YET, target.id)),
    )


async def answer(
    turn: Turn, intent: Intent, target: Delivery | None, text: str | None = None
) -> Reply:
    """What to say to a reply that logs nothing; ``target`` is the open nudge it is about and
    ``text`` what the member wrote (a question is answered from its words)."""
    if intent is Intent.RETURN:
        return Reply(RETURN)
    if target is None:
        return Reply(NOT_READ)
    if intent is Intent.UNCLEAR:
        return Reply(ASK, buttons=yes_or_not_yet(target))
    if intent is Intent.QUESTION:
        return Reply(await how_to_start(turn, target, text or ""))
    if intent is Intent.SWAP:
        return await swap(turn, target)
    smaller = smaller_step(turn.ctx.catalog.challenge(target.challenge_id))
    fixed = {Intent.NOT_DONE: NOT_DONE, Intent.LATER: LATER, Intent.WORRY: WORRY}
    text = fixed.get(intent, NOT_DONE).format(smaller=smaller)
    if intent is Intent.LATER and (at := _remind(turn, target)) is not None:
        zone = q.zone_named(turn.member.zone)
        text += " " + REMINDING.format(at=at.astimezone(zone))
    return Reply(text)


def _remind(turn: Turn, target: Delivery) -> datetime | None:
    """Ask for the day's one reminder, unless it was asked for or sent already."""
    if target.reminded_at is not None:
        return None
    if target.remind_at is not None:
        return target.remind_at
    deadline = q.schedule_of(turn.member).deadline(target.local_date)
    target.remind_at = reminders.remind_at(turn.now, deadline)
    return target.remind_at


async def how_to_start(turn: Turn, target: Delivery, question: str) -> str:
    """The challenge's own opening line or smaller first step, and the tip that fits best."""
    catalog = turn.ctx.catalog
    challenge = catalog.challenge(target.challenge_id)
    starter = opening_line(challenge)
    if target.challenge_id == PERSONAL_ID:  # a keep-in-touch follow-up: open with their name
        person = await turn.session.get(Person, target.person_id) if target.person_id else None
        starter = follow_up_starter(person.name if person and not person.user_id else "there")
    if starter is not None:
        lines = [f"Good question. Here's one way to open, to make your own:\n> {starter}"]
    else:
        lines = [f"Good question. Begin with the smallest piece: {smaller_step(challenge)}"]
    tip = relevant_tip(catalog, target.theme, question, seed=target.id)
    if tip is not None:
        lines.append(f"💡 {tip.text}")
    topic = tip.topic if tip is not None else THEME_TOPICS.get(target.theme)
    more = f"`/network-tip {topic}`" if topic else "`/network-tip`"
    lines.append(f"More ideas: {more}. Reply `done` when you've done it.")
    return "\n".join(lines)


async def swap(turn: Turn, target: Delivery) -> Reply:
    """Today's challenge for another at the same level ("this one doesn't apply to me")."""
    catalog, member = turn.ctx.catalog, turn.member
    recent = (await q.recent_of(turn.session, member)).seen()
    other = pick(
        catalog.challenges,
        member_key=f"{q.ref_of(member).key}|swap",
        day=target.local_date,
        level=target.level,
        focus=q.focus_of(member),
        weekdays=q.schedule_of(member).weekdays,
        history=q.past_nudges(recent),
        avoid={target.challenge_id},
    )
    if other.id == target.challenge_id:
        return Reply(NO_SWAP)
    target.challenge_id, target.theme, target.kind = other.id, other.theme, other.kind
    card = delivery.card_of(catalog, target)
    return Reply(SWAPPED, card=card, card_ref=target.message_ref)
