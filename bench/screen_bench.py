"""Benchmark `dualuse screen` end to end: transactions per second and peak memory, 1 worker
(the baseline, measured in the same run) against 2 workers.

Generates a synthetic file (bench/screen_generate.py: clean trade from a Zipf-distributed
counterparty pool, listed parties under name variants, CHPL goods, hub routes), then runs the
real command line in a subprocess for each worker count. Reported per run:
- build: seconds before the first result (loading lists, building the name index, goods tables);
- screen tx/s: transactions per second while screening (the command's own figure);
- end-to-end tx/s: transactions / whole wall time including the build;
- peak RSS: the largest sum of resident memory over the process tree (parent + workers),
  sampled every 0.1 s (shared copy-on-write pages are counted once per process: an upper bound).

    .venv/bin/python bench/screen_bench.py --count 20000
    .venv/bin/python bench/screen_bench.py --count 100000 --repeat 3 --workers 1 2
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from screen_generate import generate, listed_entities, write

DUALUSE = Path(sys.executable).with_name("dualuse")
_SUMMARY = re.compile(r"Screened ([\d,]+) transactions in ([\d.]+) s")


@dataclass
class Run:
    workers: int
    wall: float
    screening: float
    peak_mb: float


def process_tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) if found else 0
    return total / 1024


def run_once(source: Path, workers: int, lists: list[Path]) -> Run:
    out = source.with_suffix(f".out{workers}.jsonl")
    command = [str(DUALUSE)]
    for path in lists:
        command += ["--lists", str(path)]
    command += ["screen", str(source), "--out", str(out), "--workers", str(workers)]
    peak = 0.0
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, process_tree_rss_mb(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"dualuse screen failed ({process.returncode}):\n{stderr}")
    found = _SUMMARY.search(stdout)
    screening = float(found.group(2)) if found else 0.0
    return Run(workers, wall, screening, peak)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per worker count; the median is shown")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--lists", type=Path, nargs="*", default=[], help="list files (default: embedded)")
    parser.add_argument("--companies", type=int, default=20_000, help="counterparty pool of the generator")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="screen_bench_") as folder:
        source = Path(folder) / "transactions.jsonl"
        started = time.perf_counter()
        write(generate(args.count, 20240314, listed_entities(args.lists), args.companies), source, "jsonl")
        size = source.stat().st_size / 1e6
        lists = ", ".join(map(str, args.lists)) or "embedded default"
        took = time.perf_counter() - started
        print(
            f"data: {args.count:,} synthetic transactions, {size:.1f} MB JSONL ({took:.1f} s); lists: {lists}"
        )
        print(f"machine: {os.cpu_count()} cores; median of {args.repeat} run(s) per row\n")
        columns = ("workers", "wall s", "build s", "screen tx/s", "end-to-end tx/s", "peak RSS MB")
        header = " | ".join(f"{c:>{max(7, len(c))}}" for c in columns)
        print(header)
        print("-" * len(header))
        baseline: float | None = None
        for workers in args.workers:
            runs = [run_once(source, workers, args.lists) for _ in range(args.repeat)]
            wall = statistics.median(r.wall for r in runs)
            screening = statistics.median(r.screening for r in runs)
            peak = max(r.peak_mb for r in runs)
            rate = args.count / screening if screening else 0.0
            baseline = baseline or rate
            cells = (f"{workers}", f"{wall:.1f}", f"{wall - screening:.1f}", f"{rate:,.0f}",
                     f"{args.count / wall:,.0f}", f"{peak:,.0f}")  # fmt: skip
            row = " | ".join(f"{cell:>{max(7, len(c))}}" for cell, c in zip(cells, columns, strict=True))
            print(f"{row}   (screening x{rate / baseline:.2f} vs 1 worker)")


if __name__ == "__main__":
    main()
