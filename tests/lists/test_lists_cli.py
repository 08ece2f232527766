"""`dualuse lists info` and `dualuse lists update` through the real Typer app."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dualuse.cli import app
from dualuse.errors import ReferenceDataError
from dualuse.lists import load_paths
from dualuse.lists.manifest import Manifest
from dualuse.lists.registry import DEFAULT_LIST_IDS
from dualuse.lists.snapshot import write_snapshot

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lists"


@pytest.fixture(autouse=True)
def _private_user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUALUSE_DATA_DIR", str(tmp_path / "user-lists"))
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.delenv("DUALUSE_MAX_LIST_AGE_DAYS", raising=False)


def test_info_lists_every_default_list_and_warns_about_stale_ones() -> None:
    result = CliRunner().invoke(app, ["lists", "info"])
    assert result.exit_code == 0, result.output
    for list_id in ("us_ofac_sdn", "us_ofac_cons", "un_sc", "us_bis_dpl"):
        assert list_id in result.stdout
        assert f"WARNING: {list_id} is stale" in result.stderr
    assert "14,965" in result.stdout and "2024-05-03" in result.stdout
    assert "us_ofac_sdn skipped rows: " in result.stdout
    assert "4,893 address for an ent_num not in the list" in result.stdout


def test_max_age_from_option_and_environment_silences_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = CliRunner().invoke(app, ["lists", "info", "--max-age-days", "100000"])
    assert quiet.exit_code == 0 and "WARNING" not in quiet.stderr
    monkeypatch.setenv("DUALUSE_MAX_LIST_AGE_DAYS", "100000")
    assert "WARNING" not in CliRunner().invoke(app, ["lists", "info"]).stderr
    monkeypatch.setenv("DUALUSE_MAX_LIST_AGE_DAYS", "300")
    stderr = CliRunner().invoke(app, ["lists", "info"]).stderr
    assert "us_ofac_sdn is stale" in stderr and "limit 300 days" in stderr


def test_info_json_prints_the_manifest() -> None:
    result = CliRunner().invoke(app, ["lists", "info", "--json"])
    manifest = json.loads(result.stdout)
    assert [info["list_id"] for info in manifest["lists"]] == list(DEFAULT_LIST_IDS)
    assert all(len(f["sha256"]) == 64 for info in manifest["lists"] for f in info["files"])


def test_info_on_lists_given_with_global_options() -> None:
    result = CliRunner().invoke(
        app,
        [
            "--lists",
            str(FIXTURES / "bis" / "dpl.txt"),
            "--watchlist",
            str(FIXTURES / "watchlist" / "watchlist.jsonl"),
            "lists",
            "info",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "us_bis_dpl" in result.stdout and "internal" in result.stdout
    assert "internal is stale" not in result.stderr  # custom watchlists have no date to go stale


def test_update_writes_the_snapshot_where_asked(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    shutil.copytree(FIXTURES / "ofac" / "sdn", folder)
    small = load_paths([FIXTURES / "bis" / "dpl.txt"])  # a small snapshot to update, not the default
    write_snapshot(tmp_path / "snap", small.entities, Manifest(lists=small.manifest.lists))
    result = CliRunner().invoke(
        app, ["lists", "update", "--from", str(folder), "--to", str(tmp_path / "snap")]
    )
    assert result.exit_code == 0, result.output
    assert "snapshot written to" in result.stdout
    assert "us_bis_dpl" in result.stdout and "us_ofac_sdn" in result.stdout


def test_update_from_missing_folder_raises_a_located_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["lists", "update", "--from", str(tmp_path / "nope"), "--to", str(tmp_path)]
    )
    assert isinstance(result.exception, ReferenceDataError)
    assert result.exception.field == "--from"
