"""Benchmark: how fast nudgebot claims and delivers nudges, and what an idle tick costs.

    python bench/dispatch.py                      # every figure, SQLite and PostgreSQL, 3 runs
    python bench/dispatch.py --databases sqlite --runs 1 --members 20000 --idle-members 100000

Modes, each in a fresh worker process (so peak RSS is the dispatcher's own):

- instant: N members over 36 zones, all due within one hour, each with ``--history-days`` earlier
  nudges (steady state: 7, 40, 730); the clock steps through that hour in 30-second ticks as the
  scheduler would; an instant fake messenger. Prints nudges/s (bot side: sends divided by the
  time spent in ticks), peak RSS, duplicates and missed; and beside them the raw-driver ceiling
  measured in the same run: every statement the ticks sent, with its parameters, replayed
  through aiosqlite or asyncpg alone on a copy of the same seeded database (raw_nudges_per_s,
  of_raw = ours / raw). ``--no-raw`` skips that replay.
- idle: 1,000,000 members stored, none due; the median cost of one tick.
- limited: sends through slack_sdk's AsyncWebClient and its rate-limit retry handler to a fake
  platform on 127.0.0.1 that allows 50 requests/s and answers 429 with Retry-After beyond that.
  efficiency = achieved rate / allowed rate.

- lookups: what a crash costs on Slack. N members' nudges go out through the real
  SlackMessenger (slack_sdk) to the local fake Slack, and the process "dies" before recording
  them; after the lease, a fresh messenger resends them as a restarted bot would: each is first
  looked up in its DM (conversations.history), half found there (recorded, not posted) and half
  not (the fake forgot them: looked up, then posted). Prints both rates (nudges/s) and the
  lookups made; no rate limits, so it is the bot's own cost (see the closing note for Slack's).
- inbox: what the durable inbox costs inbound work. N events are stored one after another as a
  listener stores them before its ack (stored_per_s, put_ms p50 / p99), then handled by the
  inbox worker with a handler that does the least a use case does: record the event id, in the
  transaction that also marks the entry done (handled_per_s). Beside it, the same handler
  called directly, as the in-memory backlog did (direct_per_s); of_direct = handled / direct.

Prints one JSON document: the medians of the runs, and every run's figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pickle
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, distinct, event, func, insert, make_url, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot import rules_state
from bot.catalog import load_catalog
from bot.config import Settings
from bot.ports import MemberRef
from bot.schedule import Schedule
from bot.services import dispatch, inbox
from bot.services.context import Context
from bot.storage import queries, rules_store
from bot.storage.database import Database
from bot.storage.inbox import Claimed
from bot.storage.tables import Delivery, Member, Person
from bot.views import Button, ChallengeCard

ZONES = [
    "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
    "America/Sao_Paulo", "America/Halifax", "America/St_Johns", "America/Mexico_City",
    "America/Bogota", "America/Anchorage", "Pacific/Honolulu", "Atlantic/Azores",
    "Europe/London", "Europe/Berlin", "Europe/Athens", "Europe/Moscow", "Europe/Lisbon",
    "Africa/Lagos", "Africa/Nairobi", "Africa/Johannesburg", "Asia/Dubai", "Asia/Tehran",
    "Asia/Karachi", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka", "Asia/Bangkok",
    "Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul", "Australia/Adelaide", "Australia/Sydney",
    "Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Chatham", "Pacific/Kiritimati",
]  # fmt: skip
#: A Tuesday; every member's nudge falls within the hour after this instant.
START = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
TICK = timedelta(seconds=30)
ALLOWED_PER_SECOND = 50


# --- seeding -------------------------------------------------------------------------------------


def member_rows(count: int, due_within_hour: bool, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        zone = ZoneInfo(ZONES[i % len(ZONES)])
        offset = timedelta(minutes=rng.randrange(60)) if due_within_hour else timedelta(days=3)
        local = (START + offset).astimezone(zone)
        schedule = Schedule(zone, local.time().replace(second=0), frozenset(range(1, 8)))
        day = local.date()
        rows.append(
            {
                "platform": "bench",
                "workspace": "",
                "user_id": f"u{i}",
                "team": None,
                "zone": zone.key,
                "nudge_time": schedule.nudge_time,
                "weekdays": "1234567",
                "paused_until": None,
                "level": 1 + i % 3,
                "level_since": day - timedelta(days=30),
                "focus": "fear_of_rejection" if i % 4 == 0 else "",
                "share_wins": False,
                "status": "active",
                "status_reason": None,
                "next_due_date": day,
                "next_due_at": schedule.due_at(day),
                "joined_at": START - timedelta(days=30),
                "welcomed_at": START - timedelta(days=30),
            }
        )
    return rows


def remove_sqlite_files(url: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{make_url(url).database}{suffix}").unlink(missing_ok=True)


async def fresh_database(url: str) -> None:
    """An empty schema at the newest revision."""
    if url.startswith("sqlite"):
        remove_sqlite_files(url)
    else:
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await engine.dispose()
    db = Database(url)
    await db.upgrade()
    await db.close()


#: Rows per insert while seeding: the history is built and stored a slice at a time, so
#: 730 days at 100,000 members (73 million rows) never sits in memory at once.
SEED_CHUNK = 50_000


def history_rows(
    members: list[dict[str, Any]], days: int, states: dict[int, tuple[Any, str]] | None = None
) -> Iterator[list[dict[str, Any]]]:
    """``days`` earlier nudges per member (every day a nudge day), so the database is in a
    steady state, not new; yielded in slices of about SEED_CHUNK rows. Into ``states`` goes
    each member's rules state as the claims before today left it: settled 15 to 21 days back
    (spread, so that a seventh of the members move theirs on at today's claim, as every day)."""
    catalog = load_catalog().challenges
    outcomes = ["done", "done", "done", "skipped", "open"]
    per_slice = max(1, SEED_CHUNK // max(days, 1))
    for first in range(0, len(members), per_slice):
        rows = []
        for member_id, member in enumerate(members[first : first + per_slice], start=first + 1):
            mine = len(rows)
            for back in range(days, 0, -1):
                challenge = catalog[(member_id * 7 + back) % len(catalog)]
                claimed = member["next_due_at"] - timedelta(days=back)
                rows.append(
                    {
                        "member_id": member_id,
                        "local_date": member["next_due_date"] - timedelta(days=back),
                        "challenge_id": challenge.id,
                        "theme": challenge.theme,
                        "kind": challenge.kind,
                        "level": challenge.level,
                        "claimed_at": claimed,
                        "lease_until": None,
                        "attempts": 1,
                        "sent_at": claimed,
                        "message_ref": None,
                        "outcome": outcomes[(member_id + back) % len(outcomes)],
                    }
                )
            if states is not None:
                lag = 1 + member_id % rules_state.SETTLE_EVERY.days  # 1 to 7 days behind
                through = rules_state.settled_through(member["next_due_date"]) - timedelta(days=lag)
                past = [
                    rules_state.Day(*(r.get(f) for f in rules_state.Day._fields))
                    for r in rows[mine:]
                ]
                state = rules_state.rebuild(past, through, member["level"], member["level_since"])
                states[member_id] = (through, rules_state.dumps(state))
        if rows:
            yield rows


def people_rows(
    members: list[dict[str, Any]], per_member: int, due: bool = True
) -> list[dict[str, Any]]:
    """``per_member`` kept people each, their check-ins spread over three weeks: a few due
    today (so nearly every nudge is a personal follow-up), or with ``due`` false none (the
    lists alone: what keeping people costs a day nobody is due)."""
    rows = []
    for member_id, member in enumerate(members, start=1):
        for n in range(per_member):
            ahead = (member_id + n * 5) % 21 - 3  # some overdue, most weeks away
            ahead = ahead if due else ahead + 4
            rows.append(
                {
                    "member_id": member_id,
                    "name": f"Person {n}",
                    "user_id": None,
                    "context": None,
                    "cadence_days": 21,
                    "last_contact": member["next_due_date"] - timedelta(days=21 - ahead),
                    "next_check_in": member["next_due_date"] + timedelta(days=ahead),
                    "check_back_on": member["next_due_date"]
                    if due and n == 0 and member_id % 7 == 0
                    else None,
                    "check_backs": 0,
                    "created_at": member["joined_at"],
                }
            )
    return rows


async def seed(
    url: str,
    members: list[dict[str, Any]],
    history_days: int,
    people: int = 0,
    people_due: bool = True,
) -> None:
    kept = people_rows(members, people, people_due)
    states: dict[int, tuple[Any, str]] = {}
    tables = (
        (Member, [members]),
        (Delivery, history_rows(members, history_days, states)),
        (Person, [kept]),
    )
    if url.startswith("sqlite"):
        # The sync driver with SQLAlchemy's own type processing: the stored formats match.
        engine = create_engine(url.replace("+aiosqlite", ""))
        with engine.begin() as connection:
            for model, slices in tables:
                for rows in slices:
                    for start in range(0, len(rows), 20_000):
                        connection.execute(insert(model), rows[start : start + 20_000])
            if settled := _settled(states):
                connection.execute(rules_store.RULES_UPDATE, settled)
            connection.execute(text("ANALYZE"))
        engine.dispose()
        return
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        raw = (await connection.get_raw_connection()).driver_connection
        for model, slices in tables:
            for rows in slices:
                if rows:
                    columns = list(rows[0])
                    records = [tuple(r[c] for c in columns) for r in rows]
                    await raw.copy_records_to_table(  # type: ignore[union-attr]
                        model.__tablename__, records=records, columns=columns
                    )
        if settled := _settled(states):
            await connection.execute(rules_store.RULES_UPDATE, settled)
        await connection.execute(text("ANALYZE"))
    await engine.dispose()


def _settled(states: dict[int, tuple[Any, str]]) -> list[dict[str, Any]]:
    """The rules states history_rows worked out (once its slices have all been stored)."""
    return [
        {"v_id": member_id, "v_through": through, "v_rules": text}
        for member_id, (through, text) in states.items()
    ]


# --- the worker ----------------------------------------------------------------------------------


class InstantMessenger:
    def __init__(self) -> None:
        self.sends: Counter[str] = Counter()

    async def send_text(self, to: MemberRef, text: str, buttons: tuple[Button, ...] = ()) -> str:
        return "t"

    async def send_card(self, to: MemberRef, card: ChallengeCard) -> str:
        self.sends[to.user_id] += 1
        return f"m{card.delivery_id}"

    async def update_card(self, to: MemberRef, message_ref: str, card: ChallengeCard) -> None:
        return None


class SlackSdkMessenger(InstantMessenger):
    """Posts through slack_sdk, whose AsyncRateLimitErrorRetryHandler waits out each 429."""

    def __init__(self, base_url: str) -> None:
        from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
        from slack_sdk.web.async_client import AsyncWebClient

        super().__init__()
        self.client = AsyncWebClient(
            token="xoxb-bench",
            base_url=base_url,
            retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=100)],
        )

    async def send_card(self, to: MemberRef, card: ChallengeCard) -> str:
        response = await self.client.chat_postMessage(channel=to.user_id, text=card.text)
        self.sends[to.user_id] += 1
        return str(response["ts"])


