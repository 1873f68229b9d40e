"""How long loading and checking the shipped catalog takes (every start pays it), as JSON.

    python bench/catalog_load.py [--runs 7]

Prints the median and every run in milliseconds, beside the catalog's size. The near-duplicate
check compares every pair of texts, so this grows with the square of the catalog.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.catalog import load_catalog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        catalog = load_catalog()
        timings.append(round((time.perf_counter() - started) * 1000, 1))
    print(
        json.dumps(
            {
                "challenges": len(catalog.challenges),
                "tips": len(catalog.tips),
                "load_ms": {"median": statistics.median(timings), "runs": timings},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
