"""Linked identities: one person on two platforms is one member with one streak."""

from __future__ import annotations

import asyncio
import random
import re
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import func, select

from bot.ports import MemberRef, TeamRef
from bot.services import dispatch, links, logbook, membership, wins
from bot.storage import queries as q
from bot.storage import rules_store
from bot.storage.tables import Delivery, Identity, LinkCode, Member, Person, Win
from bot.streaks import summarize
from tests.bot.services.steps import admin_typed, deliveries, member_row, next_day, typed

ON_SLACK = MemberRef("slack", "T1", "U-ana")
ON_DISCORD = MemberRef("discord", "", "1001")


def code_in(text: str) -> str:
    found = re.search(r"`([A-Z0-9]{4}-[A-Z0-9]{4})`", text)
    assert found, text
    return found.group(1)


async def count(ctx, model) -> int:
    async with ctx.db.transaction() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_a_code_links_a_new_account_once(ctx, messenger):
    await membership.join(ctx, ON_SLACK, team="T1")
    await logbook.handle_text(ctx, ON_SLACK, "done")
    code = code_in((await links.link(ctx, ON_SLACK)).text)
    async with ctx.db.transaction() as session:
        [stored] = await session.scalars(select(LinkCode))
        assert code.replace("-", "") not in stored.digest  # only a hash is kept
    linked = await links.link(ctx, ON_DISCORD, code.lower(), team="G1")
    assert "Linked!" in linked.text and "🔥 Streak: 1 day" in linked.text
    assert "keep coming on Slack" in linked.text
    # The Discord account now acts on the same member: one streak, one history.
    streak = await logbook.handle_text(ctx, ON_DISCORD, "done")
    assert "Already logged" in streak.text
    assert (await member_row(ctx, ON_DISCORD)).id == (await member_row(ctx, ON_SLACK)).id
    assert await count(ctx, Member) == 1
    again = await links.link(ctx, MemberRef("discord", "", "2002"), code)
    assert "codes are good once" in again.text
    assert await count(ctx, Identity) == 1


async def test_codes_expire_after_ten_minutes(ctx, clock):
    await membership.join(ctx, ON_SLACK, team="T1")
    code = code_in((await links.link(ctx, ON_SLACK)).text)
    clock.now += timedelta(minutes=10)
    expired = await links.link(ctx, ON_DISCORD, code)
    assert "ten minutes" in expired.text
    assert await count(ctx, Identity) == 0
    fresh = code_in((await links.link(ctx, ON_SLACK)).text)
    assert fresh != code
    assert "Linked!" in (await links.link(ctx, ON_DISCORD, fresh)).text
    assert (
        "already part of your streak"
        in (await links.link(ctx, ON_SLACK, code_in((await links.link(ctx, ON_SLACK)).text))).text
    )
    assert "codes are good once" in (await links.link(ctx, ON_DISCORD, "nonsense")).text


async def test_two_members_merge_into_one_history(ctx, clock):
    await membership.join(ctx, ON_SLACK, team="T1")
    await membership.join(ctx, ON_DISCORD, team="G1")
    await logbook.handle_text(ctx, ON_SLACK, "skip")
    await logbook.handle_text(ctx, ON_DISCORD, "done: wrote to an old colleague")
    await wins.win(ctx, ON_DISCORD, "First meetup talk")
    await next_day(ctx, clock, ON_SLACK)  # both get Tuesday's nudge; only Discord's is done
    await logbook.handle_text(ctx, ON_DISCORD, "done")
    code = code_in((await links.link(ctx, ON_SLACK)).text)
    reply = await links.link(ctx, ON_DISCORD, code, team="G1")
    assert "🔥 Streak: 2 days" in reply.text
    days = await deliveries(ctx, ON_SLACK)
    assert [(d.local_date.day, d.outcome) for d in days] == [(23, "done"), (24, "done")]
    assert days[0].note == "wrote to an old colleague"
    assert await count(ctx, Member) == 1
    async with ctx.db.transaction() as session:
        [win] = await session.scalars(select(Win))
        assert win.member_id == days[0].member_id
        [identity] = await session.scalars(select(Identity))
        assert (identity.platform, identity.user_id, identity.team) == ("discord", "1001", "G1")