async def fake_platform() -> tuple[Any, str, dict[str, Any]]:
    """chat.postMessage allowing ALLOWED_PER_SECOND per one-second window, 429 beyond."""
    from aiohttp import web

    stats: dict[str, Any] = {"ok": 0, "limited": 0, "window": 0, "used": 0, "times": []}
    origin = time.monotonic()

    async def post_message(request: web.Request) -> web.Response:
        now = time.monotonic() - origin
        window = int(now)
        if window != stats["window"]:
            stats["window"], stats["used"] = window, 0
        if stats["used"] >= ALLOWED_PER_SECOND:
            stats["limited"] += 1
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"}
            )
        stats["used"] += 1
        stats["ok"] += 1
        stats["times"].append(now)
        return web.json_response({"ok": True, "ts": f"{now:.6f}", "channel": "D1"})

    app = web.Application()
    app.router.add_post("/api/chat.postMessage", post_message)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/api/", stats


async def lookups_worker(url: str, expected: int) -> dict[str, Any]:
    """Send, "crash" before recording, resend after the lease with a lookup before each."""
    from adapters.slack import clients
    from adapters.slack.messenger import NUDGE_EVENT, SlackMessenger
    from adapters.slack.tokens import SingleWorkspace
    from bot.config import Secret
    from tests.adapters.slack.fake_slack import FakeSlack

    db, fake = Database(url), await FakeSlack().start()
    settings = Settings(database_url=url, slack_api_url=fake.api_url)
    now = START + timedelta(hours=1)

    def slack() -> SlackMessenger:  # a new one per "process": its DM channel cache starts cold
        client = clients.web_client(replace(settings, slack_bot_token=Secret("xoxb-bench")))
        return SlackMessenger(client, SingleWorkspace("xoxb-bench"))

    async def died(ctx: Context, results: list[dispatch.Sent]) -> None:
        raise OSError("the process died before recording")

    ctx = Context(db, load_catalog(), slack(), lambda: now, settings)
    record, patience = dispatch.record, dispatch.RECORD_PATIENCE
    dispatch.record, dispatch.RECORD_PATIENCE = died, timedelta(0)  # type: ignore[assignment]
    began = time.perf_counter()
    while True:
        try:
            if (await dispatch.deliver_due_batch(ctx))[1] < dispatch.DUE_BATCH:
                break
        except OSError:
            pass
    first = time.perf_counter() - began
    dispatch.record, dispatch.RECORD_PATIENCE = record, patience
    for channel in list(fake.history)[::2]:  # these never reached Slack
        fake.history[channel] = [m for m in fake.history[channel] if "metadata" not in m]
    posted = len(fake.called("chat.postMessage"))
    now += dispatch.LEASE * 2
    ctx = replace(ctx, messenger=slack())
    began = time.perf_counter()
    while any(await dispatch.deliver_due_batch(ctx)):  # retries come DUE_BATCH at a time
        pass
    resend = time.perf_counter() - began
    async with db.transaction() as session:
        today = Delivery.claimed_at >= START
        claimed = await session.scalar(select(func.count()).where(today))
        delivered = await session.scalar(
            select(func.count()).where(today, Delivery.sent_at.is_not(None))
        )
        # Due just before their local 20:00 (Auckland, Chatham): past it when the lease ends.
        late = await session.scalar(
            select(func.count()).where(today, Delivery.last_error == "not delivered in time")
        )
    nudges = Counter(
        channel
        for channel, messages in fake.history.items()
        for message in messages
        if (message.get("metadata") or {}).get("event_type") == NUDGE_EVENT
    )
    result = {
        "nudges": claimed,
        "first_sends_per_s": round((claimed or 0) / first),
        "resends_per_s": round((claimed or 0) / resend),
        "lookups": len(fake.called("conversations.history")),
        "reposted": len(fake.called("chat.postMessage")) - posted,
        "duplicates": sum(n - 1 for n in nudges.values() if n > 1),
        "let_go_past_their_day": late,
        "missed": (claimed or 0) - (delivered or 0) - (late or 0),
        "peak_rss_mb": peak_rss_mb(),
    }
    await fake.stop()
    await db.close()
    return result


