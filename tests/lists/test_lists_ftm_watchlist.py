"""FollowTheMoney JSON lines and the custom watchlist of formats.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import ListFormatError
from dualuse.lists import entities_from_rows, read_watchlist
from dualuse.lists.ftm import parse_ftm

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lists"
FTM = FIXTURES / "ftm" / "entities.ftm.json"
WATCHLIST = FIXTURES / "watchlist" / "watchlist.jsonl"


def test_ftm_parties_keep_dataset_and_id_with_joined_address_and_sanction() -> None:
    report = parse_ftm(FTM)
    by_id = {e.id: e for e in report.entities}
    assert set(by_id) == {
        "sanctions:ofac-46633",
        "sanctions:ru-inn-7701234567",
        "sanctions:person-ivanov",
        "sanctions:vessel-1",
    }
    wuhan = by_id["sanctions:ofac-46633"]
    assert wuhan.schema == "Company" and wuhan.list_id == "sanctions"
    assert wuhan.aliases == ["Wuhan Global Sensor Tech"]
    assert [(i.kind, i.value) for i in wuhan.identifiers] == [("uscc", "914201000668186736")]
    assert wuhan.addresses[0].country == "CN"
    assert wuhan.programs == ["RUSSIA-EO14024"] and wuhan.listed_on == "2024-02-23"
    assert report.published == "2025-11-02"


def test_ftm_identifiers_names_and_weak_aliases() -> None:
    by_id = {e.id: e for e in parse_ftm(FTM).entities}
    company = by_id["sanctions:ru-inn-7701234567"]
    assert company.aliases == ["ООО Технопарк Восток"]
    assert {("inn", "7701234567"), ("ogrn", "1027700132195")} <= {
        (i.kind, i.value) for i in company.identifiers
    }
    assert company.countries == ["RU"]
    person = by_id["sanctions:person-ivanov"]
    assert person.weak_aliases == ["Vanya"] and person.nationalities == ["RU"]
    assert by_id["sanctions:vessel-1"].identifiers[0].kind == "imo"


def test_ftm_non_parties_and_nameless_parties_are_counted_skips() -> None:
    assert parse_ftm(FTM).skip_counts() == {"schema Ownership is not a party": 1, "Company without a name": 1}


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (b'{"id": "x", "schema": "Company", "properties": {"name": ["A"]}', "json"),
        (b'{"schema": "Company", "properties": {}}', "id"),
        (b'{"id": "x", "schema": "Company", "properties": []}', "properties"),
        (b'{"id": "x", "schema": "Company", "properties": {"name": ["\xff"]}}', "encoding"),
    ],
)
def test_ftm_broken_lines_are_errors_with_line_and_field(tmp_path: Path, line: bytes, field: str) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(FTM.read_bytes() + line + b"\n")
    with pytest.raises(ListFormatError) as error:
        parse_ftm(broken)
    assert (error.value.line, error.value.field) == (9, field)


def test_watchlist_rows_keep_their_ids_and_normalise_countries() -> None:
    entities = read_watchlist(WATCHLIST)
    assert [e.id for e in entities] == ["internal:42", "internal:43", "internal:44"]
    acme = entities[0]
    assert acme.list_id == "internal" and acme.schema == "Company"
    assert acme.name == "Acme Trading FZE" and acme.aliases == ["Acme Trading Free Zone Establishment"]
    assert acme.countries == ["AE"] and acme.remarks and "case 2024-17" in acme.remarks
    chip = entities[1]
    assert chip.countries == ["HK", "CN"]
    assert [(i.kind, i.value) for i in chip.identifiers] == [("uscc", "91440300MA5EXAMPLE")]
    assert chip.properties == {"story_id": ["media-7"]}
    assert entities[2].weak_aliases == ["Petya"]


def test_entities_from_rows_defaults_list_and_schema() -> None:
    [entity] = entities_from_rows([{"id": "42", "names": ["Acme Trading FZE"]}])
    assert (entity.id, entity.list_id, entity.schema) == ("42", "watchlist", "LegalEntity")


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"names": ["A"]}, "id"),
        ({"id": "a:1"}, "names"),
        ({"id": "a:1", "names": ["A"], "schema": "Ship"}, "schema"),
        ({"id": "a:1", "names": ["A"], "countries": ["Atlantis"]}, "countries"),
        ({"id": "a:1", "names": ["A"], "identifiers": "123"}, "identifiers"),
        ({"id": "a:1", "names": [1]}, "names"),
    ],
)
def test_bad_watchlist_rows_are_errors_naming_row_and_field(row: dict[str, object], field: str) -> None:
    with pytest.raises(ListFormatError) as error:
        entities_from_rows([{"id": "ok:1", "names": ["Fine"]}, row])
    assert (error.value.line, error.value.field) == (2, field)


def test_watchlist_file_with_bad_json_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "w.jsonl"
    broken.write_bytes(WATCHLIST.read_bytes() + b'{"id": "x", \n')
    with pytest.raises(ListFormatError) as error:
        read_watchlist(broken)
    assert (error.value.file, error.value.line, error.value.field) == ("w.jsonl", 4, "json")


def test_ftm_sanction_for_an_entity_not_in_the_file_is_a_counted_skip(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ftm.json"
    orphan = (
        b'{"id": "s-9", "schema": "Sanction", "properties": {"entity": ["elsewhere"], "program": ["X"]}}\n'
    )
    extra.write_bytes(FTM.read_bytes() + orphan)
    report = parse_ftm(extra)
    assert report.skip_counts()["Sanction for an entity not in the file"] == 1
    assert next(s for s in report.skipped if s.reason.startswith("Sanction")).line == 9
