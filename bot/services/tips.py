"""``/network-tip [topic]``: one piece of advice on demand; unknown topics list the topics."""

from __future__ import annotations

import hashlib
import random

from bot.catalog import find_tips
from bot.ports import MemberRef
from bot.services.context import Context
from bot.views import Reply


async def tip(ctx: Context, ref: MemberRef, topic: str = "") -> Reply:
    """Works for anyone, joined or not: advice should be easy to get."""
    query = topic.strip()
    topics = ", ".join(f"`{t}`" for t in ctx.catalog.tip_topics())
    if query:
        found, tips = find_tips(ctx.catalog, query)
        if found is None or not tips:
            return Reply(f"I don't have tips on “{query}” yet. Try one of: {topics}.")
    else:
        found, tips = None, list(ctx.catalog.tips)
    if not tips:
        return Reply("I have no tips loaded right now.")
    seed = hashlib.sha256(f"{ref.key}|{ctx.clock().isoformat()}".encode()).digest()
    chosen = random.Random(int.from_bytes(seed[:8], "big")).choice(tips)
    more = f"More on this: `/network-tip {found}`." if found else f"Topics: {topics}."
    return Reply(f"💡 {chosen.text}\n{more}")
