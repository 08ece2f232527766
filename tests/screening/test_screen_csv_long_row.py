"""`dualuse screen --skip-invalid` on CSV: a row with more fields than the header is skipped
and listed like any other bad record; the rows after it are still screened."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dualuse.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "screening"


def test_skip_invalid_skips_a_long_csv_row_alone(tmp_path: Path) -> None:
    source = tmp_path / "day.csv"
    source.write_text("id,amount\nC1,5\nX,5,surplus\nC2,6\n", encoding="utf-8")
    out, rejects = tmp_path / "results.jsonl", tmp_path / "rejects.jsonl"
    args = ["--lists", str(FIXTURES / "lists.jsonl"), "screen", str(source), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--skip-invalid", "--rejects", str(rejects), "--workers", "1"])
    assert result.exit_code == 0, result.output
    screened = [json.loads(line)["transaction_id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert screened == ["C1", "C2"]
    (rejected,) = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert (rejected["file"], rejected["line"], rejected["field"]) == (str(source), 3, "column 3")
