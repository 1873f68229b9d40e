"""Stopping a running bot on SIGINT / SIGTERM: gracefully once it serves, outright before.

A signal while serving sets the stop event: the bot takes nothing new, drains its inbox for up
to ``SHUTDOWN_GRACE_SECONDS`` and closes. Before that (start-up may be waiting on the platform,
or on a websocket its library retries forever), or at a second signal, the work is cancelled; a
schema upgrade under way (``cancellable`` False) is let finish first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

log = logging.getLogger(__name__)


class Stopper:
    """What a stop request does: once serving, set the event (a graceful stop); while starting,
    cancel the work, unless the schema is being upgraded; a second request always cancels."""

    def __init__(self, event: asyncio.Event) -> None:
        self.event = event
        self.serving = False
        self.cancellable = True
        self.cancelled = False
        self.work: asyncio.Task[int] | None = None

    def __call__(self) -> None:
        cancel = self.event.is_set() or (self.cancellable and not self.serving)
        if cancel and self.work is not None:
            self.cancelled = True
            self.work.cancel()
        self.event.set()


async def run(
    body: Callable[[Stopper], Coroutine[Any, Any, int]], stop: asyncio.Event | None = None
) -> int:
    """Run ``body`` until it returns, ``stop`` is set, or a signal comes (see the module)."""
    stopper = Stopper(stop or asyncio.Event())
    work = asyncio.create_task(body(stopper))
    stopper.work = work
    with signals_to(stopper):
        try:
            return await work
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if stopper.cancelled and not (current and current.cancelling()):
                log.info("stopped while starting")
                return 0
            raise


@contextlib.contextmanager
def signals_to(stopper: Stopper) -> Iterator[None]:
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stopper)
            installed.append(sig)
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
