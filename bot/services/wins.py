"""Wins: saving one and sharing it in the team's wins channel.

Sharing is always the member's explicit choice (the share button, ``win:``, ``/network-win``).
A win from a mindset challenge shows only that it was done, never the note
(:func:`bot.logging_rules.shared_text`).
"""

from __future__ import annotations

from sqlalchemy import select

from bot.logging_rules import is_private, shared_text
from bot.ports import MemberRef
from bot.replies import Parsed, parse_reply
from bot.services import sharing, texts
from bot.services.context import Context, Turn, as_turn
from bot.storage.tables import Delivery, Win
from bot.views import Button, Reply, share_button


async def win(ctx: Context, ref: MemberRef, text: str, event_id: str | None = None) -> Reply | None:
    """``/network-win <text>``: the same as replying ``win: <text>``."""

    async def act(turn: Turn) -> Reply:
        return await save_win(turn, parse_reply(f"win: {text}", turn.today), None)

    return await as_turn(ctx, ref, event_id, act)


async def save_win(turn: Turn, parsed: Parsed, target: Delivery | None) -> Reply:
    """Save a win (``parsed``'s text, or what sharing ``target`` shows) and post it in the
    member's team wins channel, if there is one. A nudge is saved as a win only once."""
    ctx, session, member, now = turn.ctx, turn.session, turn.member, turn.now
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
    channel, in_team = await sharing.wins_channel(session, member, turn.ref)
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
        lines.append("Notes on mindset challenges stay private: I shared only that you did it.")
    if parsed.truncated:
        lines.append(texts.TRUNCATED)
    posts = sharing.win_posts(channel, ctx.messenger.mention(turn.ref), text)
    return Reply("\n".join(lines), posts=posts)


def offer_share(target: Delivery) -> tuple[Button, ...]:
    """Offer to share a note as a win, except a private one (self-talk stays with the member)."""
    return () if is_private(target.kind) else share_button(target.id)
