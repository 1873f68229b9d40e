"""Work that fails after Slack was told the request is received.

Slack has its answer by then (the ack), so a failure shows the member nothing: the command
seems ignored, the reply unread. Each listener's work runs inside :func:`said_sorry`, which logs
the failure once, in one line that names where it happened but not what it was about (the
exception's message can quote what the member typed), and tells the member, where they acted,
that something went wrong on our side. A database outage is not apologised for: it is raised, so
the inbox entry the work came from is tried again (see :mod:`bot.services.inbox`).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import adapters
import bot
from bot.services import texts
from bot.storage.database import is_outage

log = logging.getLogger(__name__)

Tell = Callable[[str], Awaitable[object]]
#: Where our own code lives: the folder that holds ``bot/`` and ``adapters/``.
_OURS = tuple(Path(package.__file__ or "").resolve().parent for package in (bot, adapters))


@asynccontextmanager
async def said_sorry(what: str, tell: Tell | None) -> AsyncIterator[None]:
    """Run the block; if it fails, log it in one line and ``tell`` the member sorry."""
    try:
        yield
    except Exception as error:
        if is_outage(error):
            raise  # the inbox holds the work: it is tried again once the database is back
        log.error("Slack %s failed after its ack: %s", what, where(error))
        if tell is None:
            return
        try:
            await tell(texts.SORRY)
        except Exception as again:
            log.warning("could not tell the member the %s failed: %s", what, where(again))


def where(error: BaseException) -> str:
    """``OperationalError at bot/storage/queries.py:105 in seen_before``: the kind of error and
    the deepest line of ours it passed through (or the deepest line at all)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if _ours(Path(f.filename).resolve()) is not None]
    if not (ours or frames):
        return type(error).__name__
    frame = (ours or frames)[-1]
    path = Path(frame.filename).resolve()
    shown = _ours(path) or path.name
    return f"{type(error).__name__} at {shown}:{frame.lineno} in {frame.name}"


def _ours(path: Path) -> str | None:
    """``bot/storage/queries.py`` for a file of ours, None for anyone else's."""
    for package in _OURS:
        if path.is_relative_to(package):
            return path.relative_to(package.parent).as_posix()
    return None
