"""Linked identities: one person on Slack and Discord is one member with one streak.

``/network-link`` on one account gives a code, valid once for ten minutes; ``/network-link
<code>`` on the other joins them. Nudges keep going to the first account until the member types
``/network-link here`` on another. Codes are stored only as hashes.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.member_status import MemberStatus
from bot.ports import MemberRef
from bot.services import delivery, people, texts
from bot.services.context import Context, as_member
from bot.storage import queries as q
from bot.storage import rules_store
from bot.storage.tables import Delivery, Identity, LinkCode, Member, Milestone, Pause, Win
from bot.streaks import Outcome
from bot.views import Reply

CODE_LIFETIME = timedelta(minutes=10)
#: No 0/O, 1/I/L: a code is read on one screen and typed on another.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
EXPIRED = (
    "That code doesn't work: codes are good once, for ten minutes. Type `/network-link` on your "
    "other account for a fresh one."
)
#: Outcomes by how much they count, for two accounts that both had a nudge on one day.
RANK = {Outcome.DONE: 3, Outcome.SKIPPED: 2, Outcome.EXCUSED: 1, Outcome.OPEN: 0}


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def digest_of(code: str) -> str:
    """Hash of a code as typed: case, spaces and dashes don't matter."""
    normal = "".join(c for c in code.upper() if c.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


async def link(
    ctx: Context,
    ref: MemberRef,
    text: str = "",
    team: str | None = None,
    event_id: str | None = None,
) -> Reply | None:
    """``/network-link`` (a code), ``/network-link <code>`` (join), ``/network-link here``."""
    word = text.strip()
    if not word:
        return await start(ctx, ref, event_id)
    if word.lower() == "here":
        return await deliver_here(ctx, ref, event_id)
    return await redeem(ctx, ref, word, team, event_id)


async def start(ctx: Context, ref: MemberRef, event_id: str | None = None) -> Reply | None:
    async def act(session: AsyncSession, member: Member, now: datetime) -> Reply:
        code = new_code()
        await session.execute(delete(LinkCode).where(LinkCode.member_id == member.id))
        session.add(
            LinkCode(digest=digest_of(code), member_id=member.id, expires_at=now + CODE_LIFETIME)
        )
        return Reply(
            f"Your link code is `{code}`. Within ten minutes, type `/network-link {code}` on your "
            "other account (Slack or Discord) to join them into one streak. It works once."
            f"{await _linked_line(session, member)}"
        )

    return await as_member(ctx, ref, event_id, act)


async def redeem(
    ctx: Context, ref: MemberRef, code: str, team: str | None = None, event_id: str | None = None
) -> Reply | None:
    """Join ``ref``'s account to the member who made ``code``. If ``ref`` was a member too, their
    histories merge: one nudge per day, the better outcome kept where both had one."""
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        if not await q.first_time_seen(session, event_id, now):
            return None
        # Used up in the same statement that reads it: two people typing one code can't both win.
        owner = await session.scalar(
            delete(LinkCode)
            .where(LinkCode.digest == digest_of(code), LinkCode.expires_at > now)
            .returning(LinkCode.member_id)
        )
        keeper = None if owner is None else await session.get(Member, owner)
        other = await q.member_by_ref(session, ref)
        if keeper is None:
            return Reply(EXPIRED)
        if other is not None and other.id == keeper.id:
            return Reply(
                "This account is already part of your streak. Use the code on your other account."
            )
        if other is not None and q.ref_of(other) == ref:
            await _merge(session, other, keeper)
            team = team or other.team
            # Settled days changed under the keeper's rules state: build it again.
            await session.flush()
            await rules_store.rebuild(session, [keeper.id], now)
            session.expire(keeper, ["rules_through", "rules"])  # stored anew, beside the ORM
        linked = await q.identity_of(session, ref)
        if linked is None:
            linked = Identity(
                platform=ref.platform, workspace=ref.workspace, user_id=ref.user_id, linked_at=now
            )
            session.add(linked)
        linked.member_id, linked.team, linked.linked_at = keeper.id, team, now
        await session.flush()
        summary = (await q.recent_of(session, keeper)).summary(q.today_of(keeper, now))
        where = texts.platform_name(keeper.platform)
        return Reply(
            f"Linked! Both accounts now share one streak. {texts.streak_line(summary)}\n"
            f"Your nudges keep coming on {where}. To get them here instead, type "
            "`/network-link here`."
        )


async def deliver_here(ctx: Context, ref: MemberRef, event_id: str | None = None) -> Reply | None:
    """Send the member's nudges to the account ``ref`` from now on."""

    async def act(session: AsyncSession, member: Member, now: datetime) -> Reply:
        linked = await q.identity_of(session, ref)
        if linked is None:
            return Reply(f"Your nudges already come here. {texts.next_nudge(member)}")
        old = (member.platform, member.workspace, member.user_id, member.team)
        member.platform, member.workspace, member.user_id, member.team = (
            linked.platform,
            linked.workspace,
            linked.user_id,
            linked.team,
        )
        linked.platform, linked.workspace, linked.user_id, linked.team = old
        if (
            member.status == MemberStatus.PARKED
        ):  # the old account could not be reached; this one can
            member.status, member.status_reason = MemberStatus.ACTIVE.value, None
        await delivery.reschedule(session, member, now)
        return Reply(
            f"From now on your nudges come here, on {texts.platform_name(member.platform)}. "
            f"{texts.next_nudge(member)}"
        )

    return await as_member(ctx, ref, event_id, act)


async def _merge_people(session: AsyncSession, gone: Member, keeper: Member) -> None:
    """Both accounts' people, once each: a name both kept keeps the more recent contact."""
    mine = {p.name.lower(): p for p in await people.kept_people(session, keeper.id)}
    for person in await people.kept_people(session, gone.id):
        same = mine.get(person.name.lower())
        if same is None:
            person.member_id = keeper.id
            continue
        if (person.last_contact or date.min) > (same.last_contact or date.min):
            same.last_contact, same.next_check_in = person.last_contact, person.next_check_in
        for column in (Delivery.person_id, Delivery.asks_person_id):  # offers and asks
            await session.execute(
                update(Delivery).where(column == person.id).values({column: same.id})
            )
        await session.delete(person)
    await session.flush()


async def _merge(session: AsyncSession, gone: Member, keeper: Member) -> None:
    """Move ``gone``'s history onto ``keeper`` and delete ``gone`` (its account becomes linked)."""
    kept = {d.local_date: d for d in await q.deliveries_of(session, keeper.id)}
    for day in await q.deliveries_of(session, gone.id):
        mine = kept.get(day.local_date)
        if mine is None:
            day.member_id = keeper.id
            continue
        if RANK[Outcome(day.outcome)] > RANK[Outcome(mine.outcome)]:
            mine.outcome, mine.logged_at = day.outcome, day.logged_at
        mine.note = "\n".join(filter(None, [mine.note, day.note])) or None
        await session.execute(
            update(Win).where(Win.delivery_id == day.id).values(delivery_id=mine.id)
        )
        await session.delete(day)
    reached = {
        (m.streak_since, m.days)
        for m in await session.scalars(select(Milestone).where(Milestone.member_id == keeper.id))
    }
    for milestone in await session.scalars(select(Milestone).where(Milestone.member_id == gone.id)):
        if (milestone.streak_since, milestone.days) in reached:
            await session.delete(milestone)
        else:
            milestone.member_id = keeper.id
    await _merge_people(session, gone, keeper)
    for model in (Win, Pause, Identity):
        await session.execute(
            update(model).where(model.__table__.c.member_id == gone.id).values(member_id=keeper.id)
        )
    await session.execute(delete(LinkCode).where(LinkCode.member_id == gone.id))
    await session.flush()
    await session.delete(gone)
    await session.flush()


async def _linked_line(session: AsyncSession, member: Member) -> str:
    accounts = list(await session.scalars(select(Identity).where(Identity.member_id == member.id)))
    if not accounts:
        return ""
    names = ", ".join(texts.platform_name(a.platform) for a in accounts)
    return f"\n(Already linked: {names}. Nudges come on {texts.platform_name(member.platform)}.)"
