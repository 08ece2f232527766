"""`dualuse lists update` reads the snapshot it replaces once: for the diff it prints and for the
lists it carries over."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dualuse.cli import app
from dualuse.lists import load_paths, snapshot
from dualuse.lists.manifest import Manifest
from dualuse.lists.snapshot import write_snapshot
from dualuse.model import Entity

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lists"


def test_update_reads_the_replaced_snapshot_once_and_still_diffs_and_carries_it_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUALUSE_DATA_DIR", str(tmp_path / "user-lists"))
    monkeypatch.setenv("COLUMNS", "160")
    old = load_paths([FIXTURES / "bis" / "dpl.txt"])
    old_file = write_snapshot(tmp_path / "snap", old.entities, Manifest(lists=old.manifest.lists)).snapshot
    decoded: list[str] = []
    decode = snapshot.decode_entities

    def counting_decode(data: bytes, *, file: str) -> list[Entity]:
        decoded.append(Path(file).name)
        return decode(data, file=file)

    monkeypatch.setattr(snapshot, "decode_entities", counting_decode)
    folder = tmp_path / "new"
    shutil.copytree(FIXTURES / "ofac" / "sdn", folder)
    result = CliRunner().invoke(
        app, ["lists", "update", "--from", str(folder), "--to", str(tmp_path / "snap")]
    )
    assert result.exit_code == 0, result.output
    assert decoded.count(str(old_file)) == 1
    updated = load_paths([tmp_path / "snap"])
    assert {info.list_id for info in updated.manifest.lists} == {"us_bis_dpl", "us_ofac_sdn"}
    added = len(updated.entities) - len(old.entities)
    assert f"{added:,}" in result.stdout and "What changed" in result.stdout
