"""`dualuse goods` as a user runs it, through the console entry point `dualuse.cli.main`."""

import json
import sys
from pathlib import Path

import pytest

from dualuse.cli import main


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["dualuse", *args])
    monkeypatch.setenv("COLUMNS", "200")
    code = 0
    try:
        main()
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_table_output_names_the_inconsistency(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(monkeypatch, capsys, "goods", "FPGA XC7A100T-2FGG484I", "--hs", "8473.30")
    assert code == 0, err
    assert "LISTED" in out and "inconsistent HS code" in out
    assert "8542.39" in out


def test_json_output(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(monkeypatch, capsys, "goods", "Подшипник шариковый 6204", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["listed"] is True
    assert data["candidates"][0]["hs6"] == "848210" and data["candidates"][0]["chpl_tier"] == "3.B"


def test_bad_hs_code_exits_1_naming_the_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(monkeypatch, capsys, "goods", "FPGA", "--hs", "85X2")
    assert code == 1
    assert "85X2" in err and "hs_code" in err


def test_nothing_to_classify_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(monkeypatch, capsys, "goods")
    assert code == 1 and "DESCRIPTION" in err


def test_scan_mode_reads_free_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        monkeypatch, capsys, "goods", "INV 118 STM32F407 MCUs, HS 8542.31", "--scan", "--json"
    )
    assert code == 0, err
    assert [c["hs6"] for c in json.loads(out)] == ["854231"]


def test_broken_item_list_exits_1_with_file_and_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    annex = tmp_path / "annex.csv"
    annex.write_text("hs_code,tier\n8542,1\nABCD,2\n", encoding="utf-8")
    code, _, err = _run(monkeypatch, capsys, "goods", "FPGA", "--items", str(annex))
    assert code == 1
    assert "annex.csv:3" in err.replace("\n", "") and "hs_code" in err


def test_list_basis_in_brackets_survives_the_table(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(monkeypatch, capsys, "goods", "Spherical roller bearing 22220 E")
    assert code == 0, err
    assert "[chpl_overlap, confidence medium]" in out.replace("\n", " ")
