"""Transactions in, results out: readers for JSONL, CSV, Parquet (and payment messages through
`dualuse.payments`), validation with located errors, and atomic writers."""

from __future__ import annotations

from dualuse.io.readers import FORMATS, SourceRecord, decode, detect_format, iter_records, read_transactions
from dualuse.io.records import flat_to_nested, parse_transaction
from dualuse.io.writers import atomic_file, atomic_text_writer

__all__ = [
    "FORMATS",
    "SourceRecord",
    "atomic_file",
    "atomic_text_writer",
    "decode",
    "detect_format",
    "flat_to_nested",
    "iter_records",
    "parse_transaction",
    "read_transactions",
]
