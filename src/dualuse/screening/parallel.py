"""Screen a stream of records on several cores, results in input order, memory bounded.

The screener (lists, name index, goods tables, rules) is built once in the parent and the
workers are forked from it, so each worker has the index without rebuilding or unpickling it.
Records travel in chunks, undecoded (a JSONL line is cheaper to send than a parsed object), and
are validated in the workers; at most `workers * IN_FLIGHT_PER_WORKER` chunks are pending at any
time, so a file of any size streams through in constant memory. Chunks come back in submission
order, so results keep the input order.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

from dualuse.errors import InputError
from dualuse.io.readers import SourceRecord, decode
from dualuse.screening.screener import Screener

CHUNK_SIZE = 1000
IN_FLIGHT_PER_WORKER = 4

_WORKER_SCREENER: Screener | None = None


@dataclass(slots=True)
class Outcome:
    """What became of one input record: its result as a JSON line (formats.md) with the
    decision, or the reason it was rejected. Results travel as text: serialised in the worker,
    written as they are by the parent, which then only parses the flagged ones for its summary."""

    file: str
    line: int
    decision: str | None = None
    text: str | None = None
    error: InputError | None = None


def screen_records(
    screener: Screener, records: Iterable[SourceRecord], *, workers: int = 1
) -> Iterator[Outcome]:
    """One `Outcome` per record, in input order; `workers` > 1 uses forked processes."""
    if workers <= 1:
        for record in records:
            yield _screen_one(screener, record)
        return
    yield from _screen_parallel(screener, records, workers)


def _screen_one(screener: Screener, record: SourceRecord) -> Outcome:
    try:
        transaction = decode(record)
    except InputError as error:
        return Outcome(record.file, record.line, error=error)
    result = screener.screen(transaction)
    text = json.dumps(result.to_dict(), ensure_ascii=False)
    return Outcome(record.file, record.line, decision=result.decision, text=text)


def _screen_chunk(chunk: list[SourceRecord]) -> list[Outcome]:
    if _WORKER_SCREENER is None:  # pragma: no cover - only reachable if fork did not happen
        raise RuntimeError("worker started without a screener")
    return [_screen_one(_WORKER_SCREENER, record) for record in chunk]


def _screen_parallel(screener: Screener, records: Iterable[SourceRecord], workers: int) -> Iterator[Outcome]:
    global _WORKER_SCREENER
    screener.warm_up()
    _WORKER_SCREENER = screener  # inherited by the forked workers
    # Objects that exist now are never collected in the workers: the collector then does not
    # write to (and so copy) the pages of the shared name index.
    gc.freeze()
    context = multiprocessing.get_context("fork")
    source = iter(records)
    pending: deque[Future[list[Outcome]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        try:
            while True:
                while len(pending) < workers * IN_FLIGHT_PER_WORKER:
                    chunk = list(islice(source, CHUNK_SIZE))
                    if not chunk:
                        break
                    pending.append(pool.submit(_screen_chunk, chunk))
                if not pending:
                    return
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            _WORKER_SCREENER = None
            gc.unfreeze()