async def inbox_worker(url: str, events: int) -> dict[str, Any]:
    """The inbox mode (see the module's docstring)."""
    db = Database(url)

    async def record(key: str) -> None:
        async with db.transaction() as session:
            await queries.first_time_seen(session, key, inbox.utc_now())

    async def handle(entry: Claimed) -> None:
        await record(entry.payload["key"])

    began = time.perf_counter()
    for n in range(events):
        await record(f"direct:{n}")
    direct = time.perf_counter() - began
    puts = []
    began = time.perf_counter()
    for n in range(events):
        started = time.perf_counter()
        await inbox.put(
            db,
            platform="bench",
            team="T",
            kind="event message",
            dedupe_key=f"bench:{n}",
            payload={"key": f"inbox:{n}", "text": "done"},
            now=inbox.utc_now(),
        )
        puts.append((time.perf_counter() - started) * 1000)
    stored = time.perf_counter() - began
    handler = inbox.Worker(db, handle, concurrency=inbox.concurrency_for(db.is_sqlite))
    began = time.perf_counter()
    handler.start()
    # The database is polled: there is nothing to wait on.
    while (await inbox.depth(db, inbox.utc_now())).waiting:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    handled = time.perf_counter() - began
    await handler.stop(grace=5)
    await db.close()
    puts.sort()
    return {
        "events": events,
        "stored_per_s": round(events / stored),
        "put_ms_p50": round(puts[len(puts) // 2], 2),
        "put_ms_p99": round(puts[int(len(puts) * 0.99)], 2),
        "handled_per_s": round(events / handled),
        "direct_per_s": round(events / direct),
        "of_direct": round(direct / handled, 3),
        "peak_rss_mb": peak_rss_mb(),
    }


async def worker(url: str, mode: str, expected: int, capture: str | None = None) -> dict[str, Any]:
    if mode == "lookups":
        return await lookups_worker(url, expected)
    if mode == "inbox":
        return await inbox_worker(url, expected)
    if mode == "raw":
        assert capture is not None
        return await replay_raw(url, capture, sent=expected)
    db = Database(url)
    now = START
    runner = stats = None
    if mode == "limited":
        runner, base_url, stats = await fake_platform()
        messenger: InstantMessenger = SlackSdkMessenger(base_url)
        now = START + timedelta(hours=1)
    else:
        messenger = InstantMessenger()
    ctx = Context(db, load_catalog(), messenger, lambda: now, Settings(database_url=url))
    result: dict[str, Any] = {}
    if mode == "idle":
        costs = []
        for _ in range(30):
            began = time.perf_counter()
            await dispatch.deliver_due_batch(ctx)
            costs.append((time.perf_counter() - began) * 1000)
        result["idle_tick_ms"] = round(statistics.median(costs), 2)
    else:
        spent = cpu = 0.0
        statements = Recorder(db) if capture else None
        while now <= START + timedelta(hours=1):
            began, began_cpu = time.perf_counter(), time.process_time()
            while (await dispatch.deliver_due_batch(ctx))[1] == dispatch.DUE_BATCH:
                pass
            spent += time.perf_counter() - began
            cpu += time.process_time() - began_cpu
            now += TICK
        if statements is not None and capture is not None:
            statements.save(capture)
        sent = sum(messenger.sends.values())
        async with db.transaction() as session:
            delivered = await session.scalar(
                select(func.count(distinct(Delivery.member_id))).where(
                    Delivery.sent_at.is_not(None), Delivery.claimed_at >= START
                )
            )
        result |= {
            "sent": sent,
            "duplicates": sum(n - 1 for n in messenger.sends.values() if n > 1),
            "missed": expected - (delivered or 0),
        }
        if mode == "instant":
            # CPU time of this process (SQLite's work included, a PostgreSQL server's not): far
            # steadier than the rate on a shared machine, for comparing two runs side by side.
            result["nudges_per_s"] = round(sent / spent)
            result["cpu_us_per_nudge"] = round(cpu / sent * 1e6)
        else:
            assert stats is not None
            times = stats["times"]
            achieved = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
            result |= {
                "achieved_per_s": round(achieved, 2),
                "allowed_per_s": ALLOWED_PER_SECOND,
                "efficiency": round(achieved / ALLOWED_PER_SECOND, 3),
                "answered_429": stats["limited"],
            }
    result["peak_rss_mb"] = peak_rss_mb()
    if runner is not None:
        await runner.cleanup()
    await db.close()
    return result


# --- the raw-driver ceiling ----------------------------------------------------------------------


class Recorder:
    """Every statement the ticks send to the database, with its parameters as the driver got
    them, and where each transaction ended: the same database work, to replay through the raw
    driver with none of nudgebot's Python around it."""

    def __init__(self, db: Database) -> None:
        self.steps: list[tuple[Any, ...]] = []
        engine = db.engine.sync_engine
        event.listen(engine, "before_cursor_execute", self.statement)
        event.listen(engine, "commit", lambda _connection: self.steps.append(("commit",)))
        event.listen(engine, "rollback", lambda _connection: self.steps.append(("rollback",)))

    def statement(
        self, _conn: Any, _cursor: Any, sql: str, parameters: Any, _context: Any, many: bool
    ) -> None:
        # An "insertmanyvalues" batch is one statement with all its rows' parameters (a tuple),
        # run with execute; a true executemany has a list of parameter tuples.
        many = many and isinstance(parameters, list)
        self.steps.append(("many" if many else "one", sql, parameters))

    def save(self, path: str) -> None:
        with open(path, "wb") as out:
            pickle.dump(self.steps, out, protocol=pickle.HIGHEST_PROTOCOL)


async def replay_raw(url: str, capture: str, sent: int) -> dict[str, Any]:
    """Replay a run's statements through the driver alone (aiosqlite with the same pragmas,
    or asyncpg), on a copy of the same seeded database, reading every row: what the run's
    database work costs, the ceiling for ``sent`` nudges. Timed like the ticks."""
    steps = pickle.loads(await asyncio.to_thread(Path(capture).read_bytes))
    began, began_cpu = time.perf_counter(), time.process_time()
    if url.startswith("sqlite"):
        import aiosqlite

        async with aiosqlite.connect(str(make_url(url).database)) as sqlite:
            for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
                await sqlite.execute(f"PRAGMA {pragma}")
            began, began_cpu = time.perf_counter(), time.process_time()
            for kind, *rest in steps:
                if kind == "one":
                    async with sqlite.execute(rest[0], rest[1]) as cursor:
                        await cursor.fetchall()
                elif kind == "many":
                    await sqlite.executemany(rest[0], rest[1])
                elif kind == "commit":
                    await sqlite.commit()
                else:
                    await sqlite.rollback()
            spent, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    else:
        import asyncpg

        connection = await asyncpg.connect(
            make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        began, began_cpu = time.perf_counter(), time.process_time()
        transaction = None
        for kind, *rest in steps:
            if kind in ("one", "many") and transaction is None:
                # As SQLAlchemy's asyncpg adapter does: a transaction opens at the first statement.
                transaction = connection.transaction()
                await transaction.start()
            if kind == "one":
                await connection.fetch(rest[0], *rest[1])
            elif kind == "many":
                await connection.executemany(rest[0], rest[1])
            elif transaction is not None:
                await (transaction.commit() if kind == "commit" else transaction.rollback())
                transaction = None
        spent, cpu = time.perf_counter() - began, time.process_time() - began_cpu
        await connection.close()
    return {
        "nudges_per_s": round(sent / spent),
        "cpu_us_per_nudge": round(cpu / sent * 1e6),
        "statements": sum(1 for step in steps if step[0] in ("one", "many")),
    }


def peak_rss_mb() -> float:
    """This process image's peak RSS (VmHWM). ru_maxrss would include the forking parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --- the driver ----------------------------------------------------------------------------------


def run_worker(url: str, mode: str, expected: int, *capture: str) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, __file__, "worker", url, mode, str(expected), *capture],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    if output.returncode:
        raise SystemExit(f"the {mode} worker failed:\n{output.stderr}")
    return json.loads(output.stdout.strip().splitlines()[-1])


async def ensure_postgres_database(url: str) -> None:
    target = make_url(url)
    admin = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        exists = await connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        )
        if not exists:
            await connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    await admin.dispose()


def copy_sqlite(url: str) -> str:
    path = str(make_url(url).database)
    remove_sqlite_files(url.replace(path, f"{path}.raw"))
    for suffix in ("", "-wal"):
        if Path(f"{path}{suffix}").exists():
            shutil.copyfile(f"{path}{suffix}", f"{path}.raw{suffix}")
    return url.replace(path, f"{path}.raw")


async def copy_database(url: str) -> str:
    """A copy of the seeded database beside it (for the raw replay); returns its URL."""
    if url.startswith("sqlite"):
        return copy_sqlite(url)
    target = make_url(url)
    copy = f"{target.database}_raw"
    admin = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)'))
        await connection.execute(text(f'CREATE DATABASE "{copy}" TEMPLATE "{target.database}"'))
    await admin.dispose()
    return target.set(database=copy).render_as_string(hide_password=False)


def measure(url: str, args: argparse.Namespace) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {
        "instant": [],
        "idle": [],
        "limited": [],
        "lookups": [],
        "inbox": [],
    }
    due = member_rows(args.members, due_within_hour=True)
    idle = member_rows(args.idle_members, due_within_hour=False)
    limited = member_rows(args.limited_members, due_within_hour=True)
    for _ in range(args.runs):
        modes = (
            ("instant", due),
            ("idle", idle),
            ("limited", limited),
            ("lookups", limited),
            ("inbox", limited),
        )
        for mode, rows in modes:
            if mode not in args.modes:
                continue
            asyncio.run(fresh_database(url))
            history, people = (
                (args.history_days, args.people) if mode not in ("idle", "inbox") else (0, 0)
            )
            began = time.perf_counter()
            asyncio.run(seed(url, rows, history, people, args.people_due == "some"))
            seeded = round(time.perf_counter() - began, 1)
            if mode != "instant" or args.no_raw:
                runs[mode].append(run_worker(url, mode, len(rows)) | {"seed_s": seeded})
                continue
            raw_url = asyncio.run(copy_database(url))
            with tempfile.TemporaryDirectory() as scratch:
                capture = f"{scratch}/statements.pickle"
                ours = run_worker(url, mode, len(rows), capture)
                raw = run_worker(raw_url, "raw", ours["sent"], capture)
            runs[mode].append(
                ours
                | {
                    "raw_nudges_per_s": raw["nudges_per_s"],
                    "of_raw": round(ours["nudges_per_s"] / raw["nudges_per_s"], 3),
                    "raw_cpu_us_per_nudge": raw["cpu_us_per_nudge"],
                    "statements": raw["statements"],
                    "seed_s": seeded,
                }
            )
    medians = {
        mode: {key: statistics.median(r[key] for r in results) for key in results[0]}
        for mode, results in runs.items()
        if results
    }
    return {"median": medians, "runs": runs}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        url, mode, expected = sys.argv[2], sys.argv[3], int(sys.argv[4])
        capture = sys.argv[5] if len(sys.argv) > 5 else None
        print(json.dumps(asyncio.run(worker(url, mode, expected, capture))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--idle-members", type=int, default=1_000_000)
    parser.add_argument("--limited-members", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--history-days", type=int, default=7, help="earlier nudges seeded per member"
    )
    parser.add_argument(
        "--people", type=int, default=0, help="kept people seeded per member (bot.people)"
    )
    parser.add_argument(
        "--people-due",
        choices=("some", "none"),
        default="some",
        help="whether a few of each member's people are due today, or none",
    )
    parser.add_argument(
        "--no-raw",
        action="store_true",
        help="skip the raw-driver replay that gives each claim+send figure its ceiling",
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--modes", default="instant,idle,limited", help="also: lookups, inbox (see above)"
    )
    parser.add_argument(
        "--postgres-url",
        default="postgresql+asyncpg://postgres@127.0.0.1:5432/nudgebot_bench",
        help="a disposable database (created if missing; its schema is dropped each run)",
    )
    args = parser.parse_args()
    report: dict[str, Any] = {
        "members": args.members,
        "idle_members": args.idle_members,
        "limited_members": args.limited_members,
        "zones": len(ZONES),
        "runs": args.runs,
        "people_per_member": args.people,
        "people_due": args.people_due,
        "history_days": args.history_days,
    }
    for name in args.databases.split(","):
        if name == "sqlite":
            with tempfile.TemporaryDirectory() as scratch:
                report["sqlite"] = measure(f"sqlite+aiosqlite:///{scratch}/bench.db", args)
        else:
            asyncio.run(ensure_postgres_database(args.postgres_url))
            report["postgresql"] = measure(args.postgres_url, args)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
