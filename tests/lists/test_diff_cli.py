"""`dualuse lists diff` through the real app, and format detection of the UK, CSL and EU files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dualuse.cli import app
from dualuse.lists import load_paths
from dualuse.lists.manifest import Manifest
from dualuse.lists.snapshot import write_snapshot
from dualuse.lists.uk import read_conlist

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lists"
UK_CSV = FIXTURES / "uk" / "conlist_cut.csv"


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")


def _newer_uk_list(tmp_path: Path) -> Path:
    """A later ConList: one target delisted (its rows removed), one address changed."""
    lines = UK_CSV.read_bytes().decode("utf-8").split("\r\n")
    kept = [line for line in lines if not line.endswith(",14042")]
    text = "\r\n".join(kept).replace("BUILDING 258/4", "BUILDING 260", 1)
    path = tmp_path / "ConList.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_diff_of_two_conlist_files_shows_the_removed_and_changed_targets(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["lists", "diff", str(UK_CSV), str(_newer_uk_list(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "gb_hmt" in result.stdout
    assert "removed gb_hmt:14042" in result.stdout
    assert "changed gb_hmt:16636" in result.stdout
    assert "+BUILDING 260, PROSPECT SUYINBAI, ALMATY, Kazakhstan [KZ]" in result.stdout


def test_diff_json_between_a_snapshot_and_official_files(tmp_path: Path) -> None:
    entities = read_conlist(UK_CSV).entities
    info = load_paths([UK_CSV]).manifest.lists
    write_snapshot(tmp_path / "old", entities, Manifest(lists=info))
    result = CliRunner().invoke(
        app, ["lists", "diff", str(tmp_path / "old"), str(_newer_uk_list(tmp_path)), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["removed"] == 1
    assert data["summary"]["changed"] == 1
    assert data["summary"]["unchanged"] == 9
    assert [c["field"] for c in data["changed"][0]["changes"]] == ["addresses"]


def test_identical_lists_say_nothing_changed() -> None:
    result = CliRunner().invoke(app, ["lists", "diff", str(UK_CSV), str(UK_CSV)])
    assert result.exit_code == 0
    assert "No entity added, removed or changed (11 unchanged)" in result.stdout


@pytest.mark.parametrize(
    ("path", "list_id", "entities"),
    [
        (FIXTURES / "uk" / "conlist_cut.xlsx", "gb_hmt", 11),
        (FIXTURES / "uk" / "conlist_cut.csv", "gb_hmt", 11),
        (FIXTURES / "eu" / "fsf_written.xml", "eu_fsf", 3),
        (FIXTURES / "eu" / "fsf_written.csv", "eu_fsf", 3),
    ],
)
def test_load_paths_detects_each_format_by_content(path: Path, list_id: str, entities: int) -> None:
    (info,) = load_paths([path]).manifest.lists
    assert (info.list_id, info.entities) == (list_id, entities)


@pytest.mark.parametrize(
    ("path", "entities"),
    [
        (FIXTURES / "csl" / "consolidated_2023-11_cut.csv", 23),
        (FIXTURES / "csl" / "consolidated_cut.json", 11),
    ],
)
def test_a_csl_file_is_detected_as_one_list_per_source_list(path: Path, entities: int) -> None:
    loaded = load_paths([path])
    counts = {info.list_id: info.entities for info in loaded.manifest.lists}
    assert "us_bis_entity_list" in counts and sum(counts.values()) == entities
    assert all(
        info.title.startswith("trade.gov Consolidated Screening List") for info in loaded.manifest.lists
    )


def test_update_prints_what_changed_in_the_snapshot_it_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUALUSE_DATA_DIR", str(tmp_path / "user-lists"))
    target = tmp_path / "snapshot"
    write_snapshot(target, read_conlist(UK_CSV).entities, Manifest(lists=load_paths([UK_CSV]).manifest.lists))
    origin = tmp_path / "official"
    origin.mkdir()
    _newer_uk_list(origin)
    result = CliRunner().invoke(app, ["lists", "update", "--from", str(origin), "--to", str(target)])
    assert result.exit_code == 0, result.output
    assert "What changed" in result.stdout
    assert "removed gb_hmt:14042" in result.stdout
    assert "changed gb_hmt:16636" in result.stdout
