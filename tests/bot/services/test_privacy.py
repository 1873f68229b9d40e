"""Export gives a member everything stored about them; forget deletes all of it."""

from __future__ import annotations

import json

from sqlalchemy import inspect as schema_of
from sqlalchemy import select, text

from bot.actions import ActionId, Verb
from bot.ports import MemberRef, TeamRef
from bot.services import links, logbook, membership, privacy, settings, streak, wins
from bot.storage.tables import InboxEntry, Member
from tests.bot.services.steps import admin_typed, member_row, next_day

ANA = MemberRef("slack", "T1", "U-ana")
ANA_ON_DISCORD = MemberRef("discord", "", "1001")
BEN = MemberRef("slack", "T1", "U-ben")


async def a_full_history(ctx, clock) -> None:
    """Ana has a team, notes, a win, a milestone, a pause, a linked account and a pending code."""
    await admin_typed(ctx, TeamRef("slack", "T1"), "channel C-wins")
    for ref in (ANA, BEN):
        await membership.join(ctx, ref, team="T1")
    for day in range(3):
        await logbook.handle_text(
            ctx, ANA, f"done: note {day}", event_id=f"slack:action:U-ana:{day}"
        )
        await next_day(ctx, clock, ANA)
    await logbook.handle_text(ctx, BEN, "done: Ben's own note")
    await wins.win(ctx, ANA, "Spoke at the meetup")
    code = (await links.link(ctx, ANA)).text.split("`")[1]
    await links.link(ctx, ANA_ON_DISCORD, code, team="G1")
    await links.link(ctx, ANA)  # a fresh, unused code
    await settings.pause(ctx, ANA, "2 days")
    # Handled DMs, kept a week in the inbox with the platform's payload.
    async with ctx.db.transaction() as session:
        for n, user in enumerate(("U-ana", "1001", "U-ben")):
            event = {"type": "message", "user": user, "text": f"done: {user} said so"}
            session.add(
                InboxEntry(
                    platform="slack",
                    team="T1",
                    kind="event",
                    dedupe_key=f"Ev{n}",
                    payload={"event": event},
                    received_at=clock.now,
                    next_attempt_at=clock.now,
                    done_at=clock.now,
                )
            )


async def test_export_holds_everything_about_the_member_and_nothing_else(ctx, clock):
    await a_full_history(ctx, clock)
    reply = await privacy.export(ctx, ANA_ON_DISCORD)
    [attachment] = reply.files
    assert attachment.media_type == "application/json"
    assert attachment.filename.startswith("nudgebot-export-")
    data = json.loads(attachment.content)
    assert data["member"]["user_id"] == "U-ana" and data["member"]["paused_until"]
    assert [d["note"] for d in data["deliveries"][:3]] == ["note 0", "note 1", "note 2"]
    assert all(d["challenge_text"] for d in data["deliveries"])
    assert [w["text"] for w in data["wins"]] == ["Spoke at the meetup"]
    assert [m["days"] for m in data["milestones"]] == [3]
    assert [a["user_id"] for a in data["linked_accounts"]] == ["1001"]
    assert len(data["pauses"]) == 1
    assert "Ben's own note" not in attachment.content.decode()


async def test_forget_asks_then_deletes_every_row_about_the_member(ctx, clock, db):
    await a_full_history(ctx, clock)
    ana_id = (await member_row(ctx, ANA)).id
    asked = await privacy.forget(ctx, ANA)
    assert "for good" in asked.text
    [button] = asked.buttons
    assert await member_row(ctx, ANA)  # nothing deleted yet
    not_yours = await logbook.press(ctx, BEN, str(button.action))
    assert "isn't yours" in not_yours.text
    done = await logbook.press(ctx, ANA_ON_DISCORD, str(button.action), "slack:action:U-ana:x")
    assert "deleted" in done.text
    assert "haven't joined" in (await streak.streak(ctx, ANA)).text
    assert "haven't joined" in (await streak.streak(ctx, ANA_ON_DISCORD)).text
    # No row anywhere refers to her: by member id, by user id, by either account.
    async with db.transaction() as session:
        tables = await session.run_sync(lambda s: schema_of(s.connection()).get_table_names())
        for table in tables:
            if table.startswith("alembic"):
                continue
            for row in (await session.execute(text(f"SELECT * FROM {table}"))).mappings():
                values = {str(v) for v in row.values()}
                assert not values & {"U-ana", "1001"}, (table, row)
                assert all("U-ana" not in v for v in values), (table, row)
                if "member_id" in row:
                    assert row["member_id"] != ana_id, (table, row)
        assert [m.user_id for m in await session.scalars(select(Member))] == ["U-ben"]
        assert [e.dedupe_key for e in await session.scalars(select(InboxEntry))] == ["Ev2"]


async def test_forget_by_typing_yes(ctx, alice):
    await membership.join(ctx, alice)
    reply = await privacy.forget(ctx, alice, True)
    assert "deleted" in reply.text
    assert "haven't joined" in (await privacy.export(ctx, alice)).text
    stale = await logbook.press(ctx, alice, str(ActionId(Verb.FORGET, 1)))
    assert "haven't joined" in stale.text
