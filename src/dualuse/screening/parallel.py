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
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from dualuse.errors import InputError
from dualuse.io.readers import SourceRecord, decode
from dualuse.screening.screener import CACHE_SIZE, PartyKey, Screener

CHUNK_SIZE = 1000
KEYS_PER_TASK = 100
IN_FLIGHT_PER_WORKER = 4

_WORKER_SCREENER: Screener | None = None
_In = TypeVar("_In")
_Out = TypeVar("_Out")


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


def screen_file(
    screener: Screener, open_records: Callable[[], Iterable[SourceRecord]], *, workers: int = 1
) -> Iterator[Outcome]:
    """Like `screen_records`, for input that can be read twice (a file). With several workers,
    a first pass finds the file's distinct party look-ups and shares them out among the workers,
    so each distinct name is matched once in all, not once per worker that meets it; the second
    pass screens with every look-up already cached."""
    if workers > 1:
        _prime(screener, open_records(), workers)
    yield from screen_records(screener, open_records(), workers=workers)


def _prime(screener: Screener, records: Iterable[SourceRecord], workers: int) -> None:
    global _WORKER_SCREENER
    screener.warm_up()
    _WORKER_SCREENER = screener
    keys: dict[PartyKey, None] = {}
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for found in _bounded_map(pool, _keys_of_chunk, _chunks(records, CHUNK_SIZE), workers):
                keys.update(dict.fromkeys(found))
                if len(keys) >= CACHE_SIZE:
                    break
            for matched in _bounded_map(pool, _match_keys, _chunks(keys, KEYS_PER_TASK), workers):
                screener.prime_party_hits(matched)
    finally:
        _WORKER_SCREENER = None


def _keys_of_chunk(chunk: list[SourceRecord]) -> list[PartyKey]:
    screener = _worker()
    found: list[PartyKey] = []
    for record in chunk:
        try:
            found += screener.party_keys(decode(record))
        except InputError:
            continue  # reported with its location by the screening pass
    return found


def _match_keys(keys: list[PartyKey]) -> list[tuple[PartyKey, list[dict[str, Any]]]]:
    screener = _worker()
    return [(key, screener.match_party_key(key)) for key in keys]


def _bounded_map(
    pool: ProcessPoolExecutor, function: Callable[[_In], _Out], items: Iterator[_In], workers: int
) -> Iterator[_Out]:
    """`function` over `items` in the pool, results in order, with at most
    `workers * IN_FLIGHT_PER_WORKER` tasks pending (Executor.map would read every item first)."""
    pending: deque[Future[_Out]] = deque()
    try:
        while True:
            while len(pending) < workers * IN_FLIGHT_PER_WORKER and (item := next(items, None)) is not None:
                pending.append(pool.submit(function, item))
            if not pending:
                return
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def _chunks(items: Iterable[_In], size: int) -> Iterator[list[_In]]:
    """`items` in lists of `size` (the last one shorter), read lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _worker() -> Screener:
    if _WORKER_SCREENER is None:  # pragma: no cover - only reachable if fork did not happen
        raise RuntimeError("worker started without a screener")
    return _WORKER_SCREENER


def _screen_one(screener: Screener, record: SourceRecord) -> Outcome:
    try:
        transaction = decode(record)
    except InputError as error:
        return Outcome(record.file, record.line, error=error)
    result = screener.screen(transaction)
    text = json.dumps(result.to_dict(), ensure_ascii=False)
    return Outcome(record.file, record.line, decision=result.decision, text=text)


def _screen_chunk(chunk: list[SourceRecord]) -> list[Outcome]:
    screener = _worker()
    return [_screen_one(screener, record) for record in chunk]


def _screen_parallel(screener: Screener, records: Iterable[SourceRecord], workers: int) -> Iterator[Outcome]:
    global _WORKER_SCREENER
    screener.warm_up()
    _WORKER_SCREENER = screener  # inherited by the forked workers
    # Objects that exist now are never collected in the workers: the collector then does not
    # write to (and so copy) the pages of the shared name index.
    gc.freeze()
    chunks = _chunks(records, CHUNK_SIZE)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        try:
            for outcomes in _bounded_map(pool, _screen_chunk, chunks, workers):
                yield from outcomes
        finally:
            _WORKER_SCREENER = None
            gc.unfreeze()
