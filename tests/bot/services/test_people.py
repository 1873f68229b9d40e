"""My people on a real database: captured from notes, managed by command, followed up, asked
about, exported and forgotten."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from bot.services import delivery, dispatch, logbook, membership
from bot.storage.tables import Member, Person
from tests.bot.services.steps import make_kind, member_row, next_day, typed


async def kept(ctx) -> list[Person]:
    async with ctx.db.transaction() as session:
        return list(await session.scalars(select(Person).order_by(Person.name)))


async def joined(ctx, alice):
    await membership.join(ctx, alice)
    await make_kind(ctx, alice, "reach_out")


async def test_a_name_in_a_note_is_offered_once_and_kept_with_what_was_said(ctx, alice):
    await joined(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, "done: wrote to Sam, my old manager")
    assert reply is not None and "Keep Sam in your people?" in reply.text
    labels = [b.label for b in reply.buttons]
    assert labels[-2:] == ["Keep", "No thanks"]
    keep = reply.buttons[labels.index("Keep")]
    answer = await logbook.press(ctx, alice, str(keep.action), "e1")
    assert answer is not None and answer.text.startswith("Kept Sam.")
    [sam] = await kept(ctx)
    assert (sam.name, sam.context, sam.cadence_days) == ("Sam", "my old manager", 21)
    assert sam.last_contact == date(2026, 11, 23)
    assert sam.next_check_in == date(2026, 12, 14)
    again = await logbook.press(ctx, alice, str(keep.action), "e2")
    assert again is not None and "in your people already" in again.text
    assert len(await kept(ctx)) == 1


async def test_a_mention_is_kept_as_the_platform_user_and_shown_as_a_mention(ctx, alice):
    await joined(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, "done: asked <@U024BE7LH> for feedback")
    assert reply is not None and "Keep <@U024BE7LH> in your people?" in reply.text
    keep = next(b for b in reply.buttons if b.label == "Keep")
    await logbook.press(ctx, alice, str(keep.action), "e1")
    [person] = await kept(ctx)
    assert person.user_id == "U024BE7LH"
    listed = await typed(ctx, alice, "/network-people")
    assert "• <@U024BE7LH>: in touch today, every 3 weeks" in listed.text


async def test_no_thanks_keeps_nobody_and_a_note_without_a_name_offers_nothing(ctx, alice):
    await joined(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, "done: talked to my manager")
    assert reply is not None and "Keep" not in reply.text
    await typed(ctx, alice, "/network-pause 1 day")
    await typed(ctx, alice, "/network-resume")
    offered = await logbook.handle_text(ctx, alice, "done: also texted Priya")
    assert offered is not None and "Keep Priya" in offered.text
    no = next(b for b in offered.buttons if b.label == "No thanks")
    answer = await logbook.press(ctx, alice, str(no.action), "e1")
    assert answer is not None and "won't keep them" in answer.text
    assert await kept(ctx) == []


async def test_every_people_command_and_its_mistakes(ctx, alice):
    await membership.join(ctx, alice)
    empty = await typed(ctx, alice, "/network-people")
    assert "You're not keeping anyone yet" in empty.text
    added = await typed(ctx, alice, "/network-people add Sam every 3 weeks")
    assert added.text == "Added Sam. I'll suggest a check-in every 3 weeks, first on Mon 14 Dec."
    twice = await typed(ctx, alice, "/network-people add sam")
    assert twice.text == "Sam is already in your people."
    await typed(ctx, alice, "/network-people add Priya monthly")
    cadence = await typed(ctx, alice, "/network-people sam every 2 months")
    assert cadence.text.startswith("Done: Sam every 2 months, next check-in")
    talked = await typed(ctx, alice, "/network-people talked to Priya")
    assert talked.text.startswith("Noted: you were in touch with Priya today.")
    missing = await typed(ctx, alice, "/network-people remove Pria")
    assert (
        "I don't have anyone called “Pria”" in missing.text
        and "Did you mean Priya?" in missing.text
    )
    removed = await typed(ctx, alice, "/network-people remove priya")
    assert removed.text.startswith("Removed Priya")
    wrong = await typed(ctx, alice, "/network-people add Sam every 2 days")
    assert "between every week and once a year" in wrong.text
    nonsense = await typed(ctx, alice, "/network-people hello there")
    assert "`/network-people add Sam every 3 weeks`" in nonsense.text
    assert [p.name for p in await kept(ctx)] == ["Sam"]


async def test_the_list_is_overdue_first_and_pages(ctx, clock, alice):
    await membership.join(ctx, alice)
    for n in range(12):
        await typed(ctx, alice, f"/network-people add Person{n:02d} every {n + 1} weeks")
    clock.now += timedelta(days=10)
    listed = await typed(ctx, alice, "/network-people")
    lines = [line for line in listed.text.splitlines() if line.startswith("• ")]
    assert len(lines) == 10 and lines[0].startswith("• Person00:") and "⏰ due now" in lines[0]
    assert "Page 1 of 2: `/network-people page 2`." in listed.text
    second = await typed(ctx, alice, "/network-people page 2")
    assert [line[:10] for line in second.text.splitlines() if line.startswith("• ")] == [
        "• Person10",
        "• Person11",
    ]


async def test_a_due_person_is_the_days_challenge_and_done_resets_the_timer(
    ctx, clock, messenger, alice
):
    await membership.join(ctx, alice)  # Monday 23 November
    await typed(ctx, alice, "/network-people add Sam every week")
    for _ in range(5):  # Tuesday .. Friday, then Monday 30 November: Sam is due
        await next_day(ctx, clock, alice)
    card = messenger.cards[-1]
    assert card.day == date(2026, 11, 30)
    assert card.text.startswith("It's been a while since you were in touch with Sam.")
    reply = await logbook.handle_text(ctx, alice, "done, sent Sam a quick hello")
    assert reply is not None and "Noted: you were in touch with Sam." in reply.text
    [sam] = await kept(ctx)
    assert sam.last_contact == date(2026, 11, 30) and sam.next_check_in == date(2026, 12, 7)
    assert sam.check_back_on == date(2026, 12, 3)


async def test_a_follow_up_not_taken_up_comes_back_a_week_later(ctx, clock, messenger, alice):
    await membership.join(ctx, alice)  # Monday 23 November
    await typed(ctx, alice, "/network-people add Sam every week")
    for _ in range(10):  # through Monday 7 December, Sam's follow-up never logged
        await next_day(ctx, clock, alice)
    offered = [c.day for c in messenger.cards if "in touch with Sam" in c.text]
    assert offered == [date(2026, 11, 30), date(2026, 12, 7)]
    [sam] = await kept(ctx)  # offering him wrote nothing: he is still due since 30 November
    assert sam.next_check_in == date(2026, 11, 30) and sam.last_contact is None


async def test_at_most_two_personal_follow_ups_a_week(ctx, clock, messenger, alice):
    await membership.join(ctx, alice)
    for name in ("Ana", "Ben", "Cai", "Dee", "Eve"):
        await typed(ctx, alice, f"/network-people add {name} every week")
    for _ in range(9):  # through Friday 4 December
        await next_day(ctx, clock, alice)
    week = [c for c in messenger.cards if c.day >= date(2026, 11, 30)]
    personal = [c for c in week if c.text.startswith("It's been")]
    assert len(week) == 5 and len(personal) == 2
    assert week[-1].day.isoweekday() == 5 and not week[-1].text.startswith("It's been")


async def test_did_they_reply_is_asked_once_and_each_answer_is_kind(ctx, clock, messenger, alice):
    await joined(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, "done: emailed Kenji about the conference")
    keep = next(b for b in reply.buttons if b.label == "Keep")
    await logbook.press(ctx, alice, str(keep.action), "e1")
    for _ in range(3):  # Tuesday, Wednesday, Thursday 26 November: three days on
        await next_day(ctx, clock, alice)
    asked = next(s for s in reversed(messenger.sent) if s.text == "Did Kenji reply?")
    assert [b.label for b in asked.buttons] == ["Yes", "Not yet", "No"]
    not_yet = await logbook.press(ctx, alice, str(asked.buttons[1].action), "e2")
    assert not_yet is not None and "I'll ask once more in a few days" in not_yet.text
    twice = await logbook.press(ctx, alice, str(asked.buttons[1].action), "e2b")
    assert twice is not None and twice.text == not_yet.text  # a second click is not a second ask
    await next_day(ctx, clock, alice)  # Friday: not asked again yet
    assert sum(s.text == "Did Kenji reply?" for s in messenger.sent) == 1
    for _ in range(3):  # Mon, Tue, Wed 2 December: asked the second time
        await next_day(ctx, clock, alice)
    assert sum(s.text == "Did Kenji reply?" for s in messenger.sent) == 2
    no = await logbook.press(ctx, alice, str(asked.buttons[2].action), "e3")
    assert no is not None and "one gentle follow-up with Kenji in a couple of weeks" in no.text
    [kenji] = await kept(ctx)
    assert kenji.next_check_in == date(2026, 12, 16) and kenji.check_back_on is None
    yes = await logbook.press(ctx, alice, str(asked.buttons[0].action), "e4")
    assert yes is not None and yes.text.startswith("🎉 Kenji replied: that's a real win")


async def test_asking_writes_nothing_to_people_and_an_unanswered_ask_is_not_repeated(
    ctx, clock, messenger, alice
):
    """The nudge records whom it asked about (``deliveries.asks_person_id``): a claim that asks
    "Did Kenji reply?" writes nothing to ``people``, and a member who never answers is not asked
    again the next day nor after the window."""
    await joined(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, "done: emailed Kenji about the conference")
    keep = next(b for b in reply.buttons if b.label == "Keep")
    await logbook.press(ctx, alice, str(keep.action), "e1")
    writes: list[str] = []

    def keep_writes(conn, cursor, statement, parameters, context, executemany):
        if "people" in statement and not statement.lstrip().upper().startswith("SELECT"):
            writes.append(statement)

    event.listen(ctx.db.engine.sync_engine, "before_cursor_execute", keep_writes)
    try:
        for _ in range(3):  # asked on the third day
            await next_day(ctx, clock, alice)
    finally:
        event.remove(ctx.db.engine.sync_engine, "before_cursor_execute", keep_writes)
    assert sum(s.text == "Did Kenji reply?" for s in messenger.sent) == 1
    assert writes == []
    for _ in range(12):  # no answer, ever: never asked again
        await next_day(ctx, clock, alice)
    assert sum(s.text == "Did Kenji reply?" for s in messenger.sent) == 1


async def test_a_nudge_resent_after_a_crash_still_asks(ctx, clock, messenger, alice):
    """The ask travels with its nudge: claimed, then the process dies before sending; the
    resend after the lease asks "Did Kenji reply?" (it used to be lost with the crash)."""
    await joined(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, "done: emailed Kenji about the conference")
    keep = next(b for b in reply.buttons if b.label == "Keep")
    await logbook.press(ctx, alice, str(keep.action), "e1")
    for _ in range(2):
        await next_day(ctx, clock, alice)
    clock.now = (await member_row(ctx, alice)).next_due_at
    async with ctx.db.transaction() as session:  # claim, then "crash" before sending
        claimed, _ = await delivery.claim_due(session, ctx.catalog, clock.now, 500, delivery.LEASE)
    assert [c.asks[0] if c.asks else None for c in claimed] == ["Did Kenji reply?"]
    assert not any(s.text == "Did Kenji reply?" for s in messenger.sent)
    clock.now += delivery.LEASE
    assert await dispatch.deliver_due(ctx) == 1
    asked = [s for s in messenger.sent if s.text == "Did Kenji reply?"]
    assert len(asked) == 1 and [b.label for b in asked[0].buttons] == ["Yes", "Not yet", "No"]


async def test_people_are_exported_and_forgotten(ctx, alice):
    await membership.join(ctx, alice)
    await typed(ctx, alice, "/network-people add Sam every 3 weeks")
    export = await typed(ctx, alice, "/network-export")
    data = json.loads(export.files[0].content)
    assert [p["name"] for p in data["people"]] == ["Sam"]
    await typed(ctx, alice, "/network-forget yes")
    async with ctx.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Person)) == 0
    assert (await deliveries_or_none(ctx, alice)) is None


async def deliveries_or_none(ctx, ref):
    try:
        return await member_row(ctx, ref)
    except AssertionError:
        return None


async def test_how_do_i_start_on_a_follow_up_gets_a_line_with_their_name(ctx, clock, alice):
    await membership.join(ctx, alice)
    await typed(ctx, alice, "/network-people add Sam every week")
    for _ in range(5):
        await next_day(ctx, clock, alice)
    reply = await logbook.handle_text(ctx, alice, "what do I even say to him?")
    assert reply is not None and "> Hi Sam, you came to mind today." in reply.text


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
async def test_a_claim_reads_only_the_batchs_people(ctx, clock, alice):
    """Each people lookup of a claim is an index seek by member: with everyone's people in one
    table a scan in date order cost 112 ms a batch (bench/dispatch.py --people 20)."""
    await membership.join(ctx, alice)
    like_alice = await member_row(ctx, alice)
    async with ctx.db.transaction() as session:
        others = [
            Member(
                platform=like_alice.platform,
                user_id=f"u{n}",
                zone=like_alice.zone,
                nudge_time=like_alice.nudge_time,
                weekdays=like_alice.weekdays,
                level_since=like_alice.level_since,
                joined_at=like_alice.joined_at,
                next_due_date=like_alice.next_due_date,
                next_due_at=like_alice.next_due_at,
            )
            for n in range(200)
        ]
        session.add_all(others)
        await session.flush()
        session.add_all(
            Person(
                member_id=member.id,
                name=f"Person {n}",
                next_check_in=date(2026, 11, 1) + timedelta(days=n),
                check_back_on=date(2026, 11, 20) if n == 0 else None,
                created_at=clock.now,
            )
            for member in others
            for n in range(20)
        )
    async with ctx.db.engine.connect() as connection:
        await connection.execute(text("ANALYZE"))
    read: list[tuple[str, Any]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "FROM people" in statement and statement.lstrip().startswith("SELECT"):
            read.append((statement, parameters))

    event.listen(ctx.db.engine.sync_engine, "before_cursor_execute", keep)
    try:
        await next_day(ctx, clock, alice)
    finally:
        event.remove(ctx.db.engine.sync_engine, "before_cursor_execute", keep)
    assert len(read) == 2  # the batch's check-backs, and its most overdue person each
    async with ctx.db.engine.connect() as connection:
        for statement, parameters in read:
            plan = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            steps = [row[-1] for row in plan]
            assert not [s for s in steps if s.startswith("SCAN people")], steps
            seeks = [s for s in steps if s.startswith("SEARCH people")]
            # A seek on the member alone would read each member's whole list.
            assert seeks and all("member_id=? AND" in s for s in seeks), steps
