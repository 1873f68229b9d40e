"""Joining and leaving. Joining sends a welcome and the first challenge right away."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import onboarding
from bot.member_status import MemberStatus
from bot.ports import MemberRef, RecipientUnreachable
from bot.preferences import format_weekdays
from bot.services import delivery, dispatch, texts
from bot.services.context import Context
from bot.storage import queries as q
from bot.storage.tables import Member, Team
from bot.views import Reply


async def join(
    ctx: Context, ref: MemberRef, zone: ZoneInfo | None = None, team: str | None = None
) -> Reply:
    """Enrol ``ref`` (or welcome them back) and deliver today's challenge at once.

    ``zone`` is what the platform knows (a Slack profile); otherwise the team's zone (set by its
    admin) or the default applies.
    ``team`` is the workspace or guild the member joined from (their wins channel and digest).
    """
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ref)
        if member is not None and member.status == MemberStatus.ACTIVE:
            return Reply(f"You're already in. {texts.next_nudge(member)}")
        returning = member is not None
        if member is None:
            zone = zone or await _team_zone(session, ref.platform, team)
            member = _new_member(ctx, ref, zone, now)
            session.add(member)
            await session.flush()
        member.status, member.status_reason = MemberStatus.ACTIVE.value, None
        member.team = team or member.team
        await q.refresh_holidays(session, member)
        today = q.today_of(member, now)
        first = await delivery.claim_one(session, ctx.catalog, member, today, now)
        await delivery.reschedule(session, member, now)
        schedule_line = (
            f"I'll nudge you at {member.nudge_time:%H:%M} ({member.zone}), "
            f"{format_weekdays(q.schedule_of(member).weekdays)}. "
            "Change that any time with `/network-settings`."
        )
    welcome = "Welcome back!" if returning else ctx.phrase("welcome", ref.key)
    welcome = f"{welcome}\n{schedule_line}"
    if first is None:
        await ctx.messenger.send_text(ref, welcome)
        return Reply("You're in! I've sent you a direct message.")
    # A newcomer is asked the first joining question between the welcome and the challenge.
    question = onboarding.QUESTIONS[0]
    asks = None if returning else (question.text, onboarding.buttons(question))
    result = await dispatch.deliver_now(ctx, replace(first, welcome=welcome, asks=asks))
    if isinstance(result.error, RecipientUnreachable):
        return Reply(texts.CANNOT_DM, problem=result.error.kind)
    return Reply("You're in! I've sent you a direct message with today's challenge.")


async def leave(ctx: Context, ref: MemberRef) -> Reply:
    """Stop nudging ``ref``; their history stays (``/network-forget`` deletes it)."""
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ref)
        if member is None or member.status == MemberStatus.LEFT:
            return Reply("You're not receiving nudges. Type `/network-join` to start.")
        member.status = member.status_reason = MemberStatus.LEFT.value
        member.next_due_at = member.next_due_date = None
    return Reply("Done: no more nudges. Your streak history is kept; `/network-join` resumes.")


async def _team_zone(session: AsyncSession, platform: str, team: str | None) -> ZoneInfo | None:
    """The zone the team's admin set: the best guess for a member the platform gives none."""
    if team is None:
        return None
    name = await session.scalar(
        select(Team.zone).where(Team.platform == platform, Team.team_id == team)
    )
    return q.zone_named(name) if name else None


def _new_member(ctx: Context, ref: MemberRef, zone: ZoneInfo | None, now: datetime) -> Member:
    settings = ctx.settings
    zone = zone or settings.default_zone
    return Member(
        platform=ref.platform,
        workspace=ref.workspace,
        user_id=ref.user_id,
        zone=zone.key,
        nudge_time=settings.default_time,
        weekdays="".join(str(d) for d in sorted(settings.default_weekdays)),
        level=1,
        level_since=now.astimezone(zone).date(),
        focus="",
        share_wins=False,
        status=MemberStatus.ACTIVE.value,
        joined_at=now,
    )


async def park(ctx: Context, ref: MemberRef, reason: str) -> bool:
    """Stop delivering to a member the platform refuses (DMs closed, user gone); keep their data.

    Returns False when there is no such member.
    """
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ref)
        if member is None:
            return False
        _park(member, reason)
    return True


async def park_workspace(ctx: Context, platform: str, workspace: str, reason: str) -> int:
    """Park every active member of a workspace (the app was uninstalled, tokens revoked)."""
    async with ctx.db.transaction() as session:
        members = await session.scalars(
            select(Member).where(
                Member.platform == platform,
                Member.workspace == workspace,
                Member.status == MemberStatus.ACTIVE.value,
            )
        )
        parked = list(members)
        for member in parked:
            _park(member, reason)
    return len(parked)


async def unpark(ctx: Context, ref: MemberRef) -> str | None:
    """Resume a parked member (they reached us again). Returns the reason they were parked."""
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ref)
        if member is None or member.status != MemberStatus.PARKED:
            return None
        reason = member.status_reason
        member.status, member.status_reason = MemberStatus.ACTIVE.value, None
        await delivery.reschedule(session, member, ctx.clock())
    return reason


async def status(ctx: Context, ref: MemberRef) -> tuple[str, str | None] | None:
    """``(status, reason)`` for a member (active, parked or left), None if they never joined."""
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ref)
        return None if member is None else (member.status, member.status_reason)


def _park(member: Member, reason: str) -> None:
    member.status, member.status_reason = MemberStatus.PARKED.value, reason[:200]
    member.next_due_at = member.next_due_date = None
