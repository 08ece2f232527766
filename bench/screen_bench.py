"""Benchmark `dualuse screen`: transactions per second and peak memory, 1 worker (the baseline,
measured in the same run) against 2 workers, end to end and in steady state.

Generates a synthetic file (bench/screen_generate.py: clean trade from a Zipf-distributed
counterparty pool, listed parties under name variants, CHPL goods, hub routes), then runs the
real command line in a subprocess for each worker count. Reported per run:
- build: seconds before the first result (loading lists, building the name index, goods tables);
- screen tx/s: transactions per second while screening (the command's own figure);
- end-to-end tx/s: transactions / whole wall time including the build;
- CPU s: processor seconds used by the whole process tree (on a machine shared with other work,
  the number that does not depend on how much of the cores the run was given);
- peak memory: the largest sum over the process tree (parent + workers) of the proportional set
  size (PSS: a page shared by the forked workers is split between them, so the sum is the real
  memory use), sampled every 0.1 s.

End to end, every run starts cold: each distinct counterparty name costs a full fuzzy match, the
rest is served from the per-process cache. The steady-state table shows what a long-running day
looks like once the book's counterparties have been seen: one screener is built in this process,
a first pass over the file warms its caches, then the same file is screened again with 1 worker
and with 2 workers (forked from the warm screener, so both start equally warm).

    .venv/bin/python bench/screen_bench.py --count 20000
    .venv/bin/python bench/screen_bench.py --count 100000 --repeat 3 --workers 1 2
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from dualuse.io import iter_records
from dualuse.screening import Screener
from dualuse.screening.parallel import screen_records
from dualuse.screening.summary import Summary
from screen_generate import generate, listed_entities, write

DUALUSE = Path(sys.executable).with_name("dualuse")
_SUMMARY = re.compile(r"Screened ([\d,]+) transactions in ([\d.]+) s")


@dataclass
class Run:
    workers: int
    wall: float
    screening: float
    peak_mb: float
    cpu: float


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_of_self_and_children() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime + cpu_of_children()


def process_tree_rss_mb(root: int) -> float:
    """Proportional set size (PSS) of `root` and all its descendants, in MB."""
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
            status = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        found = re.search(r"^Pss:\s+(\d+) kB", status, re.MULTILINE)
        total += int(found.group(1)) if found else 0
    return total / 1024


class PeakPss:
    """Samples the PSS of `pid`'s process tree every 0.1 s while the `with` block runs; the
    largest sum seen is `peak` (MB). A tree that has ended counts as 0."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0
        self._done = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakPss:
        self._sampler.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._sampler.join()

    def _sample(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, process_tree_rss_mb(self.pid))
            time.sleep(0.1)


def run_once(source: Path, workers: int, lists: list[Path]) -> Run:
    out = source.with_suffix(f".out{workers}.jsonl")
    command = [str(DUALUSE)]
    for path in lists:
        command += ["--lists", str(path)]
    command += ["screen", str(source), "--out", str(out), "--workers", str(workers)]
    before = cpu_of_children()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakPss(process.pid) as memory:
        stdout, stderr = process.communicate()
        wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"dualuse screen failed ({process.returncode}):\n{stderr}")
    found = _SUMMARY.search(stdout)
    screening = float(found.group(2)) if found else 0.0
    return Run(workers, wall, screening, memory.peak, cpu_of_children() - before)


def timed_pass(screener: Screener, source: Path, workers: int) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak PSS MB of this process tree) for one pass over `source`."""
    with PeakPss(os.getpid()) as memory:
        cpu = cpu_of_self_and_children()
        started = time.perf_counter()
        summary = Summary()
        for outcome in screen_records(screener, iter_records(source), workers=workers):
            if outcome.error is not None or outcome.decision is None or outcome.text is None:
                raise SystemExit(f"bad record in the generated file: {outcome}")
            summary.add_json(outcome.decision, outcome.text)
        seconds = time.perf_counter() - started
        cpu = cpu_of_self_and_children() - cpu
    return seconds, cpu, memory.peak


def steady_state(source: Path, count: int, worker_counts: list[int], lists: list[Path]) -> None:
    started = time.perf_counter()
    screener = Screener.from_paths(lists)  # the embedded snapshot when `lists` is empty
    build = time.perf_counter() - started
    cold, _, _ = timed_pass(screener, source, 1)
    print(f"\nsteady state (in process): build {build:.1f} s; warm-up pass {count / cold:,.0f} tx/s")
    print(" | ".join(f"{c:>7}" for c in ("workers", "seconds", "tx/s", "CPU s", "tx/CPU-s", "peak PSS MB")))
    print("-" * 64)
    baseline: float | None = None
    for workers in worker_counts:
        seconds, cpu, peak = timed_pass(screener, source, workers)
        rate = count / seconds
        baseline = baseline or rate
        versus = f"(x{rate / baseline:.2f} vs 1 worker)"
        cells = f"{workers:>7} | {seconds:>7.1f} | {rate:>7,.0f} | {cpu:>7.1f} | {count / cpu:>8,.0f}"
        print(f"{cells} | {peak:>11,.0f}   {versus}")


def end_to_end(source: Path, count: int, worker_counts: list[int], lists: list[Path], repeat: int) -> None:
    columns = ("workers", "wall s", "build s", "screen tx/s", "end-to-end tx/s", "CPU s", "peak PSS MB")
    print("end to end (dualuse screen, cold start):")
    print(" | ".join(f"{c:>{max(7, len(c))}}" for c in columns))
    print("-" * 80)
    baseline: float | None = None
    for workers in worker_counts:
        runs = [run_once(source, workers, lists) for _ in range(repeat)]
        wall = statistics.median(r.wall for r in runs)
        screening = statistics.median(r.screening for r in runs)
        peak = max(r.peak_mb for r in runs)
        rate = count / screening if screening else 0.0
        baseline = baseline or rate
        cpu = statistics.median(r.cpu for r in runs)
        cells = (f"{workers}", f"{wall:.1f}", f"{wall - screening:.1f}", f"{rate:,.0f}",
                 f"{count / wall:,.0f}", f"{cpu:.1f}", f"{peak:,.0f}")  # fmt: skip
        row = " | ".join(f"{cell:>{max(7, len(c))}}" for cell, c in zip(cells, columns, strict=True))
        print(f"{row}   (screening x{rate / baseline:.2f} vs 1 worker)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per worker count; the median is shown")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--lists", type=Path, nargs="*", default=[], help="list files (default: embedded)")
    parser.add_argument("--companies", type=int, default=20_000, help="counterparty pool of the generator")
    parser.add_argument("--skip-end-to-end", action="store_true", help="only the steady-state table")
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
        if not args.skip_end_to_end:
            end_to_end(source, args.count, args.workers, args.lists, args.repeat)
        steady_state(source, args.count, args.workers, args.lists)


if __name__ == "__main__":
    main()
