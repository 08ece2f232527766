"""Load time and peak memory of the default list snapshot vs parsing the official files.

Run: .venv/bin/python bench/lists_load.py [--runs N]
Each measurement runs in a fresh interpreter (so imports, caches and peak RSS are honest):
  snapshot  `dualuse.lists.load_default()` (the embedded gzip'd JSON-lines snapshot)
  baseline  `dualuse.lists.load_paths([data/lists/official])` (parse the same official files)
Prints the median wall and CPU seconds, the peak RSS and the RSS added by the load.
The machine is shared: compare the two rows of one run, not runs of different days.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

CHILD = """
import json, resource, time
def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
import dualuse.lists as lists
from dualuse.lists.loading import package_lists_dir
before = rss_mb()
wall, cpu = time.perf_counter(), time.process_time()
listset = {call}
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"wall": wall, "cpu": cpu, "peak": peak, "added": peak - before,
                  "entities": len(listset.entities), "version": listset.version}}))
"""
CASES = {
    "snapshot: load_default()": "lists.load_default()",
    "baseline: parse official files": "lists.load_paths([package_lists_dir() / 'official'])",
}


def measure(call: str) -> dict[str, float | int | str]:
    output = subprocess.run(
        [sys.executable, "-c", CHILD.format(call=call)], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, float | int | str] = json.loads(output.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per case (median reported)")
    runs = parser.parse_args().runs
    header = ("case", "entities", "wall s (median)", "cpu s", "peak RSS MB", "added MB")
    print(f"{header[0]:34} {header[1]:>9} {header[2]:>16} {header[3]:>7} {header[4]:>12} {header[5]:>9}")
    for name, call in CASES.items():
        results = [measure(call) for _ in range(runs)]

        def median(key: str, results: list[dict[str, float | int | str]] = results) -> float:
            return statistics.median(float(r[key]) for r in results)

        walls = ", ".join(f"{float(r['wall']):.2f}" for r in results)
        print(
            f"{name:34} {results[0]['entities']:>9,} {median('wall'):>16.2f} {median('cpu'):>7.2f} "
            f"{median('peak'):>12.0f} {median('added'):>9.0f}   runs: {walls}"
        )
    print(f"lists: {results[0]['version']}")


if __name__ == "__main__":
    main()
