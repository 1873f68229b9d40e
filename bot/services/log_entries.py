"""What the logbook writes: done, skip, a note, undo; the acknowledgement and the milestone.

A skip is a rest day once a week and a missed day after that (:mod:`bot.streaks`); a milestone
is celebrated once per streak, and in the team channel only for members who opted in.
"""

from __future__ import annotations

from bot.logging_rules import undo_target, within_reach
from bot.replies import MAX_NOTE, Intent, Parsed
from bot.services import delivery as deliveries
from bot.services import people, sharing, texts, wins
from bot.services.context import Context, Turn
from bot.storage import queries as q
from bot.storage.tables import Delivery, Milestone
from bot.streaks import Outcome, StreakSummary, is_rest_available, new_milestone
from bot.views import ChannelPost, Reply


async def log_outcome(
    turn: Turn, recent: q.Recent, target: Delivery, outcome: Outcome, parsed: Parsed
) -> Reply:
    """Log ``outcome`` (and ``parsed``'s note) on ``target``; the reply updates its card."""
    ctx, member, today = turn.ctx, turn.member, turn.today
    if target.outcome == outcome and not parsed.text:
        summary = recent.summary(today)
        return Reply(f"Already logged. {texts.streak_line(summary)}")
    was_rest = is_rest_available(q.logged_days(recent.days), target.local_date)
    before = recent.summary(today)
    target.outcome, target.logged_at = outcome.value, turn.now
    if parsed.text:
        target.note = parsed.text
    after = recent.summary(today)
    lines = [_ack(ctx, target, outcome, parsed, after, was_rest)]
    if target.local_date != today:
        lines.insert(0, f"Logged against yesterday's challenge ({target.local_date:%A %d %b}).")
    if parsed.truncated:
        lines.append(texts.TRUNCATED)
    if after.comebacks > before.comebacks:
        lines.append(
            f"🌱 That's comeback number {after.comebacks}: starting again is the hardest part, "
            "and you just did it."
        )
    posts: tuple[ChannelPost, ...] = ()
    if days := await _milestone(turn, before, after):
        lines.append(ctx.phrase("milestone", f"{member.id}|{days}", days=days))
        if member.share_wins:  # opted in to team celebrations
            channel, _ = await sharing.wins_channel(turn.session, member, turn.ref)
            posts = sharing.milestone_posts(channel, ctx.messenger.mention(turn.ref), days)
    lines.append(texts.streak_line(after))
    status = (
        f"{'✅ Done' if outcome is Outcome.DONE else '💤 Skipped'} · {texts.streak_line(after)}"
    )
    card = deliveries.card_of(ctx.catalog, target, status=status)
    buttons = wins.offer_share(target) if parsed.intent is Intent.NOTE else ()
    if outcome is Outcome.DONE:
        offer, keep = await people.after_done(turn, target)
        lines += [offer] if offer else []
        buttons = (*buttons, *keep)
    return Reply(
        "\n".join(lines), card=card, buttons=buttons, card_ref=target.message_ref, posts=posts
    )


async def nothing_open(turn: Turn, recent: q.Recent, parsed: Parsed) -> Reply:
    """Words that log, with no open nudge: say why, and keep a note on a nudge already done."""
    member, today = turn.member, turn.today
    reachable = within_reach(recent.days, today)
    latest = reachable[-1] if reachable else None
    if latest is not None and latest.outcome == Outcome.DONE:
        if parsed.intent in (Intent.NOTE, Intent.DONE) and parsed.text:
            latest.note = "\n".join(filter(None, [latest.note, parsed.text]))[:MAX_NOTE]
            extra = f" {texts.TRUNCATED}" if parsed.truncated else ""
            offer, keep = await people.after_done(turn, latest)
            return Reply(
                "\n".join(
                    filter(None, [f"Added that to your note for this challenge.{extra}", offer])
                ),
                buttons=(*wins.offer_share(latest), *keep),
            )
        summary = recent.summary(today)
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


async def undo(turn: Turn, recent: q.Recent) -> Reply:
    """Reopen the latest nudge logged today or yesterday."""
    today = turn.today
    target = undo_target(recent.days, today)
    if target is None:
        return Reply("There's nothing recent to undo.")
    target.outcome, target.logged_at = Outcome.OPEN.value, None
    summary = recent.summary(today)
    card = deliveries.card_of(turn.ctx.catalog, target)
    when = "today's" if target.local_date == today else "yesterday's"
    return Reply(
        f"Undone: {when} challenge is open again. {texts.streak_line(summary)}",
        card=card,
        card_ref=target.message_ref,
    )


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
        if was_rest and after.current == 0:  # no streak to be "safe": say only what is true
            return "Rest day noted. Nothing is lost, and your next `done` starts a streak."
        if was_rest:
            return ctx.phrase("skip", seed)
        return "That's your second skip this week, so it counts as a missed day."
    if parsed.intent is Intent.NOTE:
        return ctx.phrase("note", seed)
    return ctx.phrase("done", seed, streak=after.current)


async def _milestone(turn: Turn, before: StreakSummary, after: StreakSummary) -> int | None:
    """The milestone this change reached, unless it was celebrated before."""
    days = new_milestone(before.current, after.current)
    if days is None or after.since is None:
        return None
    values = {
        "member_id": turn.member.id,
        "streak_since": after.since,
        "days": days,
        "reached_on": turn.today,
    }
    keys = ["member_id", "streak_since", "days"]
    if await q.insert_ignoring_conflict(turn.session, Milestone, values, keys) is None:
        return None  # celebrated this one already (an undo and redo)
    return days
