"""Six weeks of the demo for three people, as scripts of what each types.

``/tomorrow`` moves to the next nudge. The tests in ``test_personas.py`` run them in-process and
check the lines that matter; ``python -m tests.adapters.console.personas anxious`` prints one
whole transcript, to read as the person receiving it would.
"""

from __future__ import annotations

NEXT = "/tomorrow"

#: Anxious, new to this: says too hard and "I didn't", worries, asks how, and slowly does more.
ANXIOUS = [
    "fear of rejection",
    "a new role",
    "I'm scared they'll think I'm weird",
    "too hard",
    "done",
    NEXT,
    "I didn't do it",
    NEXT,
    "what should I even say to them?",
    "done: sent a short hello to Maya",
    NEXT,
    "too hard",
    "ok did the small one",
    NEXT,
    "no time today sorry",
    NEXT,
    "done",
    NEXT,
    "i chickened out",
    NEXT,
    "too hard",
    "done",
    NEXT,
    "done, it was less scary than I thought",
    *[line for _ in range(22) for line in (NEXT, "done")],
    NEXT,
    "/network-streak",
]

#: Confident and senior: finds it easy, wants a stretch, writes notes.
SENIOR = [
    "rather not say",
    "visibility",
    "too easy",
    "done",
    NEXT,
    "too easy",
    "done: introduced two new hires to our platform lead",
    NEXT,
    "too easy",
    "done",
    *[line for n in range(26) for line in (NEXT, f"done: week note {n}" if n % 4 else "done")],
    "too easy",
    NEXT,
    "/network-streak",
]

#: On and off: does a few, goes quiet, pauses, comes back apologising.
ON_AND_OFF = [
    "confidence",
    "rather not say",
    "done",
    NEXT,
    "done",
    NEXT,
    NEXT,
    NEXT,
    "sorry, been swamped, back now",
    "done",
    "/network-pause 2 weeks",
    NEXT,
    "done",
    NEXT,
    "I'll do it after lunch",
    NEXT,
    "done",
    *[line for _ in range(12) for line in (NEXT, "done")],
    "/network-streak",
]

#: Twelve weeks of keeping in touch: a person kept from a note, followed up, and asked about.
KEEPER = [
    "rather not say",
    "rather not say",
    "done: wrote to Sam, my old manager",
    "keep",
    *[line for _ in range(14) for line in (NEXT, "done")],
    "/network-people",
    NEXT,
    "done: sent Sam a link to that talk",
    *[line for _ in range(2) for line in (NEXT, "done")],
    NEXT,
    "yes",
    "done",
    *[line for _ in range(40) for line in (NEXT, "done")],
    "/network-people",
]

PERSONAS = {
    "anxious": ANXIOUS,
    "senior": SENIOR,
    "on-and-off": ON_AND_OFF,
    "keeper": KEEPER,
}
