"""Payment messages: messages per second per format, next to the JSON Lines path, and the growth
of free-text scanning time with the text's length.

Run: .venv/bin/python bench/payments_bench.py [--messages N] [--repeat R]

Part 1. For each format (pacs.008, pacs.009 COV, pain.001, pacs.002, MT103/MT202COV) N messages are
made from the CBPR+ fixtures, each with its own beneficiary name, written to one file, then read
(`read_messages`) and screened (`Screener.screen`) on the embedded default lists. Every run
writes names no earlier run used, so the screener's name cache does not flatter any figure. The
baseline is the same pacs.008 payments written as JSON Lines (formats.md, parties and remittance
text; no address lines) and read with `dualuse.io.read_transactions`, in the same run. Figures
are the median of R runs.

Part 2. `TextScanner.scan` over the default lists' names, and `screen_free_text` (names + goods),
on remittance texts from 1 KB to 256 KB: time per KB stays flat when time grows linearly.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from dualuse.io import read_transactions
from dualuse.lists import load_default
from dualuse.model import FreeText, Transaction
from dualuse.names.textscan import TextScanner
from dualuse.payments import read_messages
from dualuse.screening import Screener
from dualuse.screening.freetext import screen_free_text

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "payments"
# (label, fixture, the beneficiary name to vary per message)
FORMATS = [
    ("pacs.008", "iso20022/cbpr_p211_pacs008_A_to_B.xml", "<Nm>Evli</Nm>"),
    ("pacs.009 COV", "iso20022/cbpr_p231a_pacs009cov_A_to_B.xml", "<Nm>B Creditor Co</Nm>"),
    ("pain.001", "iso20022/cbpr_pn011_pain001_A_to_B.xml", "<pain:Nm>SOFTEASE PC GRAPHICS</pain:Nm>"),
    ("pacs.002", "iso20022/cbpr_p212_pacs002_D_to_C.xml", "<BizMsgIdr>P2D2C2007</BizMsgIdr>"),
    ("MT103", "mt/cbpr_p211_mt103_A_to_B.fin", "1/Evli"),
    ("MT202COV", "mt/cbpr_p231a_mt202cov_A_to_B.fin", "1/B Creditor Co"),
]
WORDS = [
    "INV",
    "2024/118",
    "PAYMENT",
    "FOR",
    "ELECTRONIC",
    "COMPONENTS",
    "ORDER",
    "5521",
    "DELIVERY",
    "TERMS",
    "FCA",
    "SHENZHEN",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    screener = Screener.default()
    print(f"Screener.default(): {time.perf_counter() - started:.1f} s, lists {screener.lists_version}")
    with tempfile.TemporaryDirectory() as folder:
        throughput(screener, Path(folder), args.messages, args.repeat)
    linearity(screener, args.repeat)


def throughput(screener: Screener, folder: Path, count: int, repeat: int) -> None:
    """Each run writes fresh names, so that no run is served from the screener's name cache."""
    rows = []
    for index, (label, fixture, name) in enumerate(FORMATS):
        template = (FIXTURES / fixture).read_text(encoding="utf-8")
        path = folder / f"{label.replace(' ', '_')}{Path(fixture).suffix}"

        def prepare(
            run: int, path: Path = path, template: str = template, name: str = name, index: int = index
        ) -> Path:
            # Names unique to this format and run: nothing is served from the screener's cache.
            write_batch(path, template, name, count, mt=path.suffix == ".fin", tag=f"F{index}R{run}")
            return path

        rows.append((label, *measure(prepare, count, repeat, screener, read_messages)))

    def baseline(run: int) -> Path:
        """The pacs.008 payments as formats.md JSON Lines, with names of their own."""
        source = folder / "baseline.xml"
        _, fixture, name = FORMATS[0]
        write_batch(
            source, (FIXTURES / fixture).read_text(encoding="utf-8"), name, count, mt=False, tag=f"Base{run}"
        )
        jsonl = folder / "baseline.jsonl"
        jsonl.write_text(
            "".join(json.dumps(as_jsonl(p)) + "\n" for p in read_messages(source)), encoding="utf-8"
        )
        return jsonl

    rows.append(("JSONL (baseline)", *measure(baseline, count, repeat, screener, read_transactions)))
    print(f"\nThroughput, {count} messages per format, median of {repeat} runs, default lists")
    print(f"{'format':<18}{'read msg/s':>12}{'read+screen msg/s':>20}{'vs JSONL':>10}")
    base = rows[-1][2]
    for label, read_rate, screen_rate in rows:
        print(f"{label:<18}{read_rate:>12,.0f}{screen_rate:>20,.0f}{screen_rate / base:>9.2f}x")


