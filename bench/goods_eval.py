"""Goods classifier evaluation: is-a-CHPL-item precision/recall, tier accuracy, false positives on
ordinary goods, vague-line detection and per-line latency, on bench/goods_eval_set.csv.

    .venv/bin/python bench/goods_eval.py [--split dev|heldout|all] [--errors]

Rows are labelled by their true HS 2022 subheading; a line "is CHPL" when that subheading is on
the CHPL. The classifier sees the description only (no declared HS code). Baseline, measured in
the same run: BM25 retrieval over the HS 2022 texts alone (top-1 subheading, no lexicon), the
zero-shot approach of docs/packages notes. The set was written before the lexicon was tuned;
tuning looked at the `dev` half; `heldout` was run once before its errors were looked at
(docs/goods.md gives that first figure); `fresh` lines were written after tuning and not tuned on.
Then: HS 2022 texts as goods lines, scan_text time per KB on growing free text, and scan_text
on the scraped news articles of /work/shared/data/news when present (next to each article read
as one goods line).
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dualuse.goods import GoodsClassifier

SET = Path(__file__).resolve().parent / "goods_eval_set.csv"
REPEATS = 3
# Scraped news articles (not in the repository; their SOURCE.md says what they report).
NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news"
# The goods /work/shared/data/news/SOURCE.md says the articles report, as the HS6 codes the
# lexicon reads them as. The lexicon's generic news words were added after reading these
# articles, so this is a check that they are read, not a blind measurement.
NEWS_GOODS = {
    "845710": "machine tools",
    "854239": "microelectronics",
    "391220": "nitrocellulose",
    "840710": "drone engines",
    "841111": "turbojet engines",
    "901380": "optics",
}


@dataclass(frozen=True, slots=True)
class Prediction:
    listed: bool
    tier: str | None
    hs6: str | None
    vague: bool


def _rows(split: str) -> list[dict[str, str]]:
    with SET.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if split == "all" or r["split"] == split]


def _ours(goods: GoodsClassifier) -> Callable[[str], Prediction]:
    def predict(text: str) -> Prediction:
        assessment = goods.classify(text)
        best = assessment.best
        tier = best.chpl_tier if best and assessment.listed else None
        return Prediction(
            assessment.listed and tier is not None, tier, best.hs6 if best else None, assessment.vague
        )

    return predict


def _baseline(goods: GoodsClassifier, chpl: dict[str, str]) -> Callable[[str], Prediction]:
    def predict(text: str) -> Prediction:
        found = goods.retriever.search(text, 1)
        hs6 = found[0].hs6 if found else None
        tier = chpl.get(hs6) if hs6 else None
        return Prediction(tier is not None, tier, hs6, False)

    return predict


def _timed(predict: Callable[[str], Prediction], text: str) -> tuple[Prediction, float]:
    """The prediction and its best time of REPEATS runs in ms: the machine is shared, and the
    minimum drops the time slices other processes took."""
    times: list[float] = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        got = predict(text)
        times.append((time.perf_counter() - start) * 1000)
    return got, min(times)


def _score(
    rows: list[dict[str, str]], predict: Callable[[str], Prediction]
) -> tuple[dict[str, float], list[str]]:
    tp = fp = fn = tier_ok = hs6_ok = vague_ok = 0
    chpl_rows = [r for r in rows if r["kind"] == "chpl"]
    ordinary = [r for r in rows if r["kind"] == "ordinary"]
    vague_rows = [r for r in rows if r["kind"] == "vague"]
    latencies: list[float] = []
    errors: list[str] = []
    for row in rows:
        got, took = _timed(predict, row["description"])
        latencies.append(took)
        if row["kind"] == "chpl":
            tp += got.listed
            fn += not got.listed
            tier_ok += got.tier == row["tier"]
            hs6_ok += got.hs6 == row["hs6"]
            if got.tier != row["tier"]:
                errors.append(
                    f"  miss  {row['id']} {row['split']:7} want {row['hs6']} t{row['tier']:3} "
                    f"got {got.hs6} t{got.tier}: {row['description']}"
                )
        elif row["kind"] == "ordinary":
            fp += got.listed
            if got.listed:
                errors.append(
                    f"  FP    {row['id']} {row['split']:7} want {row['hs6']} "
                    f"got {got.hs6} t{got.tier}: {row['description']}"
                )
        else:
            vague_ok += got.vague
    latencies.sort()
    figures = {
        "CHPL lines": len(chpl_rows),
        "ordinary lines": len(ordinary),
        "precision": tp / max(tp + fp, 1),
        "recall": tp / max(len(chpl_rows), 1),
        "tier accuracy": tier_ok / max(len(chpl_rows), 1),
        "HS6 top-1 (CHPL lines)": hs6_ok / max(len(chpl_rows), 1),
        "ordinary called CHPL": fp / max(len(ordinary), 1),
        "vague lines flagged": vague_ok / len(vague_rows) if vague_rows else float("nan"),
        "median ms/line": statistics.median(latencies),
        "p99 ms/line": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
    }
    return figures, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--split", choices=("dev", "heldout", "fresh", "all"), default=None, help="one split (default: each)"
    )
    parser.add_argument("--errors", action="store_true", help="print the misclassified lines")
    args = parser.parse_args()
    started = time.perf_counter()
    goods = GoodsClassifier.default()
    loaded = time.perf_counter() - started
    goods.retriever  # noqa: B018 - build the lazy index before timing lines
    chpl = {
        row.hs_code: row.tier or ""
        for item_list in goods.item_lists
        if item_list.list_id == "chpl"
        for row in item_list.rows
    }
    splits = [args.split] if args.split else ["dev", "heldout", "fresh", "all"]
    systems = {"lexicon+HS retrieval": _ours(goods), "baseline: HS retrieval only": _baseline(goods, chpl)}
    print(f"goods eval on {SET.name}; tables loaded in {loaded:.2f} s")
    for split in splits:
        rows = _rows(split)
        results = {name: _score(rows, predict) for name, predict in systems.items()}
        print(f"\nsplit = {split} ({len(rows)} lines)")
        print(f"{'measure':28}" + "".join(f"{name:>30}" for name in systems))
        for measure in results[next(iter(systems))][0]:
            cells = "".join(f"{_cell(results[name][0][measure]):>30}" for name in systems)
            print(f"{measure:28}{cells}")
        if args.errors:
            print("errors (lexicon+HS retrieval):")
            print("\n".join(results["lexicon+HS retrieval"][1]) or "  none")
    _hs_text_check(goods, chpl)
    _scan_scaling(goods)
    _scan_news(goods)


def _hs_text_check(goods: GoodsClassifier, chpl: dict[str, str]) -> None:
    """Every HS 2022 subheading text as a goods line: text this project did not write.

    Tariff wording is not invoice wording, so this measures robustness (false positives on
    5,563 unlisted subheadings, many of them look-alikes), not the main figures. The baseline
    is left out: its index is these very texts.
    """
    listed = missed = 0
    for entry in goods.nomenclature.subheadings():
        assessment = goods.classify(entry.description)
        called = bool(assessment.listed and assessment.best and assessment.best.chpl_tier)
        if entry.code in chpl:
            missed += not called
        else:
            listed += called
    others = sum(1 for _ in goods.nomenclature.subheadings()) - len(chpl)
    print("\nHS 2022 subheading texts as goods lines (robustness, lexicon+HS retrieval)")
    print(f"  CHPL subheading texts called CHPL: {len(chpl) - missed}/{len(chpl)}")
    print(f"  other subheading texts called CHPL: {listed}/{others} = {listed / others:.4f}")


def _scan_scaling(goods: GoodsClassifier) -> None:
    """scan_text on free text of growing size: time per KB should stay flat (linear time)."""
    lines = [row["description"] for row in _rows("all")]
    filler = "payment as per contract 55/2024 dated 01.03.2024, invoice 118, transport by road. "
    print("\nscan_text on free text (eval lines mixed with remittance filler), best of 3")
    print(f"{'size (KB)':>10}{'ms':>10}{'ms per KB':>12}{'goods found':>13}")
    for count in (10, 100, 1000):
        text = " ".join(f"{filler}{lines[i % len(lines)]}." for i in range(count))
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            found = goods.scan_text(text)
            times.append((time.perf_counter() - start) * 1000)
        size = len(text.encode()) / 1024
        print(f"{size:>10.1f}{min(times):>10.1f}{min(times) / size:>12.3f}{len(found):>13}")


def _scan_news(goods: GoodsClassifier) -> None:
    """scan_text on real news prose, next to the article read as one goods line (`classify`,
    the way scan_text read free text before it went clause by clause)."""
    articles = sorted(NEWS.glob("*.txt")) if NEWS.is_dir() else []
    if not articles:
        print(f"\nscan_text on news: {NEWS} not found, skipped")
        return
    print(
        f"\nscan_text on news ({NEWS}), best of {REPEATS}; reported goods: {', '.join(NEWS_GOODS.values())}"
    )
    print(f"{'article':34}{'KB':>6}{'ms/KB':>8}  {'reported goods found':>22}  {'other codes':>12}")
    for path in articles:
        text = path.read_text(encoding="utf-8")
        size = len(text.encode()) / 1024
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            scanned = {c.hs6 for c in goods.scan_text(text)}
            times.append((time.perf_counter() - start) * 1000)
        whole = {c.hs6 for c in goods.classify(text, limit=50).candidates if c.source == "description"}
        for label, found, ms in (
            ("scan_text", scanned, f"{min(times) / size:8.2f}"),
            ("as one line", whole, ""),
        ):
            hits = len(found & set(NEWS_GOODS))
            print(
                f"{path.name[:20] + ' ' + label:34}{size:>6.1f}{ms:>8}  {hits:>20}/{len(NEWS_GOODS)}"
                f"  {len(found - set(NEWS_GOODS)):>12}"
            )


def _cell(value: float) -> str:
    if isinstance(value, int):
        return f"{value:d}"
    return "n/a" if math.isnan(value) else f"{value:.3f}"


if __name__ == "__main__":
    main()
