"""How well free DM replies are read: the labelled corpus through ``parse_reply``.

    python bench/replies.py [--corpus tests/bot/reply_corpus.tsv]

For each intent: how many replies, how many were read as that intent (accuracy), and how many
were logged (read as done). Overall and per section (``tuning``, the replies the classifier was
tuned on; ``held-out``, written before it and never tuned on): exact accuracy, the rate of
replies *logged when they should not be* (a non-done reply read as done) and *not logged when
they should be* (a done reply read as anything else). Prints one JSON document, with every miss.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent.parent))
from bot.intents import Reading
from tests.bot.reply_corpus import CORPUS, HELD_OUT, TUNING, Example, load


def figures(examples: list[Example]) -> dict[str, Any]:
    done = [e for e in examples if e.expected is Reading.DONE]
    others = [e for e in examples if e.expected is not Reading.DONE]
    correct = sum(e.read == e.expected.value for e in examples)
    return {
        "replies": len(examples),
        "accuracy": rate(correct, len(examples)),
        "logged_when_it_should_not_be": rate(sum(e.logged for e in others), len(others)),
        "not_logged_when_it_should_be": rate(sum(not e.logged for e in done), len(done)),
    }


def per_intent(examples: list[Example]) -> dict[str, Any]:
    report = {}
    for intent in Reading:
        these = [e for e in examples if e.expected is intent]
        report[intent.value] = {
            "replies": len(these),
            "accuracy": rate(sum(e.read == intent.value for e in these), len(these)),
            "logged": sum(e.logged for e in these),
            "read_as": dict(Counter(e.read for e in these).most_common()),
        }
    return report


def rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    examples = load(parser.parse_args().corpus)
    report = {
        "overall": figures(examples),
        "tuning": figures([e for e in examples if e.section == TUNING]),
        "held_out": figures([e for e in examples if e.section == HELD_OUT]),
        "per_intent": per_intent(examples),
        "misses": [
            {"section": e.section, "intent": e.expected.value, "read": e.read, "text": e.text}
            for e in examples
            if e.read != e.expected.value
        ],
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
