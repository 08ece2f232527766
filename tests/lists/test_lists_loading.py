"""Loading lists: format detection, snapshots, the embedded default set and its counts."""

from __future__ import annotations

import csv
import gzip
import hashlib
import shutil
from pathlib import Path

import pytest

from dualuse.errors import ListFormatError
from dualuse.lists import ListSet, load_default, load_paths
from dualuse.lists.loading import package_lists_dir
from dualuse.lists.manifest import Manifest
from dualuse.lists.snapshot import decode_entities, read_snapshot, write_snapshot

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lists"
OFFICIAL = package_lists_dir() / "official"
MY_DEFAULTS = ("us_ofac_sdn", "us_ofac_cons", "un_sc", "us_bis_dpl")
"""The lists this module's parsers read; other lists of the default set have their own tests."""


@pytest.fixture(autouse=True)
def _private_user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUALUSE_DATA_DIR", str(tmp_path / "user-lists"))


def _official_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "official"
    shutil.copytree(FIXTURES / "ofac" / "sdn", folder)
    for name in ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"):
        shutil.copy(FIXTURES / "ofac" / "cons" / name, folder / name)
    shutil.copy(FIXTURES / "un" / "consolidated.xml", folder / "un-list-renamed.xml")
    shutil.copy(FIXTURES / "bis" / "dpl.txt", folder / "dpl.txt")
    return folder


def test_folder_of_official_files_is_detected_list_by_list(tmp_path: Path) -> None:
    listset = load_paths([_official_folder(tmp_path)])
    assert [info.list_id for info in listset.manifest.lists] == [
        "us_ofac_sdn",
        "us_ofac_cons",
        "un_sc",
        "us_bis_dpl",
    ]
    assert [info.entities for info in listset.manifest.lists] == [11, 4, 4, 5]
    assert len(listset.entities) == 24
    assert (
        listset.version == "us_ofac_sdn@undated+us_ofac_cons@undated+un_sc@2026-02-27+us_bis_dpl@2022-09-01"
    )
    sdn = listset.manifest.lists[0]
    assert [f.name for f in sdn.files] == ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"]
    assert sdn.skipped == 6 and sdn.published_basis == "unknown"


def test_published_json_supplies_dates_the_files_do_not_carry(tmp_path: Path) -> None:
    folder = _official_folder(tmp_path)
    (folder / "published.json").write_text(
        '{"us_ofac_sdn": "2024-05-03", "un_sc": "1999-01-01"}', encoding="utf-8"
    )
    lists = {info.list_id: info for info in load_paths([folder]).manifest.lists}
    assert (lists["us_ofac_sdn"].published, lists["us_ofac_sdn"].published_basis) == (
        "2024-05-03",
        "supplied",
    )
    assert (lists["un_sc"].published, lists["un_sc"].published_basis) == ("2026-02-27", "content")


def test_single_files_ftm_and_watchlists_load_together() -> None:
    listset = load_paths(
        [
            FIXTURES / "bis" / "dpl.txt",
            FIXTURES / "ftm" / "entities.ftm.json",
            FIXTURES / "watchlist" / "watchlist.jsonl",
        ]
    )
    assert [info.list_id for info in listset.manifest.lists] == ["us_bis_dpl", "sanctions", "internal"]
    assert [info.official for info in listset.manifest.lists] == [True, True, False]


def test_same_list_twice_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="given twice"):
        load_paths([FIXTURES / "bis" / "dpl.txt", FIXTURES / "bis" / "dpl.txt"])


def test_unknown_file_and_missing_path_are_errors(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    with pytest.raises(ListFormatError, match="not a list file"):
        load_paths([other])
    with pytest.raises(ListFormatError, match="no such file"):
        load_paths([tmp_path / "missing"])


def test_snapshot_round_trip_keeps_every_field(tmp_path: Path) -> None:
    original = load_paths([_official_folder(tmp_path)])
    write_snapshot(tmp_path / "snap", original.entities, Manifest(lists=original.manifest.lists))
    manifest, entities = read_snapshot(tmp_path / "snap")
    assert entities == original.entities
    assert manifest.version == original.version
    assert load_paths([tmp_path / "snap"]).entities == original.entities


def test_corrupt_snapshot_fails_on_checksum(tmp_path: Path) -> None:
    original = load_paths([FIXTURES / "bis" / "dpl.txt"])
    manifest = write_snapshot(tmp_path, original.entities, Manifest(lists=original.manifest.lists))
    assert manifest.snapshot
    (tmp_path / manifest.snapshot).write_bytes(gzip.compress(b'{"id": "x"}\n'))
    with pytest.raises(ListFormatError, match="checksum"):
        read_snapshot(tmp_path)


def _data_rows(path: Path, delimiter: str = ",") -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter=delimiter) if row and row != ["\x1a"]]


