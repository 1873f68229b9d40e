"""Benchmark: how fast the Slack app answers signed message.im events over HTTP.

    python bench/slack_events.py                 # 2 runs, medians and every run as JSON
    python bench/slack_events.py --runs 1 --rate 100 --seconds 5 --flat 2000

Each run starts two apps in turn, each in a process of its own, against a local fake Slack Web
API (tests/adapters/slack/fake_slack.py) in a third process. With two or more CPUs the app under
test gets CPU 0 to itself, and this load generator and the fake share the others, so neither
app pays for the load generator's work:

- ours: ``nudgebot run slack`` in HTTP mode (adapters.slack.app.serve: Bolt, the core, SQLite,
  the delivery tick), with members who joined through ``/network-join`` first;
- bare: a Bolt AsyncApp on Bolt's own aiohttp server whose message listener does nothing.

Load: signed message.im events (a fresh event_id each, members taking turns, texts a member
would type) posted to /slack/events, first at a fixed rate, then flat out from a pool of
concurrent senders. Latency is the time to the HTTP response, which comes only once the event is
stored in the inbox (issue 14); the handling (the database, the answer posted in the thread) runs
on in the app from the inbox, as in production.

Acks are not the work: flat out, ``handled_per_s`` counts an event handled only once its effect
is stored, the answer posted in the thread reaching the fake Slack (every event gets one), timed
from the first post to the last answer. Each run measures both apps, in alternating order from
run to run (the second app meets a warmer machine), so the default two runs have each app twice,
once in each place; the medians are printed first.

Targets (issues 5 and 16): p99 ack <= 50 ms at 100 events/s; flat-out acks >= 0.6 of the bare
app's; >= 1,000 handled events/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from slack_sdk.signature import SignatureVerifier  # noqa: E402

from tests.adapters.slack import payloads  # noqa: E402
from tests.adapters.slack.fake_slack import FakeSlack  # noqa: E402

SECRET = "bench-signing-secret"
#: Set for the app under test by ``--profile``: where it writes its cProfile statistics.
PROFILE_ENV = "NUDGEBOT_BENCH_PROFILE"
TOKEN = "xoxb-bench"
FORM = "application/x-www-form-urlencoded"
TEXTS = ("done", "called Sam, it went well", "skip", "help", "undo", "done: wrote to Ana")


# --- the apps under test (each runs in its own process) -------------------------------------


def serve(kind: str, port: int, api_url: str, database: str) -> None:
    import logging

    logging.basicConfig(level=logging.WARNING)
    from bot.config import Secret, Settings

    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{database}",
        host="127.0.0.1",
        port=port,
        slack_bot_token=Secret(TOKEN),
        slack_signing_secret=Secret(SECRET),
        slack_api_url=api_url,
        log_level="WARNING",
    )
    profile = os.environ.get(PROFILE_ENV) if kind == "ours" else None
    if not profile:
        asyncio.run(_ours(settings) if kind == "ours" else _bare(settings))
        return
    import cProfile

    with cProfile.Profile() as profiler:
        asyncio.run(_ours(settings) if kind == "ours" else _bare(settings))
    profiler.dump_stats(profile)


def serve_fake(port: int) -> None:
    async def run() -> None:
        fake = await FakeSlack().start(port)
        await _stop_on_term().wait()
        await fake.stop()

    asyncio.run(run())


async def _ours(settings: Any) -> None:
    from adapters.slack import app

    await app.serve(settings, _stop_on_term())


async def _bare(settings: Any) -> None:
    from aiohttp import web
    from slack_bolt.async_app import AsyncApp

    from adapters.slack import clients

    bolt = AsyncApp(
        client=clients.web_client(settings), signing_secret=settings.slack_signing_secret.reveal()
    )

    @bolt.event("message")
    async def ack_only() -> None:
        return None

    runner = web.AppRunner(bolt.web_app(path="/slack/events"))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", settings.port).start()
    await _stop_on_term().wait()
    await runner.cleanup()


def _stop_on_term() -> asyncio.Event:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    return stop


# --- the load generator ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Load:
    def __init__(self, url: str, members: list[str]) -> None:
        self.url, self.members = url, members
        self.verifier = SignatureVerifier(SECRET)
        self.count = 0

    def signed(self, body: str, content_type: str) -> tuple[str, dict[str, str]]:
        stamp = str(int(time.time()))
        return body, {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": self.verifier.generate_signature(timestamp=stamp, body=body),
        }

    def next_event(self) -> tuple[str, dict[str, str]]:
        self.count += 1
        user = self.members[self.count % len(self.members)]
        event = payloads.dm(user, TEXTS[self.count % len(TEXTS)])
        return self.signed(json.dumps(event), "application/json")

    async def post(
        self, session: aiohttp.ClientSession, body: str, headers: dict[str, str]
    ) -> float:
        started = time.perf_counter()
        async with session.post(self.url, data=body, headers=headers) as response:
            await response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")
        return time.perf_counter() - started

    async def fixed_rate(
        self, session: aiohttp.ClientSession, rate: float, seconds: float
    ) -> dict[str, Any]:
        total = int(rate * seconds)
        requests = [self.next_event() for _ in range(total)]
        start = time.perf_counter()

        async def one(i: int) -> float:
            await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
            return await self.post(session, *requests[i])

        latencies = await asyncio.gather(*(one(i) for i in range(total)))
        return {"rate": rate, "events": total, **_percentiles(latencies)}

    async def flat_out(
        self, session: aiohttp.ClientSession, total: int, senders: int
    ) -> dict[str, Any]:
        requests = [self.next_event() for _ in range(total)]
        queue = iter(requests)
        latencies: list[float] = []

        async def sender() -> None:
            for request in queue:
                latencies.append(await self.post(session, *request))

        start = time.perf_counter()
        await asyncio.gather(*(sender() for _ in range(senders)))
        elapsed = time.perf_counter() - start
        return {
            "seconds": elapsed,
            "events": total,
            "senders": senders,
            "events_per_s": round(total / elapsed, 1),
            **_percentiles(latencies),
        }


def _percentiles(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50_ms": round(pick(0.50) * 1000, 2), "p99_ms": round(pick(0.99) * 1000, 2)}


class Fake:
    """The fake Slack in its own process, seen through its URL and its /stats."""

    def __init__(self, port: int, session: aiohttp.ClientSession) -> None:
        self.url, self.session = f"http://127.0.0.1:{port}", session
        self.api_url = f"{self.url}/api/"

    def response_url(self) -> str:
        return f"{self.url}/respond/bench"

    async def stats(self) -> dict[str, int]:
        async with self.session.get(f"{self.url}/stats") as response:
            return dict(await response.json())

    async def until(self, key: str, count: int, limit: float = 300) -> None:
        deadline = time.monotonic() + limit
        while (await self.stats())[key] < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the fake Slack never saw {count} {key}")
            await asyncio.sleep(0.05)


APP_CPUS = {0} if (os.cpu_count() or 1) > 1 else set()
LOAD_CPUS = set(range(1, os.cpu_count() or 1))


async def spawn(*args: str, cpus: set[int]) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(sys.executable, __file__, *args, cwd=ROOT)
    if cpus:
        os.sched_setaffinity(process.pid, cpus)
    return process


async def stop(process: asyncio.subprocess.Process) -> None:
    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.wait(), 60)


async def until_up(session: aiohttp.ClientSession, url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            async with session.get(url):
                return
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.05)
    raise RuntimeError(f"{url} did not come up")


async def measure(kind: str, fake: Fake, args: argparse.Namespace) -> dict[str, Any]:
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="nudgebot-bench-") as scratch:
        database = str(Path(scratch) / "bench.db")
        process = await spawn(
            "--serve",
            kind,
            "--port",
            str(port),
            "--api",
            fake.api_url,
            "--database",
            database,
            cpus=APP_CPUS,
        )
        try:
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
                await until_up(session, f"http://127.0.0.1:{port}/slack/events")
                members = [f"U{n:07d}" for n in range(args.members)]
                load = Load(f"http://127.0.0.1:{port}/slack/events", members)
                answered = (await fake.stats())["answers"]
                if kind == "ours":
                    await join(session, load, fake, members)
                await load.fixed_rate(session, args.rate, 1.0)  # warm-up
                fixed = await load.fixed_rate(session, args.rate, args.seconds)
                if kind == "ours":
                    await fake.until("answers", answered + load.count)  # the backlog is done
                flat = await load.flat_out(session, args.flat, args.senders)
                if kind == "ours":
                    # Everything acked is also handled: its answer reaches the fake Slack.
                    started = time.perf_counter() - flat["seconds"]
                    await fake.until("answers", answered + load.count)
                    flat["handled_per_s"] = round(args.flat / (time.perf_counter() - started), 1)
                del flat["seconds"]
                return {"fixed_rate": fixed, "flat_out": flat}
        finally:
            await stop(process)


async def join(session: aiohttp.ClientSession, load: Load, fake: Fake, members: list[str]) -> None:
    """Members join through /network-join first (each gets a welcome and a nudge DM)."""
    posts = (await fake.stats())["posts"]
    for user in members:
        command = payloads.command(user, "/network-join", response_url=fake.response_url())
        await load.post(session, *load.signed(urlencode(command), FORM))
    await fake.until("posts", posts + 2 * len(members))


async def run(args: argparse.Namespace, first: str) -> dict[str, Any]:
    port = free_port()
    process = await spawn("--fake-slack", str(port), cpus=LOAD_CPUS)
    try:
        async with aiohttp.ClientSession() as session:
            fake = Fake(port, session)
            await until_up(session, f"{fake.url}/stats")
            # Alternated from run to run: whichever goes second meets a warmer machine.
            order = ("ours", "bare") if first == "ours" else ("bare", "ours")
            measured = {kind: await measure(kind, fake, args) for kind in order}
            ours, bare = measured["ours"], measured["bare"]
    finally:
        await stop(process)
    ratio = ours["flat_out"]["events_per_s"] / bare["flat_out"]["events_per_s"]
    # The bare app's listener does nothing, so what it acks it has handled.
    handled = ours["flat_out"]["handled_per_s"] / bare["flat_out"]["events_per_s"]
    return {
        "first": first,
        "ours": ours,
        "bare": bare,
        "throughput_ratio": round(ratio, 3),
        "handled_ratio": round(handled, 3),
    }


def medians(runs: list[dict[str, Any]]) -> dict[str, Any]:
    def med(*path: str) -> float:
        values = []
        for run_ in runs:
            value: Any = run_
            for key in path:
                value = value[key]
            values.append(value)
        return round(statistics.median(values), 3)

    out: dict[str, Any] = {}
    for app in ("ours", "bare"):
        out[app] = {
            "fixed_rate_p50_ms": med(app, "fixed_rate", "p50_ms"),
            "fixed_rate_p99_ms": med(app, "fixed_rate", "p99_ms"),
            "flat_out_events_per_s": med(app, "flat_out", "events_per_s"),
            "flat_out_p50_ms": med(app, "flat_out", "p50_ms"),
            "flat_out_p99_ms": med(app, "flat_out", "p99_ms"),
        }
    out["ours"]["flat_out_handled_per_s"] = med("ours", "flat_out", "handled_per_s")
    out["throughput_ratio"] = med("throughput_ratio")
    out["handled_ratio"] = med("handled_ratio")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=2, help="each runs both apps, the order alternating"
    )
    parser.add_argument("--rate", type=float, default=100.0, help="events/s, fixed-rate part")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of that part")
    parser.add_argument("--flat", type=int, default=3000, help="events sent flat out")
    parser.add_argument("--senders", type=int, default=32, help="concurrent senders flat out")
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="run the bare app plain and ours under cProfile (slower: not for the figures); "
        "write its statistics to FILE and print the top 30 on standard error",
    )
    parser.add_argument("--serve", choices=("ours", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--fake-slack", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.api, args.database)
        return 0
    if args.fake_slack:
        serve_fake(args.fake_slack)
        return 0
    if LOAD_CPUS:
        os.sched_setaffinity(0, LOAD_CPUS)
    if args.profile:
        os.environ[PROFILE_ENV] = str(Path(args.profile).resolve())  # ours inherits it
    runs = [asyncio.run(run(args, ("ours", "bare")[n % 2])) for n in range(args.runs)]
    summary = medians(runs)
    keys = ("runs", "rate", "seconds", "flat", "senders", "members")
    report = {
        "benchmark": "slack_events",
        "settings": {key: getattr(args, key) for key in keys},
        "cpus": {"app": sorted(APP_CPUS), "load_and_fake_slack": sorted(LOAD_CPUS)},
        "medians": summary,
        "targets": {
            "p99_at_rate_ms<=50": summary["ours"]["fixed_rate_p99_ms"] <= 50,
            "throughput_ratio>=0.6": summary["throughput_ratio"] >= 0.6,
            "handled_per_s>=1000": summary["ours"]["flat_out_handled_per_s"] >= 1000,
        },
        "runs": runs,
    }
    print(json.dumps(report, indent=2))
    if args.profile:
        import pstats

        stats = pstats.Stats(args.profile, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
