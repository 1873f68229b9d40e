"""Logging progress: done, skip, undo, notes, difficulty feedback, wins.

Buttons log against their own nudge (for 48 hours); words log against the latest open nudge.
Every change recomputes the streak from the stored history, so the answer is always true to it.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Verb, parse_action_id
from bot.levels import Feedback, next_level
from bot.logging_rules import (
    button_valid,
    is_private,
    shared_text,
    undo_target,
    within_reach,
    word_target,
)
from bot.ports import MemberRef
from bot.preferences import Invalid
from bot.replies import MAX_NOTE, Intent, Parsed, parse_reply
from bot.services import delivery as deliveries
from bot.services import privacy, settings, sharing, texts
from bot.services.context import Context, as_member
from bot.storage import queries as q
from bot.storage.tables import Delivery, Member, Milestone, Win
from bot.streaks import Outcome, StreakSummary, is_rest_available, new_milestone, summarize
from bot.views import Button, ChannelPost, Reply, share_button

log = logging.getLogger(__name__)

TRUNCATED = "(That was long, so I kept the first 2,000 characters.)"


async def handle_text(
    ctx: Context, ref: MemberRef, text: str, event_id: str | None = None
) -> Reply | None:
    """A message the member typed in the DM."""

    async def act(session: AsyncSession, member: Member, now: datetime) -> Reply:
        parsed = parse_reply(text, q.today_of(member, now))
        return await _dispatch(ctx, session, ref, member, now, parsed)

    return await as_member(ctx, ref, event_id, act)


async def press(
    ctx: Context, ref: MemberRef, action_id: str, event_id: str | None = None
) -> Reply | None:
    """A button click, carrying its action id (``nudge:v1:<verb>:<delivery id>``)."""
    action = parse_action_id(action_id)
    if action is None:
        log.warning("unknown action id %r from %s", action_id[:100], ref.key)
        return Reply("That button isn't one I recognise. Today's challenge has fresh buttons.")
    verbs = {
        Verb.DONE: Parsed(Intent.DONE),
        Verb.SKIP: Parsed(Intent.SKIP),
        Verb.TOO_EASY: Parsed(Intent.TOO_EASY),
        Verb.TOO_HARD: Parsed(Intent.TOO_HARD),
        Verb.SHARE: Parsed(Intent.SHARE),
    }

    async def act(session: AsyncSession, member: Member, now: datetime) -> Reply:
        if action.verb is Verb.FORGET:
            return await privacy.confirm_forget(session, member, action.delivery_id)
        target = await session.get(Delivery, action.delivery_id)
        if target is None or target.member_id != member.id:
            return Reply("I can't find that challenge. Type `/network-streak` to see your days.")
        if not button_valid(target.claimed_at, now):
            return Reply("That challenge is more than two days old, so it can't be changed now.")
        return await _dispatch(ctx, session, ref, member, now, verbs[action.verb], target)

    return await as_member(ctx, ref, event_id, act)


async def react(
    ctx: Context, ref: MemberRef, message_ref: str, event_id: str | None = None
) -> Reply | None:
    """A ✅ or 👍 reaction on a message: logs done if that message is one of the member's nudges.

    A reaction on any other message is none of our business: the reply is empty, say nothing.
    """

    async def act(session: AsyncSession, member: Member, now: datetime) -> Reply:
        target = await session.scalar(
            select(Delivery).where(
                Delivery.member_id == member.id, Delivery.message_ref == message_ref
            )
        )
        if target is None:
            return Reply("")
        if not button_valid(target.claimed_at, now):
            return Reply("That challenge is more than two days old, so it can't be changed now.")
        return await _dispatch(ctx, session, ref, member, now, Parsed(Intent.DONE), target)

    return await as_member(ctx, ref, event_id, act)


async def win(ctx: Context, ref: MemberRef, text: str, event_id: str | None = None) -> Reply | None:
    """``/network-win <text>``: the same as replying ``win: <text>``."""
    return await handle_text(ctx, ref, f"win: {text}", event_id)


async def _dispatch(
    ctx: Context,
    session: AsyncSession,
    ref: MemberRef,
    member: Member,
    now: datetime,
    parsed: Parsed,
    target: Delivery | None = None,
) -> Reply:
    intent = parsed.intent
    if intent is Intent.HELP:
        return Reply(texts.HELP)
    if intent is Intent.PAUSE:
        if isinstance(parsed.pause, Invalid) or parsed.pause is None:
            message = parsed.pause.message if isinstance(parsed.pause, Invalid) else texts.HELP
            return Reply(message)
        return await settings.apply_pause(session, member, parsed.pause, now)
    if intent is Intent.RESUME:
        return await settings.apply_resume(session, member, now)
    if intent is Intent.WIN:
        return await _save_win(ctx, session, ref, member, now, parsed, None)
    history = await q.deliveries_of(session, member.id)
    today = q.today_of(member, now)
    if intent is Intent.UNDO:
        return await _undo(ctx, session, member, history, today)
    if target is None:
        logs = intent in (Intent.DONE, Intent.NOTE, Intent.SKIP)
        target = word_target(history, today, open_only=logs)
        if target is None:
            return _nothing_open(member, history, within_reach(history, today), parsed, today)
    if intent in (Intent.TOO_EASY, Intent.TOO_HARD):
        return await _feedback(ctx, member, history, target, today, intent)
    if intent is Intent.SHARE:
        return await _save_win(ctx, session, ref, member, now, parsed, target)
    outcome = Outcome.SKIPPED if intent is Intent.SKIP else Outcome.DONE
    return await _log(ctx, session, ref, member, history, target, outcome, parsed, now)


def _nothing_open(
    member: Member, history: list[Delivery], recent: list[Delivery], parsed: Parsed, today: date
) -> Reply:
    """Words that log, with no open nudge: say why, and keep a note on a nudge already done."""
    latest = recent[-1] if recent else None
    if latest is not None and latest.outcome == Outcome.DONE:
        if parsed.intent is Intent.NOTE and parsed.text:
            latest.note = "\n".join(filter(None, [latest.note, parsed.text]))[:MAX_NOTE]
            extra = f" {TRUNCATED}" if parsed.truncated else ""
            return Reply(
                f"Added that to your note for this challenge.{extra}",
                buttons=_offer_share(latest),
            )
        summary = summarize(q.logged_days(history), today)
        if parsed.intent is Intent.SKIP:
            return Reply(
                "This challenge is already logged as done. Type `undo` first if you "
                "meant to skip it."
            )
        return Reply(f"Already logged. {texts.streak_line(summary)}")
    if parsed.intent is Intent.NOTE:
        return Reply(
            "Thanks for telling me! There's no open challenge to attach that to right now. "
            f"{texts.next_nudge(member)} To save it as a win, start with `win:`."
        )
    return Reply(f"There's no open challenge to log right now. {texts.next_nudge(member)}")


async def _log(
    ctx: Context,
    session: AsyncSession,
    ref: MemberRef,
    member: Member,
    history: list[Delivery],
    target: Delivery,
    outcome: Outcome,
    parsed: Parsed,
    now: datetime,
) -> Reply:
    today = q.today_of(member, now)
    if target.outcome == outcome and not parsed.text:
        summary = summarize(q.logged_days(history), today)
        return Reply(f"Already logged. {texts.streak_line(summary)}")
    was_rest = is_rest_available(q.logged_days(history), target.local_date)
    before = summarize(q.logged_days(history), today)
    target.outcome, target.logged_at = outcome.value, now
    if parsed.text:
        target.note = parsed.text
    after = summarize(q.logged_days(history), today)
    lines = [_ack(ctx, target, outcome, parsed, after, was_rest)]
    if parsed.truncated:
        lines.append(TRUNCATED)
    posts: tuple[ChannelPost, ...] = ()
    if days := await _milestone(session, member, before, after, today):
        lines.append(ctx.phrase("milestone", f"{member.id}|{days}", days=days))
        if member.share_wins:  # opted in to team celebrations
            channel, _ = await sharing.wins_channel(session, member, ref)
            posts = sharing.milestone_posts(channel, ctx.messenger.mention(ref), days)
    lines.append(texts.streak_line(after))
    status = (
        f"{'✅ Done' if outcome is Outcome.DONE else '💤 Skipped'} · {texts.streak_line(after)}"
    )
    card = deliveries.card_of(ctx.catalog, target, status=status)
    buttons = _offer_share(target) if parsed.intent is Intent.NOTE else ()
    return Reply(
        "\n".join(lines), card=card, buttons=buttons, card_ref=target.message_ref, posts=posts
    )


def _offer_share(target: Delivery) -> tuple[Button, ...]:
    """Offer to share a note as a win, except a private one (self-talk stays with the member)."""
    return () if is_private(target.kind) else share_button(target.id)


def _ack(
    ctx: Context,
    target: Delivery,
    outcome: Outcome,
    parsed: Parsed,
    after: StreakSummary,
    was_rest: bool,
) -> str:
    seed = f"{target.id}|{outcome}"
    if outcome is Outcome.SKIPPED:
        if was_rest:
            return ctx.phrase("skip", seed)
        return "That's your second skip this week, so it counts as a missed day."
    if parsed.intent is Intent.NOTE:
        return ctx.phrase("note", seed)
    return ctx.phrase("done", seed, streak=after.current)


async def _milestone(
    session: AsyncSession,
    member: Member,
    before: StreakSummary,
    after: StreakSummary,
    today: date,
) -> int | None:
    """The milestone this change reached, unless it was celebrated before."""
    days = new_milestone(before.current, after.current)
    if days is None or after.since is None:
        return None
    values = {
        "member_id": member.id,
        "streak_since": after.since,
        "days": days,
        "reached_on": today,
    }
    keys = ["member_id", "streak_since", "days"]
    if await q.insert_ignoring_conflict(session, Milestone, values, keys) is None:
        return None  # celebrated this one already (an undo and redo)
    return days


async def _undo(
    ctx: Context, session: AsyncSession, member: Member, history: list[Delivery], today: date
) -> Reply:
    target = undo_target(history, today)
    if target is None:
        return Reply("There's nothing recent to undo.")
    target.outcome, target.logged_at = Outcome.OPEN.value, None
    summary = summarize(q.logged_days(history), today)
    card = deliveries.card_of(ctx.catalog, target)
    when = "today's" if target.local_date == today else "yesterday's"
    return Reply(
        f"Undone: {when} challenge is open again. {texts.streak_line(summary)}",
        card=card,
        card_ref=target.message_ref,
    )


async def _feedback(
    ctx: Context,
    member: Member,
    history: list[Delivery],
    target: Delivery,
    today: date,
    intent: Intent,
) -> Reply:
    feedback = Feedback.TOO_EASY if intent is Intent.TOO_EASY else Feedback.TOO_HARD
    target.feedback = feedback.value
    summary = summarize(q.logged_days(history), today)
    level = next_level(member.level, member.level_since, q.level_events(history, summary))
    changed = level != member.level
    if changed:
        member.level, member.level_since = level, today
    if feedback is Feedback.TOO_EASY:
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


async def _save_win(
    ctx: Context,
    session: AsyncSession,
    ref: MemberRef,
    member: Member,
    now: datetime,
    parsed: Parsed,
    target: Delivery | None,
) -> Reply:
    """Save a win and share it in the team's wins channel: sharing is always the member's
    explicit choice (the button, ``win:``, ``/network-win``). A private note is never posted."""
    private = target is not None and is_private(target.kind)
    if target is not None:
        challenge = ctx.catalog.challenge(target.challenge_id)
        text = shared_text(target.kind, target.note, challenge.text if challenge else None)
    else:
        text = parsed.text or ""
    if not text:
        return Reply("What's the win? Type `win: ` followed by what happened.")
    if target is not None and await session.scalar(
        select(Win.id).where(Win.delivery_id == target.id).limit(1)
    ):
        return Reply("That one is already saved as a win. 🎉")
    channel, in_team = await sharing.wins_channel(session, member, ref)
    session.add(
        Win(
            member_id=member.id,
            delivery_id=target.id if target else None,
            text=text,
            created_at=now,
            shared_at=now if channel else None,
        )
    )
    preview = text if len(text) <= 120 else text[:117] + "…"
    if channel is not None:
        lines = [ctx.phrase("win_shared", f"{member.id}|{now.isoformat()}")]
    elif in_team:
        lines = [
            f"🎉 Saved to your wins: “{preview}”",
            "Your team has no wins channel yet, so it stays with you; an admin can choose one "
            "with `/network-admin`.",
        ]
    else:
        lines = [f"🎉 Saved to your wins: “{preview}”"]
    if private:
        lines.append(
            "Your notes on self-talk challenges stay private: I shared only that you did it."
        )
    if parsed.truncated:
        lines.append(TRUNCATED)
    posts = sharing.win_posts(channel, ctx.messenger.mention(ref), text)
    return Reply("\n".join(lines), posts=posts)