async def test_kept_people_move_with_the_link_once_each(ctx, clock):
    """A name both accounts kept is one person, with the later contact; the nudges that offered
    or asked about the one that goes now point at the one that stays."""
    await membership.join(ctx, ON_SLACK, team="T1")
    await membership.join(ctx, ON_DISCORD, team="G1")
    await typed(ctx, ON_SLACK, "/network-people add Sam every 3 weeks")
    await typed(ctx, ON_DISCORD, "/network-people add sam monthly")
    await typed(ctx, ON_DISCORD, "/network-people add Priya")
    await next_day(ctx, clock, ON_SLACK)
    await typed(ctx, ON_DISCORD, "/network-people talked to sam")
    async with ctx.db.transaction() as session:
        discord_sam = await session.scalar(select(Person).where(Person.name == "sam"))
        on_discord = await session.scalar(
            select(Delivery).where(Delivery.member_id == discord_sam.member_id)
        )
        on_discord.person_id = on_discord.asks_person_id = discord_sam.id
        on_discord.local_date -= timedelta(days=14)  # a day only this account has
        contact = discord_sam.last_contact
    code = code_in((await links.link(ctx, ON_SLACK)).text)
    await links.link(ctx, ON_DISCORD, code, team="G1")
    async with ctx.db.transaction() as session:
        people = {p.name: p for p in await session.scalars(select(Person))}
        assert sorted(people) == ["Priya", "Sam"]
        assert {p.member_id for p in people.values()} == {(await member_row(ctx, ON_SLACK)).id}
        assert people["Sam"].last_contact == contact
        pointing = (
            await session.execute(select(Delivery.person_id, Delivery.asks_person_id))
        ).all()
        assert (people["Sam"].id, people["Sam"].id) in pointing


async def test_nudges_go_where_the_member_chooses(ctx, clock, messenger):
    await membership.join(ctx, ON_SLACK, team="T1")
    code = code_in((await links.link(ctx, ON_SLACK)).text)
    await links.link(ctx, ON_DISCORD, code, team="G1")
    moved = await links.link(ctx, ON_DISCORD, "here")
    assert "come here, on Discord" in moved.text
    assert "already come here" in (await links.link(ctx, ON_DISCORD, "here")).text
    messenger.sent.clear()
    await next_day(ctx, clock, ON_DISCORD)
    assert [s.to for s in messenger.sent] == [ON_DISCORD]
    # A Slack-only process no longer claims this member; a Discord one does.
    member = await member_row(ctx, ON_SLACK)
    assert (member.platform, member.team) == ("discord", "G1")
    clock.now = member.next_due_at
    slack_only = replace(ctx, platforms=frozenset({"slack"}))
    assert await dispatch.deliver_due(slack_only) == 0
    discord_only = replace(ctx, platforms=frozenset({"discord"}))
    assert await dispatch.deliver_due(discord_only) == 1


async def test_a_linked_account_shares_in_its_own_team(ctx, messenger):
    await admin_typed(ctx, TeamRef("discord", "G1"), "channel 777")
    await membership.join(ctx, ON_SLACK, team="T1")
    code = code_in((await links.link(ctx, ON_SLACK)).text)
    await links.link(ctx, ON_DISCORD, code, team="G1")
    messenger.posts.clear()
    await wins.win(ctx, ON_DISCORD, "Asked a senior engineer for a review")
    [(channel, text)] = messenger.posts
    assert (channel.platform, channel.team_id, channel.channel_id) == ("discord", "G1", "777")
    assert text.startswith("🎉 <@1001> shared a win")
    async with ctx.db.transaction() as session:
        assert (
            await q.team_of_account(session, await q.member_by_ref(session, ON_SLACK), ON_SLACK)
            == "T1"
        )


async def test_one_code_typed_twice_at_once_links_one_account(ctx):
    await membership.join(ctx, ON_SLACK, team="T1")
    code = code_in((await links.link(ctx, ON_SLACK)).text)
    others = [MemberRef("discord", "", str(n)) for n in (2001, 2002, 2003)]
    replies = await asyncio.gather(*(links.link(ctx, ref, code) for ref in others))
    assert sorted("Linked!" in r.text for r in replies) == [False, False, True]
    assert await count(ctx, Identity) == 1


async def test_a_merge_after_months_builds_the_rules_state_again(ctx, clock):
    """Merging rewrites settled days (the better outcome of the two wins): the keeper's rules
    state is built again from the merged history, so the streak is the merged history's."""
    await membership.join(ctx, ON_SLACK, team="T1")
    await membership.join(ctx, ON_DISCORD, team="G1")
    rng = random.Random(11)
    for _ in range(40):
        for ref in (ON_SLACK, ON_DISCORD):
            if rng.random() < 0.5:
                await logbook.handle_text(ctx, ref, "done")
        await next_day(ctx, clock, ON_SLACK)
    await logbook.handle_text(ctx, ON_SLACK, "done")
    await logbook.handle_text(ctx, ON_DISCORD, "done")
    code = code_in((await links.link(ctx, ON_SLACK)).text)
    reply = await links.link(ctx, ON_DISCORD, code, team="G1")
    merged = await deliveries(ctx, ON_SLACK)
    whole = summarize(q.logged_days(merged), merged[-1].local_date)
    assert whole.current > 3 and f"🔥 Streak: {whole.current} days" in reply.text
    async with ctx.db.transaction() as session:
        keeper = await q.member_by_ref(session, ON_SLACK)
        assert keeper is not None and keeper.rules_through is not None
        checked = await rules_store.rebuild(session, [keeper.id], clock.now)
    assert checked == rules_store.Rebuilt(1, differed=0)
