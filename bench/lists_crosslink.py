"""What the UK list and cross-list links cost and give: load time, memory, links, UK counts.

Run: `.venv/bin/python bench/lists_crosslink.py [--runs N]`.

1. `load_default()` in a fresh interpreter, N runs each: the shipped snapshot (with the UK list)
   against a baseline snapshot built in this run from the same entities minus the UK list
   (relinked without it). Median seconds and peak RSS; the interpreter with `dualuse.lists`
   imported and nothing loaded is measured too, so the lists' own share is visible.
2. `link_entities` over the default entities: time (median of 3), links by evidence, groups.
3. UK ConList: entities read from the full official workbook against its distinct Group IDs
   (needs ../shared/data/uk_sanctions; skipped when absent).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dualuse.lists import load_default
from dualuse.lists.crosslink import link_entities
from dualuse.lists.loading import default_snapshot_dir
from dualuse.lists.manifest import Manifest
from dualuse.lists.snapshot import read_snapshot, write_snapshot
from dualuse.lists.uk import LIST_ID as UK
from dualuse.lists.uk import read_conlist

UK_WORKBOOK = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "uk_sanctions" / "ofsi_conlist_2025-04-10.xlsx"
)
# Peak RSS from /proc (VmHWM): unlike ru_maxrss it is not inherited from the forking parent.
PROBE = """
import json, time
start = time.perf_counter()
from dualuse.lists import load_default
imported = time.perf_counter()
{load}
seconds = time.perf_counter() - imported
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
peak_mb = int(status["VmHWM"].split()[0]) / 1024
print(json.dumps({{"seconds": seconds, "rss_mb": peak_mb, "entities": {count}}}))
"""


def probe(data_dir: str | None, load: bool) -> dict[str, float]:
    """One fresh interpreter: import, optionally `load_default()`, report time and peak RSS."""
    code = PROBE.format(
        load="lists = load_default()" if load else "lists = None",
        count="len(lists.entities)" if load else "0",
    )
    env = dict(os.environ)
    env.pop("DUALUSE_DATA_DIR", None)
    if data_dir:
        env["DUALUSE_DATA_DIR"] = data_dir
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    if output.returncode != 0:
        raise SystemExit(f"probe failed:\n{output.stderr}")
    result: dict[str, float] = json.loads(output.stdout)
    return result


def baseline_snapshot(into: Path) -> int:
    """The shipped snapshot without the UK list, relinked: what `load_default` was before."""
    manifest, entities = read_snapshot(default_snapshot_dir())
    kept = [entity for entity in entities if entity.list_id != UK]
    link_entities(kept)
    write_snapshot(into, kept, Manifest(lists=[info for info in manifest.lists if info.list_id != UK]))
    return len(kept)


def median_runs(runs: int, data_dir: str | None, load: bool) -> dict[str, float]:
    samples = [probe(data_dir, load) for _ in range(runs)]
    return {
        "seconds": statistics.median(s["seconds"] for s in samples),
        "rss_mb": statistics.median(s["rss_mb"] for s in samples),
        "entities": samples[0]["entities"],
    }


def load_section(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="dualuse-bench-") as scratch:
        baseline_snapshot(Path(scratch))
        rows = [
            ("import only (no lists)", median_runs(runs, None, load=False)),
            ("baseline: default lists without UK", median_runs(runs, scratch, load=True)),
            ("shipped: default lists with UK", median_runs(runs, None, load=True)),
        ]
    print(f"\n1. load_default() in a fresh interpreter, median of {runs} runs")
    print(f"{'snapshot':<38}{'entities':>10}{'load s':>10}{'peak RSS MB':>14}")
    for label, row in rows:
        print(f"{label:<38}{int(row['entities']):>10,}{row['seconds']:>10.2f}{row['rss_mb']:>14.0f}")
    base, shipped = rows[1][1], rows[2][1]
    print(
        f"{'UK list adds':<38}{int(shipped['entities'] - base['entities']):>10,}"
        f"{shipped['seconds'] - base['seconds']:>+10.2f}{shipped['rss_mb'] - base['rss_mb']:>+14.0f}"
    )


def link_section() -> None:
    entities = load_default().entities
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        report = link_entities(entities)
        timings.append(time.perf_counter() - start)
    by_reason = collections.Counter(link.reason.split()[0] for link in report.links)
    by_lists = collections.Counter(
        "+".join(sorted({member.split(":")[0] for member in group})) for group in report.groups
    )
    print(
        f"\n2. link_entities over the {len(entities):,} default entities: {statistics.median(timings):.2f} s"
    )
    print(f"   {len(report.links):,} links, {len(report.groups):,} groups", end="")
    print(f", {report.linked_entities:,} entities linked")
    print(f"   refused (would join two entries of one list, or disagreeing documents): {len(report.refused)}")
    for reason, count in by_reason.most_common():
        print(f"   {reason:<18}{count:>7,}")
    for lists, count in by_lists.most_common():
        print(f"   {lists:<40}{count:>7,} groups")


def uk_section() -> None:
    if not UK_WORKBOOK.is_file():
        print(f"\n3. UK workbook not found at {UK_WORKBOOK}: skipped")
        return
    from openpyxl import load_workbook

    sheet = load_workbook(UK_WORKBOOK, read_only=True).worksheets[0]
    group_ids = {row[35] for row in sheet.iter_rows(min_row=3, values_only=True) if row[35]}
    start = time.perf_counter()
    report = read_conlist(UK_WORKBOOK)
    seconds = time.perf_counter() - start
    print(f"\n3. UK ConList workbook {UK_WORKBOOK.name}: read in {seconds:.1f} s")
    print(f"   entities {len(report.entities):,}  distinct Group IDs {len(group_ids):,}", end="")
    print(f"  skipped rows {len(report.skipped)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    load_section(args.runs)
    link_section()
    uk_section()


if __name__ == "__main__":
    main()
