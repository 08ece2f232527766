"""`dualuse goods` as a user runs it: the console entry point in a real subprocess."""

import json
import subprocess
import sys
from pathlib import Path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from dualuse.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


def test_table_output_names_the_inconsistency() -> None:
    done = _run("goods", "FPGA XC7A100T-2FGG484I", "--hs", "8473.30")
    assert done.returncode == 0, done.stderr
    assert "LISTED" in done.stdout and "inconsistent HS code" in done.stdout
    assert "8542.39" in done.stdout


def test_json_output() -> None:
    done = _run("goods", "Подшипник шариковый 6204", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["listed"] is True
    assert data["candidates"][0]["hs6"] == "848210" and data["candidates"][0]["chpl_tier"] == "3.B"


def test_bad_hs_code_exits_1_naming_the_value() -> None:
    done = _run("goods", "FPGA", "--hs", "85X2")
    assert done.returncode == 1
    assert "85X2" in done.stderr and "hs_code" in done.stderr


def test_scan_mode_reads_free_text() -> None:
    done = _run("goods", "INV 118 STM32F407 MCUs, HS 8542.31", "--scan", "--json")
    assert done.returncode == 0, done.stderr
    assert [c["hs6"] for c in json.loads(done.stdout)] == ["854231"]


def test_broken_item_list_exits_1_with_file_and_line(tmp_path: Path) -> None:
    annex = tmp_path / "annex.csv"
    annex.write_text("hs_code,tier\n8542,1\nABCD,2\n", encoding="utf-8")
    done = _run("goods", "FPGA", "--items", str(annex))
    assert done.returncode == 1
    assert "annex.csv:3" in done.stderr and "hs_code" in done.stderr
