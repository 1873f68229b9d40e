"""The backlog of acknowledged work: a few at a time, and drained before the app stops."""

from __future__ import annotations

import asyncio

from adapters.slack.backlog import Backlog


async def test_work_runs_a_few_at_a_time_and_drain_waits_for_all_of_it() -> None:
    backlog = Backlog(concurrency=2)
    running = peak = done = 0
    release = asyncio.Event()

    async def work() -> None:
        nonlocal running, peak, done
        async with backlog.turn():
            running += 1
            peak = max(peak, running)
            await release.wait()
            running -= 1
            done += 1

    tasks = [asyncio.create_task(work()) for _ in range(5)]
    await asyncio.sleep(0)
    assert backlog.pending == 5 and running == 2
    asyncio.get_running_loop().call_soon(release.set)
    await backlog.drain(limit=2)
    assert done == 5 and peak == 2 and backlog.pending == 0
    await asyncio.gather(*tasks)


async def test_drain_gives_up_after_its_limit(caplog) -> None:  # type: ignore[no-untyped-def]
    backlog = Backlog(concurrency=1)
    never = asyncio.Event()

    async def stuck() -> None:
        async with backlog.turn():
            await never.wait()

    task = asyncio.create_task(stuck())
    await asyncio.sleep(0)
    await backlog.drain(limit=0.01)
    assert "1 acknowledged Slack requests unfinished" in caplog.text
    task.cancel()
