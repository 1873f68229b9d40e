"""The durable inbox: stored once, handled once, retried after failures, shared safely by
several workers, and left for the next start by a worker stopped mid-way."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from bot.services import inbox
from bot.storage import queries as q
from bot.storage.database import Database, is_outage
from bot.storage.inbox import Claimed
from bot.storage.tables import InboxEntry


async def put(db: Database, key: str | None, n: int = 0) -> bool:
    return await inbox.put(
        db,
        platform="slack",
        team="T1",
        kind="event message",
        dedupe_key=key,
        payload={"n": n},
        now=inbox.utc_now(),
    )


async def entries(db: Database) -> list[InboxEntry]:
    async with db.transaction() as session:
        return list((await session.scalars(select(InboxEntry).order_by(InboxEntry.id))).all())


async def until(condition: Any, within: float = 20) -> None:
    async with asyncio.timeout(within):
        while True:  # the database is polled: nothing to wait on
            if await condition():
                return
            await asyncio.sleep(0.02)


async def all_done(db: Database) -> bool:
    return all(e.done_at is not None for e in await entries(db))


async def handled_by_one_worker(db: Database, handle: Any) -> None:
    """Run one worker until every stored entry is done, then stop it."""
    worker = inbox.Worker(db, handle, concurrency=1)
    worker.start()
    await until(lambda: all_done(db))
    await worker.stop(grace=1)


def locked() -> OperationalError:
    return OperationalError("INSERT", {}, Exception("database is locked"))


def test_backoff_doubles_up_to_its_cap() -> None:
    waits = [inbox.backoff(n).total_seconds() for n in range(1, 9)]
    assert waits == [1, 2, 4, 8, 10, 10, 10, 10]


def test_an_outage_never_uses_an_entry_up() -> None:
    assert is_outage(locked())
    assert not inbox.gives_up(inbox.MAX_ATTEMPTS + 5, locked())
    assert inbox.gives_up(inbox.MAX_ATTEMPTS, ValueError("bad payload"))
    assert not inbox.gives_up(inbox.MAX_ATTEMPTS - 1, ValueError())


async def test_a_retry_with_the_same_id_is_stored_once(db: Database) -> None:
    assert await put(db, "slack:event:Ev1")
    assert not await put(db, "slack:event:Ev1")
    assert await put(db, None) and await put(db, None)  # nothing to dedupe on: both kept
    assert len(await entries(db)) == 3


async def test_a_worker_handles_each_entry_once_and_marks_it_done(db: Database) -> None:
    handled: list[int] = []

    async def handle(entry: Claimed) -> None:
        handled.append(entry.payload["n"])

    for n in range(30):
        await put(db, f"k{n}", n)
    worker = inbox.Worker(db, handle, concurrency=4)
    worker.start()
    await until(lambda: all_done(db))
    await worker.stop(grace=1)
    assert sorted(handled) == list(range(30))
    assert all(e.attempts == 1 and e.claimed_until is None for e in await entries(db))


async def test_a_failing_handler_gets_its_entry_back_after_a_backoff(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inbox, "backoff", lambda attempts: timedelta(seconds=0.1))
    tries: Counter[int] = Counter()

    async def handle(entry: Claimed) -> None:
        tries[entry.id] += 1
        if tries[entry.id] < 3:
            raise locked()

    await put(db, "k")
    await handled_by_one_worker(db, handle)
    (entry,) = await entries(db)
    assert entry.attempts == 3 and entry.last_error is None and list(tries.values()) == [3]


async def test_an_entry_that_keeps_failing_is_given_up_with_its_error(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inbox, "backoff", lambda attempts: timedelta(0))

    async def handle(entry: Claimed) -> None:
        raise ValueError("no listener can read this")

    await put(db, "k")
    await handled_by_one_worker(db, handle)
    (entry,) = await entries(db)
    assert entry.attempts == inbox.MAX_ATTEMPTS
    assert entry.last_error == "ValueError: no listener can read this"


async def test_two_workers_never_handle_one_entry_twice(db: Database) -> None:
    """Two workers on one database, each with its own engine (as two instances would be)."""
    handled: Counter[int] = Counter()

    async def handle(entry: Claimed) -> None:
        handled[entry.id] += 1
        await asyncio.sleep(0.001)

    for n in range(200):
        await put(db, f"k{n}", n)
    other = Database(db.url)
    workers = [
        inbox.Worker(db, handle, concurrency=4),
        inbox.Worker(other, handle, concurrency=4),
    ]
    for worker in workers:
        worker.start()
    try:
        await until(lambda: all_done(db), within=60)
    finally:
        for worker in workers:
            await worker.stop(grace=1)
        await other.close()
    assert len(handled) == 200 and set(handled.values()) == {1}


async def test_a_stopped_worker_leaves_the_rest_for_the_next_start(db: Database) -> None:
    release = asyncio.Event()
    first: list[int] = []

    async def stuck(entry: Claimed) -> None:
        first.append(entry.id)
        await release.wait()

    for n in range(5):
        await put(db, f"k{n}", n)
    worker = inbox.Worker(db, stuck, concurrency=2)
    worker.start()
    await until(lambda: asyncio.sleep(0, len(first) == 2))
    await asyncio.sleep(0.05)
    assert len(first) == 2  # a claim takes no more than the worker has room for
    await worker.stop(grace=0.2)
    left = await entries(db)
    assert all(e.done_at is None and e.claimed_until is None for e in left)
    assert [e.attempts for e in left] == [0] * 5  # a stop is not a failed try

    handled: list[int] = []

    async def handle(entry: Claimed) -> None:
        handled.append(entry.id)

    again = inbox.Worker(db, handle, concurrency=2)
    again.start()
    await until(lambda: all_done(db))
    await again.stop(grace=1)
    assert sorted(handled) == [e.id for e in left]


async def test_an_entry_held_by_a_dead_worker_comes_back_when_its_lease_ends(
    db: Database,
) -> None:
    await put(db, "k")
    # A worker claimed it and died: the lease is set, nothing else happened.
    async with db.transaction() as session:
        await session.execute(
            update(InboxEntry).values(
                claimed_until=inbox.utc_now() + timedelta(seconds=0.3), attempts=1
            )
        )
    handled: list[int] = []

    async def handle(entry: Claimed) -> None:
        handled.append(entry.id)

    worker = inbox.Worker(db, handle, concurrency=1)
    worker.start()
    await asyncio.sleep(0.1)
    assert handled == []  # still leased
    await until(lambda: all_done(db))
    await worker.stop(grace=1)
    assert len(handled) == 1


async def _record(db: Database, key: str, then_fail: bool = False) -> None:
    """What a use case does: record the event id with its effects, in one transaction."""
    async with db.transaction() as session:
        assert await q.first_time_seen(session, key, inbox.utc_now())
        if then_fail:
            raise ValueError("failed before the commit")


async def _recorded(db: Database, key: str) -> bool:
    async with db.transaction() as session:
        return await q.seen_before(session, key)


async def test_an_entry_is_marked_done_in_the_transaction_that_stores_its_effects(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker's own "done" write fails for good, as if the process died right after the use
    # case committed: the entry is done all the same, because the use case's commit marked it.
    async def never(*args: Any) -> None:
        raise ValueError("the worker's finish should not be needed")

    monkeypatch.setattr(inbox.store, "finish", never)
    seen_done: list[bool] = []

    async def handle(entry: Claimed) -> None:
        await _record(db, f"ev{entry.payload['n']}")
        (row,) = [e for e in await entries(db) if e.id == entry.id]
        seen_done.append(row.done_at is not None)  # done as soon as the effects committed

    await put(db, "k", 1)
    await handled_by_one_worker(db, handle)
    (entry,) = await entries(db)
    assert seen_done == [True] and entry.claimed_until is None and entry.attempts == 1


async def test_effects_rolled_back_leave_the_entry_to_be_handled_again(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inbox, "backoff", lambda attempts: timedelta(seconds=0.05))
    tries: list[int] = []

    async def handle(entry: Claimed) -> None:
        tries.append(entry.attempts)
        await _record(db, "ev-rolled-back", then_fail=len(tries) == 1)

    await put(db, "k")
    await handled_by_one_worker(db, handle)
    (entry,) = await entries(db)
    assert tries == [1, 2] and await _recorded(db, "ev-rolled-back")
    assert entry.last_error is None


async def test_a_failure_after_the_effects_committed_is_not_handled_again(db: Database) -> None:
    # The answer failed once the effects were stored: a replay would find the event recorded
    # and say nothing, so the entry stays done rather than coming back after a backoff.
    tries: list[int] = []

    async def handle(entry: Claimed) -> None:
        tries.append(entry.attempts)
        await _record(db, "ev-answered")
        raise ConnectionError("the answer could not be sent")

    await put(db, "k")
    worker = inbox.Worker(db, handle, concurrency=1)
    worker.start()
    await until(lambda: all_done(db))
    await asyncio.sleep(0.3)
    await worker.stop(grace=1)
    (entry,) = await entries(db)
    assert tries == [1] and entry.next_attempt_at == entry.received_at
