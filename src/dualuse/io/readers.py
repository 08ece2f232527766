"""Stream transactions out of files: JSON Lines, CSV, Parquet, and payment messages.

Reading is split in two so that the expensive half can run in worker processes:
`iter_records` streams cheap, undecoded `SourceRecord`s (a JSONL line, a CSV row, a Parquet row)
with their location; `decode` validates one into a `Transaction` or raises a located `InputError`.
`read_transactions` chains both for callers that want plain transactions. Nothing is read whole:
a file larger than memory streams through in constant space.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dualuse.errors import InputError
from dualuse.io.records import flat_to_nested, parse_transaction
from dualuse.model import Transaction

TABLE_FORMATS = ("jsonl", "csv", "parquet")
MESSAGE_FORMATS = ("pacs008", "pacs009", "pain001", "pacs002", "mt", "iso20022")
FORMATS = TABLE_FORMATS + MESSAGE_FORMATS
_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_PARQUET_BATCH_ROWS = 4096
# A row with any of these columns is in the nested layout; otherwise it is the flat CSV layout.
_NESTED_KEYS = frozenset({"parties", "goods", "route"})


@dataclass(slots=True)
class SourceRecord:
    """One undecoded record and where it was read: `payload` is a JSONL line (bytes), a CSV or
    Parquet row (dict, flat or nested), or a `Transaction` already built by a message parser."""

    file: str
    line: int
    payload: bytes | dict[str, Any] | Transaction


def read_transactions(path: str | Path, format: str | None = None) -> Iterator[Transaction]:
    """Validated transactions from `path`, in file order; the first bad record raises `InputError`."""
    for record in iter_records(path, format):
        yield decode(record)


def decode(record: SourceRecord) -> Transaction:
    """Validate one record into a `Transaction`; raise `InputError` naming file, line and field."""
    payload = record.payload
    if isinstance(payload, Transaction):
        return payload
    if isinstance(payload, bytes):
        payload = _json_line(payload, record)
    elif None in payload:
        raise _extra_fields(payload, record)
    elif _NESTED_KEYS.isdisjoint(payload):
        payload = flat_to_nested(payload)
    return parse_transaction(payload, file=record.file, line=record.line)


def _extra_fields(row: dict[str, Any], record: SourceRecord) -> InputError:
    """A CSV row longer than its header: `csv.DictReader` keeps the surplus values under the
    key None. One bad record, like a bad JSON line, so `--skip-invalid` skips it alone."""
    extra = row[None]  # type: ignore[index]  # DictReader's restkey, which its typing omits
    first_extra_column = len(row)  # the header's columns, then the first value without one
    return InputError(
        f"row has more fields than the header ({len(extra)} more: {', '.join(map(repr, extra))})",
        file=record.file,
        line=record.line,
        field=f"column {first_extra_column}",
    )


def _json_line(raw: bytes, record: SourceRecord) -> Any:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise InputError(
            f"not UTF-8 text at byte {error.start}", file=record.file, line=record.line
        ) from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"invalid JSON at column {error.colno}: {error.msg}", file=record.file, line=record.line
        ) from None


def detect_format(path: Path) -> str:
    """The input format from the extension, else from the first bytes of the file."""
    by_extension = _EXTENSIONS.get(path.suffix.lower())
    if by_extension:
        return by_extension
    with path.open("rb") as handle:
        head = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "iso20022"
    if head.startswith((b"{1:", b":20:", b"{2:")):
        return "mt"
    if head.startswith(b"{"):
        return "jsonl"
    raise InputError("cannot tell the input format; pass --format", file=str(path), line=None)


def iter_records(path: str | Path, format: str | None = None) -> Iterator[SourceRecord]:
    """Undecoded records from `path` in file order (see the module docstring)."""
    source = Path(path)
    if source.is_dir():
        # A folder of payment messages: the message reader walks it.
        return _message_records(source, _message_format(format))
    if not source.is_file():
        raise InputError("no such input file", file=str(source))
    chosen = (format or detect_format(source)).lower().replace(".", "").replace("_", "")
    if chosen == "jsonl":
        return _jsonl_records(source)
    if chosen == "csv":
        return _csv_records(source)
    if chosen == "parquet":
        return _parquet_records(source)
    if chosen in MESSAGE_FORMATS:
        return _message_records(source, _message_format(chosen))
    raise InputError(f"unknown input format {format!r}; use one of {', '.join(FORMATS)}", file=str(source))


def _message_format(format: str | None) -> str | None:
    """The payments reader's format name; None lets it detect ISO 20022 vs MT from content."""
    if format is None:
        return None
    chosen = format.lower().replace(".", "").replace("_", "")
    return None if chosen == "iso20022" else chosen


def _jsonl_records(path: Path) -> Iterator[SourceRecord]:
    # Lines stay bytes until `decode`, so that one line that is not UTF-8 is one bad record.
    name = str(path)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield SourceRecord(name, number, raw)


def _csv_records(path: Path) -> Iterator[SourceRecord]:
    name = str(path)
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames
        if not header or "id" not in [h.strip() for h in header]:
            raise InputError("CSV header row has no 'id' column", file=name, line=1, field="id")
        try:
            for row in reader:
                yield SourceRecord(name, reader.line_num, dict(row))  # a row too long: see decode
        except csv.Error as error:
            raise InputError(f"malformed CSV: {error}", file=name, line=reader.line_num) from None


def _parquet_records(path: Path) -> Iterator[SourceRecord]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = str(path)
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise InputError(f"not a readable Parquet file: {error}", file=name) from None
    if "id" not in parquet.schema_arrow.names:
        raise InputError("Parquet file has no 'id' column", file=name, field="id")
    row = 0
    for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH_ROWS):
        for values in batch.to_pylist():
            row += 1
            yield SourceRecord(name, row, values)


def _message_records(path: Path, format: str | None) -> Iterator[SourceRecord]:
    # Imported here: the payment-message parsers are only needed for message input.
    from dualuse.payments import read_messages

    name = str(path)
    for number, transaction in enumerate(read_messages(path, format), start=1):
        yield SourceRecord(name, number, transaction)