@pytest.fixture(scope="module")
def default_set(tmp_path_factory: pytest.TempPathFactory) -> ListSet:
    """The embedded default set, loaded once for the tests that read it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DUALUSE_DATA_DIR", str(tmp_path_factory.mktemp("no-user-lists")))
        return load_default()


def test_default_entity_counts_equal_the_official_files(default_set: ListSet) -> None:
    listset = default_set
    counts = {info.list_id: info.entities for info in listset.manifest.lists if info.list_id in MY_DEFAULTS}
    un_text = (OFFICIAL / "consolidated.xml").read_text(encoding="utf-8")
    dpl = _data_rows(OFFICIAL / "dpl.txt", "\t")[1:]
    assert counts == {
        "us_ofac_sdn": len(_data_rows(OFFICIAL / "sdn.csv")),
        "us_ofac_cons": len(_data_rows(OFFICIAL / "cons_prim.csv")),
        "un_sc": un_text.count("<INDIVIDUAL>") + un_text.count("<ENTITY>"),
        "us_bis_dpl": len({(row[0].upper(), row[6]) for row in dpl}),  # one entity per denial order
    }
    for list_id, count in counts.items():
        assert sum(1 for e in listset.entities if e.list_id == list_id) == count


def test_default_manifest_checksums_match_the_shipped_official_files(default_set: ListSet) -> None:
    for info in default_set.manifest.lists:
        assert info.files
        for file in info.files:
            assert hashlib.sha256((OFFICIAL / file.name).read_bytes()).hexdigest() == file.sha256


def test_default_set_contains_wuhan_global_sensor(default_set: ListSet) -> None:
    wuhan = next(e for e in default_set.entities if e.id == "us_ofac_sdn:46633")
    assert wuhan.name == "WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD."


def test_a_newer_user_snapshot_is_picked_up_by_load_default(tmp_path: Path) -> None:
    small = load_paths([FIXTURES / "bis" / "dpl.txt"])
    write_snapshot(tmp_path / "user-lists", small.entities, Manifest(lists=small.manifest.lists))
    assert [info.list_id for info in load_default().manifest.lists] == ["us_bis_dpl"]


def test_snapshot_entry_of_the_wrong_shape_is_an_error_with_its_line(tmp_path: Path) -> None:
    original = load_paths([FIXTURES / "bis" / "dpl.txt"])
    manifest = write_snapshot(tmp_path, original.entities, Manifest(lists=original.manifest.lists))
    assert manifest.snapshot
    path = tmp_path / manifest.snapshot
    lines = gzip.decompress(path.read_bytes()).splitlines()
    lines[2] = b'{"id": "x", "list_id": "y", "schema": "Company", "name": 42}'
    with pytest.raises(ListFormatError) as error:
        decode_entities(gzip.compress(b"\n".join(lines)), file=path.name)
    assert (error.value.line, error.value.field) == (3, "entity")


def test_every_entity_of_mixed_datasets_survives_a_snapshot_round_trip(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.ftm.json"
    mixed.write_text(
        '{"id": "a", "schema": "Company", "properties": {"name": ["Alpha LLC"]}, "datasets": ["ds_one"]}\n'
        '{"id": "b", "schema": "Person", "properties": {"name": ["Bravo"]}, "datasets": ["ds_two"]}\n',
        encoding="utf-8",
    )
    watchlist = tmp_path / "w.jsonl"
    watchlist.write_text(
        '{"id": "bank:1", "names": ["C"]}\n{"id": "media:2", "names": ["D"]}\n', encoding="utf-8"
    )
    loaded = load_paths([mixed, watchlist])
    assert [info.list_id for info in loaded.manifest.lists] == ["ds_one", "ds_two", "bank", "media"]
    write_snapshot(tmp_path / "snap", loaded.entities, Manifest(lists=loaded.manifest.lists))
    assert load_paths([tmp_path / "snap"]).entities == loaded.entities


def test_every_source_list_of_a_csl_file_survives_a_snapshot_round_trip(tmp_path: Path) -> None:
    # One CSL file carries the Entity List, the SDN rows, the DPL and more: each is its own list.
    loaded = load_paths([FIXTURES / "csl" / "consolidated_2023-11_cut.csv"])
    list_ids = [info.list_id for info in loaded.manifest.lists]
    assert len(list_ids) > 1 and "us_bis_entity_list" in list_ids
    assert {entity.list_id for entity in loaded.entities} == set(list_ids)
    write_snapshot(tmp_path / "snap", loaded.entities, Manifest(lists=loaded.manifest.lists))
    assert load_paths([tmp_path / "snap"]).entities == loaded.entities


def test_snapshot_entity_of_a_list_the_manifest_does_not_name_is_an_error(tmp_path: Path) -> None:
    loaded = load_paths([_official_folder(tmp_path)])
    lists = [info for info in loaded.manifest.lists if info.list_id != "un_sc"]
    write_snapshot(tmp_path / "snap", loaded.entities, Manifest(lists=lists))
    with pytest.raises(ListFormatError, match="un_sc"):
        load_paths([tmp_path / "snap"])
