"""Reading official list files as text with every failure located (file, line, field).

Used by the delimited parsers (OFAC legacy CSV, BIS DPL). The whole file is decoded strictly
first, so bad bytes are reported with their line instead of turning into replacement characters.
Format detection of renamed files reads only the start (`file_head`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from dualuse.errors import ListFormatError

EOF_MARKER = "\x1a"
"""OFAC files end with a Ctrl-Z line; it is not a row."""
SNIFF_BYTES = 4096
"""How much of a renamed file format detection reads."""


def file_head(path: Path, size: int = SNIFF_BYTES) -> str:
    """The first `size` bytes of a file as text, bad bytes replaced: for format detection."""
    with path.open("rb") as handle:
        return handle.read(size).decode("utf-8", errors="replace")


def decode_file(path: Path, encoding: str = "utf-8") -> str:
    """The file's text; undecodable bytes raise `ListFormatError` at their line."""
    data = path.read_bytes()
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ListFormatError(
            f"not valid {encoding} (byte {data[error.start]:#04x} at offset {error.start})",
            file=path.name,
            line=line,
            field="encoding",
        ) from error


def delimited_rows(path: Path, *, columns: int, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for every data row; a row with the wrong width is an error.

    Blank lines and the OFAC end-of-file marker are not rows. The line number is the row's
    first physical line, so that an analyst can open the file at the right place.
    """
    reader = csv.reader(io.StringIO(decode_file(path), newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for row in reader:
            if row and row != [EOF_MARKER] and any(value.strip() for value in row):
                if len(row) != columns:
                    raise ListFormatError(
                        f"expected {columns} columns, found {len(row)}",
                        file=path.name,
                        line=line,
                        field=f"column {min(len(row), columns) + 1}",
                    )
                yield line, row
            line = reader.line_num + 1
    except csv.Error as error:
        raise ListFormatError(f"malformed row: {error}", file=path.name, line=line, field="row") from error
