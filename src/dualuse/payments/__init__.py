"""Payment messages: ISO 20022 (pacs.008, pacs.009 and its COV form, pain.001, pacs.002) and
SWIFT MT (MT103, MT202, MT202COV, MT199/299) read field by field into `Transaction`s.

    read_messages(path, format=None) -> Iterator[Transaction]
    parse_messages(text, *, file=None, format=None) -> list[Transaction]

`format` is one of `FORMATS` or None to detect it from the content (XML or SWIFT blocks).
Cover legs are joined into one payment and status reports linked to their original
(`cover.link`). Every party and free-text field names the message and field it came from.
Bad messages raise `InputError` naming the file, the line and the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from dualuse.errors import InputError
from dualuse.model import Transaction
from dualuse.payments.cover import link
from dualuse.payments.iso import parse_iso
from dualuse.payments.iso_reader import to_transactions
from dualuse.payments.mt import parse_mt
from dualuse.payments.mt_reader import to_transaction

# Format names of `dualuse screen --format`, with the ISO 20022 message each one reads.
ISO_FORMATS = {"pacs008": "pacs.008", "pacs009": "pacs.009", "pain001": "pain.001", "pacs002": "pacs.002"}
FORMATS = (*ISO_FORMATS, "mt")
# Files a folder is read from; other files (README, SOURCE.md) are left alone.
MESSAGE_SUFFIXES = (".xml", ".fin", ".rje", ".mt", ".mx", ".swift")

__all__ = ["FORMATS", "MESSAGE_SUFFIXES", "detect_format", "parse_messages", "read_messages"]


def read_messages(path: str | Path, format: str | None = None) -> Iterator[Transaction]:
    """Every payment in a message file or a folder of them (recursively, files in name order)."""
    _check_format(format)
    source = Path(path)
    files = (
        sorted(p for p in source.rglob("*") if p.suffix.lower() in MESSAGE_SUFFIXES)
        if source.is_dir()
        else [source]
    )
    return link(transaction for file in files for transaction in _read_file(file, format))


def parse_messages(
    text: str | bytes, *, file: str | None = None, format: str | None = None
) -> list[Transaction]:
    """The payments in one text (one message, or a batch), cover legs joined."""
    _check_format(format)
    data = text.encode("utf-8") if isinstance(text, str) else text
    return list(link(_transactions(data, file, format)))


def detect_format(data: bytes) -> str:
    """ "iso20022" for XML, "mt" for SWIFT blocks; InputError otherwise."""
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"<":
        return "iso20022"
    if start in (b"{", b"$"):
        return "mt"
    raise InputError(
        "neither ISO 20022 XML nor a SWIFT MT message (expected '<' or '{1:' at the start)",
        line=1,
        field="format",
    )


def _read_file(path: Path, format: str | None) -> Iterator[Transaction]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", file=str(path)) from None
    yield from _transactions(data, str(path), format)


def _transactions(data: bytes, file: str | None, format: str | None) -> Iterable[Transaction]:
    try:
        kind = detect_format(data)
    except InputError as error:
        raise InputError(error.message, file=file, line=error.line, field=error.field) from None
    if format is not None and (format == "mt") != (kind == "mt"):
        expected = "a SWIFT MT message" if format == "mt" else f"ISO 20022 {ISO_FORMATS[format]} XML"
        raise InputError(f"--format {format} expects {expected}", file=file, line=1, field="format")
    if kind == "mt":
        return _mt_transactions(data, file)
    return _iso_transactions(data, file, format)


def _mt_transactions(data: bytes, file: str | None) -> Iterator[Transaction]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # FIN is ASCII-based; Latin-1 keeps every byte of a legacy file readable.
        text = data.decode("latin-1")
    for message in parse_mt(text, file=file):
        yield to_transaction(message)


def _iso_transactions(data: bytes, file: str | None, format: str | None) -> Iterator[Transaction]:
    for message in parse_iso(data, file=file):
        if format is not None and message.message != ISO_FORMATS[format]:
            raise InputError(
                f"--format {format} expects {ISO_FORMATS[format]}, found {message.identifier}",
                file=file,
                line=message.line,
                field="Document/@xmlns",
            )
        yield from to_transactions(message)


def _check_format(format: str | None) -> None:
    if format is not None and format not in FORMATS:
        raise InputError(
            f"unknown message format {format!r} (choose from {', '.join(FORMATS)})", field="format"
        )
