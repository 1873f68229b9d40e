"""A team's intro round, step by step, as the scheduler's tick runs it (team dates and times,
:mod:`bot.intros.rhythm`):

1. the day before, from ``HEADS_UP_AT``: everyone opted in gets a heads-up with "Skip this
   round" (a seat each in the round);
2. that evening, from ``PAIR_AT`` (or on the day, if the evening was missed): the pairs are made
   in one transaction with the round's ``paired_at`` stamp, so two instances or a restart never
   pair a round twice;
3. on the day, from ``INTRODUCE_AT``: each group is introduced (Slack: one group DM; Discord:
   each gets a DM naming the others), and anyone left out is told why; their nudge that day is
   the intro (:mod:`bot.services.intro_nudges`);
4. ``CHECK_BACK_AFTER`` days on, from ``CHECK_BACK_AT``: "Did you and Sam meet?".

Every message is claimed by stamping its seat first (:func:`bot.storage.intro_queries.claim`),
so none goes twice; one the platform asks us to hold back (a rate limit) is unstamped and goes
on a later tick.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, update

from bot.actions import ActionId, Verb
from bot.intros import rhythm as r
from bot.intros import texts
from bot.intros.matching import Candidate, Unpaired, match
from bot.intros.texts import mention, partner, starter
from bot.ports import MemberRef, RecipientUnreachable, TeamRef, TemporaryDeliveryError
from bot.schedule import Schedule
from bot.services.context import Context
from bot.storage import intro_queries as iq
from bot.storage import queries as q
from bot.storage.tables import IntroRound, IntroSeat, Team, TeamIntros
from bot.views import Button, Reply, Style

log = logging.getLogger(__name__)

#: Check-backs missed by downtime still go out this long after their day.
CHECK_BACK_CATCH_UP = timedelta(days=4)


@dataclass(frozen=True)
class Sent:
    """What one pass sent, for logs and tests."""

    heads_ups: int = 0
    paired: int = 0
    introductions: int = 0
    unpaired: int = 0
    check_backs: int = 0


async def tick(ctx: Context) -> Sent:
    """Run every step that is due now for every team with intros on (on this process's
    platforms)."""
    query = select(Team, TeamIntros).join(TeamIntros, TeamIntros.team_id == Team.id)
    if ctx.platforms is not None:
        query = query.where(Team.platform.in_(ctx.platforms))
    async with ctx.db.transaction() as session:
        teams = list((await session.execute(query)).tuples())
    total = Sent()
    for team, settings in teams:
        sent = await _team_tick(ctx, team, settings)
        total = Sent(
            *(a + b for a, b in zip(vars(total).values(), vars(sent).values(), strict=True))
        )
    return total


async def _team_tick(ctx: Context, team: Team, settings: TeamIntros) -> Sent:
    local = ctx.clock().astimezone(q.zone_named(team.zone))
    today, at = local.date(), local.time()
    rhythm = r.Rhythm(settings.weekday, settings.every_weeks)
    day = r.next_round(rhythm, settings.anchor, today)
    eve = day - timedelta(days=1) == today
    heads_ups = paired = introduced = unpaired = 0
    if eve and at >= r.HEADS_UP_AT:
        heads_ups = await heads_up(ctx, team.id, day)
    if (eve and at >= r.PAIR_AT) or day == today:
        paired = await pair(ctx, team.id, day)
    if day == today and at >= r.INTRODUCE_AT:
        introduced, unpaired = await introduce(ctx, team.id, day)
    asked = await check_back(ctx, team.id, today) if at >= r.CHECK_BACK_AT else 0
    return Sent(heads_ups, paired, introduced, unpaired, asked)


async def run_for(ctx: Context, team: TeamRef) -> Reply:
    """The demo's ``/intros``: the team's round, today, at once."""
    async with ctx.db.transaction() as session:
        found = await session.execute(
            select(Team.id)
            .join(TeamIntros, TeamIntros.team_id == Team.id)
            .where(Team.platform == team.platform, Team.team_id == team.team_id)
        )
        team_id = found.scalar()
    if team_id is None:
        return Reply("Intros are off for the team. Type `/network-admin intros weekly` first.")
    sent = await run_now(ctx, team_id)
    if not sent.paired and not sent.introductions:
        return Reply("Today's round is already made (one a day). Try again tomorrow.")
    return Reply(
        f"Round made: {sent.paired} intro{'s' if sent.paired != 1 else ''}, "
        f"{sent.unpaired} left out (and told why)."
    )


async def run_now(ctx: Context, team_id: int) -> Sent:
    """A round today, paired and introduced at once (the demo's ``/intros``)."""
    async with ctx.db.transaction() as session:
        team = await session.get(Team, team_id)
        assert team is not None
        today = ctx.clock().astimezone(q.zone_named(team.zone)).date()
    paired = await pair(ctx, team_id, today)
    introduced, unpaired = await introduce(ctx, team_id, today)
    return Sent(0, paired, introduced, unpaired, 0)


async def heads_up(ctx: Context, team_id: int, day: date) -> int:
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        team = await session.get(Team, team_id)
        assert team is not None
        round_ = await iq.ensure_round(session, team, day, now)
        if round_.paired_at is not None:
            return 0
        await iq.seat_everyone(session, team, round_)
        claimed = await iq.claim(
            session, IntroSeat.heads_up_at, now, IntroSeat.round_id == round_.id
        )
    sent = 0
    for seat in claimed:
        skip = Button("Skip this round", ActionId(Verb.INTRO_SKIP, seat.seat_id))
        sent += await _send(ctx, IntroSeat.heads_up_at, [seat], texts.HEADS_UP, (skip,))
    return sent


async def pair(ctx: Context, team_id: int, day: date) -> int:
    """Make the round's groups, once: returns how many groups this call made (0 if another
    instance, or an earlier run, already did)."""
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        team = await session.get(Team, team_id)
        assert team is not None
        round_ = await iq.ensure_round(session, team, day, now)
        # The stamp is the claim: a second instance's UPDATE waits for this transaction, then
        # finds paired_at set and matches nothing.
        won = await session.execute(
            update(IntroRound)
            .where(IntroRound.id == round_.id, IntroRound.paired_at.is_(None))
            .values(paired_at=now)
            .returning(IntroRound.id)
        )
        if won.scalar() is None:
            return 0
        await iq.seat_everyone(session, team, round_)
        takers = await iq.takers(session, round_)
        candidates = [
            Candidate(member.id, _start_minute(member, day), group) for _, member, group in takers
        ]
        met = await iq.met_before(session, team, day)
        grouped = any(group for _, _, group in takers)
        result = match(candidates, met, f"{team.platform}:{team.team_id}:{day}", grouped)
        seat_of = {member.id: seat for seat, member, _ in takers}
        for number, group in enumerate(result.groups, start=1):
            for member_id in group:
                seat_of[member_id].group_no = number
        for member_id, why in result.unpaired.items():
            seat_of[member_id].unpaired = why.value
        log.info(
            "intro round %s %s: %d groups, %d left out",
            TeamRef(team.platform, team.team_id).key,
            day,
            len(result.groups),
            len(result.unpaired),
        )
        return len(result.groups)


def _start_minute(member: q.MemberFields, day: date) -> int:
    """The UTC minute of the day a member's working day starts on ``day``: their nudge time."""
    schedule = Schedule(q.zone_named(member.zone), member.nudge_time, frozenset())
    start = schedule.due_at(day)
    return start.hour * 60 + start.minute


async def introduce(ctx: Context, team_id: int, day: date) -> tuple[int, int]:
    """Introduce each group and tell anyone left out why; returns (groups, left out)."""
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        round_ = await session.scalar(
            select(IntroRound).where(IntroRound.team_id == team_id, IntroRound.round_date == day)
        )
        if round_ is None or round_.paired_at is None:
            return 0, 0
        claimed = await iq.claim(
            session, IntroSeat.introduced_at, now, IntroSeat.round_id == round_.id
        )
        groups = await iq.group_members(session, [round_.id])
    introduced = left_out = 0
    by_group: dict[int, list[iq.Seated]] = {}
    for seat in claimed:
        if seat.group_no is None:
            why = Unpaired(seat.unpaired) if seat.unpaired else Unpaired.TAKEN
            left_out += await _send(ctx, IntroSeat.introduced_at, [seat], texts.UNPAIRED[why])
        else:
            by_group.setdefault(seat.group_no, []).append(seat)
    for number, seats in by_group.items():
        members = groups.get((seats[0].round_id, number), [])
        text = texts.introduction(
            [partner(m.user_id, m.zone, now) for m in members],
            starter(ctx.catalog.phrases.get("intro_starter", ()), seats[0].round_id, number),
        )
        refs = [q.ref_of(m) for m in members]
        introduced += await _send(ctx, IntroSeat.introduced_at, seats, text, group=refs)
    return introduced, left_out


async def check_back(ctx: Context, team_id: int, today: date) -> int:
    """ "Did you and Sam meet?" to everyone grouped in a round ``CHECK_BACK_AFTER`` days ago
    (or a little longer, after downtime) who hasn't been asked."""
    now = ctx.clock()
    latest = today - r.CHECK_BACK_AFTER
    async with ctx.db.transaction() as session:
        rounds = list(
            await session.scalars(
                select(IntroRound.id).where(
                    IntroRound.team_id == team_id,
                    IntroRound.paired_at.is_not(None),
                    IntroRound.round_date.between(latest - CHECK_BACK_CATCH_UP, latest),
                )
            )
        )
        if not rounds:
            return 0
        claimed = await iq.claim(
            session,
            IntroSeat.asked_at,
            now,
            IntroSeat.round_id.in_(rounds),
            IntroSeat.group_no.is_not(None),
            IntroSeat.outcome.is_(None),
        )
        groups = await iq.group_members(session, rounds)
    asked = 0
    for seat in claimed:
        others = [
            mention(m.user_id)
            for m in groups.get((seat.round_id, seat.group_no or 0), [])
            if m.id != seat.member.id
        ]
        asked += await _send(
            ctx, IntroSeat.asked_at, [seat], texts.check_back(others), answer_buttons(seat.seat_id)
        )
    return asked


def answer_buttons(seat_id: int) -> tuple[Button, ...]:
    return (
        Button("Met", ActionId(Verb.INTRO_MET, seat_id), Style.PRIMARY),
        Button("Planned", ActionId(Verb.INTRO_PLANNED, seat_id)),
        Button("Not yet", ActionId(Verb.INTRO_NOT_YET, seat_id)),
    )


async def _send(
    ctx: Context,
    stamp: object,
    seats: Sequence[iq.Seated],
    text: str,
    buttons: tuple[Button, ...] = (),
    group: Sequence[MemberRef] = (),
) -> int:
    """One claimed message: to the seat's member, or (``group``) to the whole group at once.
    Returns 1 if it went. A platform that asks us to wait gets the claim back for a later
    tick; one that refuses for good is logged (delivery parks the member on their next nudge)."""
    try:
        if group:
            await ctx.messenger.introduce(group, text)
        else:
            await ctx.messenger.send_text(q.ref_of(seats[0].member), text, buttons)
    except TemporaryDeliveryError as error:
        log.warning("intro message held back (%s); a later tick sends it", error.reason)
        async with ctx.db.transaction() as session:
            await iq.unstamp(session, stamp, [s.seat_id for s in seats])
        return 0
    except RecipientUnreachable as error:
        log.info("intro message not delivered to %s: %s", seats[0].member.user_id, error.reason)
        return 0
    return 1
