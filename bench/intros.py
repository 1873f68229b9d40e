"""How fast intro rounds are matched, and how often a pair repeats, as JSON.

    python bench/intros.py [--members 5000] [--rounds 20] [--runs 5]

A team of N opted-in members spread over a handful of zones (most in two offices, some
remote) and four groups is matched ``--rounds`` times in a row, each round remembering every
pair so far. Prints the median and every run's time for one round (the first, and the last with
the full history), and the repeat rate: the share of pairs over all rounds that had met before.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.intros.matching import Candidate, Pair, match

#: Working-day starts in UTC minutes: 09:00 in Berlin, London, New York, Bangalore, Tokyo.
OFFICES = (8 * 60, 9 * 60, 14 * 60, 3 * 60 + 30, 0)
WEIGHTS = (40, 20, 25, 10, 5)
GROUPS = ("sales", "engineering", "support", "design")


def team(size: int, rng: random.Random) -> list[Candidate]:
    return [
        Candidate(
            i,
            (rng.choices(OFFICES, WEIGHTS)[0] + rng.choice((-60, 0, 0, 30, 60))) % 1440,
            rng.choice(GROUPS),
        )
        for i in range(size)
    ]


def rounds(members: list[Candidate], count: int) -> tuple[list[float], float]:
    """Seconds for each round, and the repeat rate over them all."""
    met: set[Pair] = set()
    seconds: list[float] = []
    pairs = repeats = 0
    for number in range(count):
        start = time.perf_counter()
        result = match(members, met, f"bench-round-{number}", prefer_other_group=True)
        seconds.append(time.perf_counter() - start)
        for group in result.groups:
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    pair = frozenset((a, b))
                    pairs += 1
                    repeats += pair in met
                    met.add(pair)
    return seconds, repeats / pairs if pairs else 0.0


def report(size: int, count: int, runs: int) -> dict[str, object]:
    members = team(size, random.Random(18))
    first, last, rates = [], [], []
    for _ in range(runs):
        seconds, rate = rounds(members, count)
        first.append(seconds[0])
        last.append(seconds[-1])
        rates.append(rate)
    small = team(12, random.Random(7))
    _, small_rate = rounds(small, count)
    return {
        "members": size,
        "rounds": count,
        "runs": runs,
        "match_seconds_median": round(statistics.median(first), 4),
        "match_seconds_with_full_history_median": round(statistics.median(last), 4),
        "match_seconds_runs": [round(s, 4) for s in first],
        "repeat_rate": round(statistics.median(rates), 4),
        "unpaired_in_first_round": len(match(members, set(), "bench-round-0").unpaired),
        # Twelve people cannot go twenty rounds without repeats: eleven rounds exhaust them.
        "repeat_rate_team_of_12": round(small_rate, 4),
        "target_seconds": 1.0,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(report(args.members, args.rounds, args.runs), indent=2))
