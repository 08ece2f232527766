"""End to end: `dualuse screen` on small files, in-process through Typer's runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dualuse.cli import app
from dualuse.errors import InputError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "screening"
LISTS = ["--lists", str(FIXTURES / "lists.jsonl")]
CLEAN = {"id": "C1", "parties": [{"role": "originator", "name": "Cascade Instruments Inc", "country": "US"}],
         "goods": [{"description": "Office chairs", "hs_code": "9401.30"}],
         "route": {"ship_from": "DE", "ship_to": "US", "final_destination": "US"}}  # fmt: skip
BLOCK = {"id": "B1", "parties": [{"role": "beneficiary", "name": "Wuhan Global Sensor Technology Co Ltd",
                                  "country": "China"}],
         "goods": [{"description": "FPGA XC7A100T-2FGG484I", "hs_code": "8542.39"}],
         "route": {"ship_from": "CN", "ship_to": "KG", "final_destination": "RU"}}  # fmt: skip
REVIEW = {"id": "R1", "goods": [{"description": "spare parts"}],
          "parties": [{"role": "end_user", "name": "AO Uralmash Service", "country": "RU"}],
          "route": {"ship_to": "AE"}}  # fmt: skip
runner = CliRunner()


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8"
    )
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_screen_writes_results_in_order_summary_and_report(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "day.jsonl", [CLEAN, BLOCK, REVIEW])
    out, report = tmp_path / "results.jsonl", tmp_path / "report.html"
    result = runner.invoke(
        app, [*LISTS, "screen", str(source), "--out", str(out), "--report", str(report), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    results = read_jsonl(out)
    assert [(r["transaction_id"], r["decision"]) for r in results] == [
        ("C1", "clear"),
        ("B1", "block"),
        ("R1", "review"),
    ]
    assert results[1]["reasons"][0]["entity_id"] == "us_ofac_sdn:46633"
    assert "Decision" in result.output and "block" in result.output and "Top rules" in result.output
    page = report.read_text(encoding="utf-8")
    assert page.count("<svg") >= 4 and "B1" in page and "party_sanctions_strong" in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_two_workers_give_the_same_results_in_input_order(tmp_path: Path) -> None:
    records = [
        dict(record, id=f"{record['id']}-{i}") for i in range(150) for record in (CLEAN, BLOCK, REVIEW)
    ]
    source = write_jsonl(tmp_path / "many.jsonl", records)
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        result = runner.invoke(app, [*LISTS, "screen", str(source), "--out", str(out), "--workers", workers])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert [r["transaction_id"] for r in map(json.loads, outputs[1].splitlines())] == [
        r["id"] for r in records
    ]


def test_bad_record_stops_the_run_and_writes_no_output(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "day.jsonl", [CLEAN, {"id": "X", "amount": "a lot"}, BLOCK])
    out = tmp_path / "results.jsonl"
    result = runner.invoke(app, [*LISTS, "screen", str(source), "--out", str(out), "--workers", "1"])
    assert isinstance(result.exception, InputError)
    assert (result.exception.line, result.exception.field) == (2, "amount")
    assert not out.exists() and list(tmp_path.iterdir()) == [source]


def test_skip_invalid_lists_every_rejected_line_and_keeps_every_good_one(tmp_path: Path) -> None:
    records = [CLEAN, "{not json", BLOCK, {"id": "Y", "route": {"ship_to": "Atlantis"}}, "", REVIEW]
    source = write_jsonl(tmp_path / "day.jsonl", records)
    out, rejects = tmp_path / "results.jsonl", tmp_path / "rejects.jsonl"
    args = [*LISTS, "screen", str(source), "--out", str(out), "--skip-invalid", "--rejects", str(rejects)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [r["transaction_id"] for r in read_jsonl(out)] == ["C1", "B1", "R1"]
    skipped = read_jsonl(rejects)
    assert [(r["line"], r["field"]) for r in skipped] == [(2, None), (4, "route.ship_to")]
    assert all(r["file"] == str(source) and r["error"] for r in skipped)


def test_rejects_needs_skip_invalid(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "day.jsonl", [CLEAN])
    result = runner.invoke(app, [*LISTS, "screen", str(source), "--rejects", str(tmp_path / "r.jsonl")])
    assert result.exit_code == 2


def test_csv_input_custom_rules_and_watchlist(tmp_path: Path) -> None:
    source = tmp_path / "day.csv"
    source.write_text(
        "id,beneficiary_name,beneficiary_country,goods_description,ship_to,final_destination\n"
        "K1,Polar Star Logistics FZE,AE,spare parts,AE,RU\n"
        "K2,Cascade Instruments Inc,US,office chairs,US,US\n",
        encoding="utf-8",
    )
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n  - id: only_watchlist\n    description: watchlist only\n    for_each: hit\n"
        "    when: \"hit.list_kind == 'watchlist'\"\n    score: 0.5\n    decision: review\n",
        encoding="utf-8",
    )
    out = tmp_path / "results.jsonl"
    args = [*LISTS, "screen", str(source), "--out", str(out), "--rules", str(rules),
            "--watchlist", str(FIXTURES / "watchlist.jsonl")]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    first, second = read_jsonl(out)
    assert [r["rule"] for r in first["reasons"]] == ["only_watchlist"]  # the default rules are replaced
    assert first["reasons"][0]["entity_id"] == "internal:42" and second["decision"] == "clear"


def test_results_go_to_stdout_without_out(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "day.jsonl", [BLOCK])
    result = runner.invoke(app, [*LISTS, "screen", str(source), "--workers", "1"])
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["decision"] == "block"


@pytest.mark.parametrize("rules_text", ["rules: [", "rules:\n  - id: x\n"])
def test_bad_rule_file_is_reported(tmp_path: Path, rules_text: str) -> None:
    source = write_jsonl(tmp_path / "day.jsonl", [CLEAN])
    rules = tmp_path / "rules.yaml"
    rules.write_text(rules_text, encoding="utf-8")
    result = runner.invoke(app, [*LISTS, "screen", str(source), "--rules", str(rules)])
    assert result.exit_code != 0 and "rules.yaml" in str(result.exception)
