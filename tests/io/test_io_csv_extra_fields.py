"""A CSV row with more fields than the header is one bad record, located by file, line and
field: the rows after it are still read (so `--skip-invalid` skips that row alone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import InputError
from dualuse.io import decode, iter_records


def test_a_row_longer_than_the_header_is_one_located_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,amount\nT1,5\nT2,5,extra,more\nT3,6\n", encoding="utf-8")
    first, bad, last = iter_records(path)
    assert [decode(first).id, decode(last).id] == ["T1", "T3"]
    with pytest.raises(InputError) as caught:
        decode(bad)
    error = caught.value
    assert (error.file, error.line, error.field) == (str(path), 3, "column 3")
    assert "(2 more: 'extra', 'more')" in error.message
