"""The intro as a member's nudge (:mod:`bot.services.intros`): on a round's day, a member in a
group gets the intro (who, their zone and time there, a starter from the catalog) as the day's
challenge, with Done and Skip as usual. One read for a batch of claimed nudges."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import Catalog
from bot.intros.texts import intro_challenge, partner, starter
from bot.storage import intro_queries as iq
from bot.storage.tables import IntroRound, IntroSeat

#: The challenge id an intro nudge is stored under (not in the catalog, like a follow-up's).
INTRO_ID = "intro"
#: Room for the text in ``deliveries.personal_text``.
MAX_TEXT = 400


async def add_intros(
    session: AsyncSession,
    catalog: Catalog,
    rows: list[dict[str, Any]],
    now: datetime,
) -> None:
    """Make the intro the day's challenge in ``rows`` (delivery rows being claimed) for members
    grouped in a round dated that day; it takes the place of a follow-up or a catalog pick."""
    if not rows:
        return
    days = {row["local_date"] for row in rows}
    found = await session.execute(
        select(IntroSeat.member_id, IntroSeat.round_id, IntroSeat.group_no, IntroRound.round_date)
        .join(IntroRound, IntroRound.id == IntroSeat.round_id)
        .where(
            IntroSeat.member_id.in_([row["member_id"] for row in rows]),
            IntroSeat.group_no.is_not(None),
            IntroSeat.skipped.is_(False),
            IntroRound.round_date.in_(days),
        )
    )
    seats = {(m, day): (round_id, group_no or 0) for m, round_id, group_no, day in found.tuples()}
    if not seats:
        return
    groups = await iq.group_members(session, sorted({round_id for round_id, _ in seats.values()}))
    for row in rows:
        seat = seats.get((row["member_id"], row["local_date"]))
        if seat is None:
            continue
        group = groups.get(seat, [])
        me = next((m for m in group if m.id == row["member_id"]), None)
        if me is None or len(group) < 2:
            continue
        others = [partner(m.user_id, m.zone, now) for m in group if m is not me]
        variants = catalog.phrases.get("intro_starter", ())
        text = intro_challenge(others, starter(variants, *seat))
        row |= {
            "challenge_id": INTRO_ID,
            "theme": "building_relationships",
            "kind": "reach_out",
            "person_id": None,
            "personal_text": text[:MAX_TEXT],
        }
