"""What members do to a nudge: the words they type, the buttons they press, their reactions.

Buttons and reactions act on their own nudge, for 48 hours; typed words act on the latest open
nudge of today or yesterday (both rules in :mod:`bot.logging_rules`). Every change recomputes
the streak from the stored history, so the answer is always true to it.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from bot import onboarding
from bot.actions import Verb, parse_action_id
from bot.levels import Feedback
from bot.logging_rules import button_valid, word_target
from bot.member_status import MemberStatus
from bot.ports import MemberRef
from bot.preferences import Invalid
from bot.replies import Intent, Parsed, parse_reply
from bot.services import (
    coach,
    difficulty,
    log_entries,
    people,
    privacy,
    settings,
    texts,
    wins,
)
from bot.services.context import Context, Turn, as_turn
from bot.services.intros import choices as intro_choices
from bot.storage import queries as q
from bot.storage.tables import Delivery
from bot.streaks import Outcome
from bot.views import Reply

log = logging.getLogger(__name__)

#: What each button says, as if typed (FORGET is not about the nudge: privacy handles it).
BUTTON_INTENTS = {
    Verb.DONE: Parsed(Intent.DONE),
    Verb.SKIP: Parsed(Intent.SKIP),
    Verb.TOO_EASY: Parsed(Intent.TOO_EASY),
    Verb.TOO_HARD: Parsed(Intent.TOO_HARD),
    Verb.SHARE: Parsed(Intent.SHARE),
    Verb.YES: Parsed(Intent.DONE),
    Verb.NOT_YET: Parsed(Intent.NOT_DONE),
}
#: Replies that log nothing: the coach answers them (bot/services/coach.py).
COACHED = frozenset(
    {
        Intent.NOT_DONE,
        Intent.LATER,
        Intent.QUESTION,
        Intent.WORRY,
        Intent.SWAP,
        Intent.RETURN,
        Intent.UNCLEAR,
    }
)
#: "Did Sam reply?"; their action ids carry a person's id.
CHECK_BACK_VERBS = frozenset({Verb.REPLIED, Verb.NO_REPLY_YET, Verb.NO_REPLY})
INTRO_VERBS = intro_choices.SEAT_VERBS | intro_choices.JOIN_VERBS
#: A "Not yet" pressed after that day was logged: nothing changes, and the member hears why.
ALREADY_LOGGED = {
    True: "That one is already logged as done, so nothing changes. Type `undo` to take it back.",
    False: "That day is already settled (a rest day or a pause), so nothing changes.",
}
TOO_OLD = "That challenge is more than two days old, so it can't be changed now."


async def handle_text(
    ctx: Context, ref: MemberRef, text: str, event_id: str | None = None
) -> Reply | None:
    """A message the member typed in the DM."""

    async def act(turn: Turn) -> Reply:
        return await _dispatch(turn, parse_reply(text, turn.today))

    return await as_turn(ctx, ref, event_id, act)


async def press(
    ctx: Context, ref: MemberRef, action_id: str, event_id: str | None = None
) -> Reply | None:
    """A button click, carrying its action id (``nudge:v1:<verb>:<delivery id>``)."""
    action = parse_action_id(action_id)
    if action is None:
        log.warning("unknown action id %r from %s", action_id[:100], ref.key)
        return Reply("That button isn't one I recognise. Today's challenge has fresh buttons.")

    async def act(turn: Turn) -> Reply:
        if action.verb is Verb.FORGET:
            return await privacy.confirm_forget(turn.session, turn.member, action.delivery_id)
        if action.verb is Verb.FOCUS:
            return await onboarding_answer(turn, action.delivery_id)
        if action.verb in CHECK_BACK_VERBS:
            return await people.answer_check_back(turn, action.delivery_id, action.verb)
        if action.verb in INTRO_VERBS:
            return await intro_choices.press(turn, action.verb, action.delivery_id)
        target = await turn.session.get(Delivery, action.delivery_id)
        if target is None or target.member_id != turn.member.id:
            return Reply("I can't find that challenge. Type `/network-streak` to see your days.")
        if action.verb in (Verb.KEEP, Verb.NO_KEEP):
            return await people.keep(turn, target, action.verb is Verb.KEEP)
        if not button_valid(target.claimed_at, turn.now):
            return Reply(TOO_OLD)
        return await _dispatch(turn, BUTTON_INTENTS[action.verb], target)

    return await as_turn(ctx, ref, event_id, act)


async def react(
    ctx: Context, ref: MemberRef, message_ref: str, event_id: str | None = None
) -> Reply | None:
    """A ✅ or 👍 reaction on a message: logs done if that message is one of the member's nudges.

    A reaction on any other message is none of our business: the reply is empty, say nothing.
    Nor is anything someone who never joined reacts to (they have no nudges): None.
    """
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ref)
    if member is None or member.status == MemberStatus.LEFT:
        return None

    async def act(turn: Turn) -> Reply:
        target = await turn.session.scalar(
            select(Delivery).where(
                Delivery.member_id == turn.member.id, Delivery.message_ref == message_ref
            )
        )
        if target is None:
            return Reply("")
        if not button_valid(target.claimed_at, turn.now):
            return Reply(TOO_OLD)
        return await _dispatch(turn, Parsed(Intent.DONE), target)

    return await as_turn(ctx, ref, event_id, act)


async def onboarding_answer(turn: Turn, code: int) -> Reply:
    """An answer to a joining question: set the focus, then ask the next question or thank."""
    answer = onboarding.answer_of(code)
    if answer is None:
        return Reply("That button isn't one I recognise. `/network-settings` shows your focus.")
    focus = onboarding.with_answer(q.focus_of(turn.member), answer)
    turn.member.focus = ",".join(sorted(focus))
    following = onboarding.next_question(answer.question)
    if following is not None:
        return Reply(following.text, buttons=onboarding.buttons(following))
    # Joining's last question: then, once, intros (when the team runs them).
    ask, buttons = await intro_choices.join_question(turn.session, turn.member)
    return Reply("\n\n".join(filter(None, [onboarding.THANKS[bool(focus)], ask])), buttons=buttons)


async def _dispatch(turn: Turn, parsed: Parsed, target: Delivery | None = None) -> Reply:
    """Do what the member said: to ``target`` (a button's own nudge) or, for typed words, to
    the nudge the words reach."""
    intent = parsed.intent
    if intent is Intent.HELP:
        return Reply(texts.help_text(turn.today))
    if intent is Intent.PAUSE:
        if isinstance(parsed.pause, Invalid) or parsed.pause is None:
            message = (
                parsed.pause.message
                if isinstance(parsed.pause, Invalid)
                else texts.help_text(turn.today)
            )
            return Reply(message)
        return await settings.apply_pause(turn.session, turn.member, parsed.pause, turn.now)
    if intent is Intent.RESUME:
        return await settings.apply_resume(turn.session, turn.member, turn.now)
    if intent is Intent.WIN:
        return await wins.save_win(turn, parsed, None)
    recent = await q.recent_of(turn.session, turn.member)
    history = recent.days
    if intent is Intent.UNDO:
        return await log_entries.undo(turn, recent)
    if intent in COACHED:
        if target is not None and target.outcome != Outcome.OPEN:
            return Reply(ALREADY_LOGGED[target.outcome == Outcome.DONE])  # a late "Not yet"
        open_one = target or word_target(history, turn.today, open_only=True)
        return await coach.answer(turn, intent, open_one, parsed.text)
    if target is None:
        logs = intent in (Intent.DONE, Intent.NOTE, Intent.SKIP)
        target = word_target(history, turn.today, open_only=logs)
        if target is None:
            return await log_entries.nothing_open(turn, recent, parsed)
    if intent in (Intent.TOO_EASY, Intent.TOO_HARD):
        said = Feedback.TOO_EASY if intent is Intent.TOO_EASY else Feedback.TOO_HARD
        return await difficulty.feedback(turn, recent, target, said)
    if intent is Intent.SHARE:
        return await wins.save_win(turn, parsed, target)
    outcome = Outcome.SKIPPED if intent is Intent.SKIP else Outcome.DONE
    return await log_entries.log_outcome(turn, recent, target, outcome, parsed)