def write_batch(path: Path, template: str, name: str, count: int, *, mt: bool, tag: str = "Holding") -> None:
    """`count` copies of one message, each with its own name; MT as a `$`-separated batch,
    XML as CBPR+ envelopes inside one wrapper element."""
    bodies = []
    for number in range(count):
        value = (
            name.replace("Evli", f"Evli {tag} {number:05d}")
            .replace("Creditor Co", f"Creditor Co {tag} {number:05d}")
            .replace("GRAPHICS", f"GRAPHICS {tag} {number:05d}")
            .replace("P2D2C2007", f"P2D2C{number:05d}")
        )
        body = template.replace(name, value)
        bodies.append(body if mt else body[body.index("<Envelope") :])
    text = "\n$\n".join(bodies) if mt else "<Batch>" + "".join(bodies) + "</Batch>"
    path.write_text(text, encoding="utf-8")


def measure(
    prepare: Callable[[int], Path],
    count: int,
    repeat: int,
    screener: Screener,
    read: Callable[[Path], Iterable[Transaction]],
) -> tuple[float, float]:
    """Messages per second reading, and reading + screening (fresh names per run)."""
    read_times, screen_times = [], []
    for run in range(repeat):
        path = prepare(run)
        started = time.perf_counter()
        transactions = list(read(path))
        read_times.append(time.perf_counter() - started)
        assert len(transactions) == count, (path, len(transactions), count)
        path = prepare(run + repeat)
        started = time.perf_counter()
        for transaction in read(path):
            screener.screen(transaction)
        screen_times.append(time.perf_counter() - started)
    return count / statistics.median(read_times), count / statistics.median(screen_times)


def as_jsonl(payment: Transaction) -> dict[str, object]:
    parties = [
        {
            k: v
            for k, v in (
                ("role", p.role),
                ("name", p.name),
                ("country", p.country),
                ("address", p.address),
                ("bic", p.bic),
                ("account", p.account),
            )
            if v
        }
        for p in payment.parties
    ]
    return {
        "id": payment.id,
        "date": payment.date,
        "type": "payment",
        "amount": payment.amount,
        "currency": payment.currency,
        "parties": parties,
        "remittance_info": payment.remittance_info,
    }


def linearity(screener: Screener, repeat: int) -> None:
    entities = load_default().entities
    started = time.perf_counter()
    scanner = TextScanner(entities)
    print(
        f"\nTextScanner over {len(entities):,} default-list entities ({scanner.size:,} names): "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    listed = next(e.name for e in entities if e.schema != "Person" and len(e.name.split()) > 1)
    print(f"Free-text scanning time against text length; one listed name ({listed!r}) in the middle")
    print(f"{'chars':>9}{'hits':>6}{'scan ms':>10}{'us/KB':>8}{'screen_free_text ms':>21}{'us/KB':>8}")
    for size in [1_000 * 4**k for k in range(6)]:
        half = remittance_text(size // 2)
        text = f"{half} {listed} {half}"
        hits = len(scanner.scan(text))
        scanner.scan(text)  # the words' tokens are cached from the second scan of a text on
        scan = median_time(lambda text=text: scanner.scan(text), repeat + 2)
        payment = Transaction(
            id="T", free_text=[FreeText(source="pacs.008 CdtTrfTxInf/RmtInf/Ustrd", text=text)]
        )
        full = median_time(lambda payment=payment: screen_free_text(payment, scanner, screener.goods), repeat)
        kilobytes = len(text) / 1000
        print(
            f"{len(text):>9,}{hits:>6}{scan * 1000:>10.2f}{scan * 1e6 / kilobytes:>8.0f}"
            f"{full * 1000:>21.2f}{full * 1e6 / kilobytes:>8.0f}"
        )


def remittance_text(size: int) -> str:
    words: list[str] = []
    length = 0
    number = 0
    while length < size:
        word = WORDS[number % len(WORDS)]
        words.append(word)
        length += len(word) + 1
        number += 1
    return " ".join(words)[:size]


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


if __name__ == "__main__":
    main()
