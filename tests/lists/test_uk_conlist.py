"""OFSI ConList (CSV and XLSX): real rows cut from the 2025-04-10 list, and broken copies."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dualuse.errors import ListFormatError
from dualuse.lists.uk import HEADER, company_numbers, looks_like_conlist, read_conlist
from dualuse.model import Entity, Identifier

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lists" / "uk"
CSV_CUT = FIXTURES / "conlist_cut.csv"
XLSX_CUT = FIXTURES / "conlist_cut.xlsx"


def _by_id(entities: list[Entity]) -> dict[str, Entity]:
    return {entity.id: entity for entity in entities}


def _group_ids(path: Path) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[2:]
    return {row[-1] for row in rows}


@pytest.fixture(scope="module")
def csv_entities() -> dict[str, Entity]:
    return _by_id(read_conlist(CSV_CUT).entities)


def test_one_entity_per_group_id() -> None:
    report = read_conlist(CSV_CUT)
    assert len(report.entities) == len(_group_ids(CSV_CUT)) == 11
    assert report.published == "2025-04-10"
    assert report.skipped == []


def test_xlsx_reads_the_same_targets_as_csv(csv_entities: dict[str, Entity]) -> None:
    from_xlsx = _by_id(read_conlist(XLSX_CUT).entities)
    assert from_xlsx.keys() == csv_entities.keys()
    for entity_id, entity in from_xlsx.items():
        expected = csv_entities[entity_id]
        assert (entity.name, entity.aliases, entity.birth_dates) == (
            expected.name,
            expected.aliases,
            expected.birth_dates,
        )


def test_person_name_order_cyrillic_alias_and_uk_reference(csv_entities: dict[str, Entity]) -> None:
    zadachin = csv_entities["gb_hmt:15890"]
    assert zadachin.list_id == "gb_hmt"
    assert zadachin.schema == "Person"
    assert zadachin.name == "Andrey Andreevich ZADACHIN"
    assert "Andrei Andreevich ZADACHIN" in zadachin.aliases
    assert "ЗАДАЧИН Андрей Андреевич" in zadachin.aliases
    assert zadachin.properties["non_latin_name"] == ["ЗАДАЧИН Андрей Андреевич [Cyrillic, Russian]"]
    assert zadachin.properties["uk_sanctions_list_ref"] == ["RUS1831"]
    assert zadachin.properties["statement_of_reasons"][0].startswith(
        "Major Andrei ZADACHIN is an involved person"
    )
    assert zadachin.birth_dates == ["1990-08-22"]
    assert zadachin.nationalities == ["RU"]
    assert zadachin.programs == ["Russia"]
    assert zadachin.listed_on == "2023-04-21"


def test_low_quality_aliases_are_weak_and_documents_are_identifiers(csv_entities: dict[str, Entity]) -> None:
    abdul_aziz = csv_entities["gb_hmt:13302"]
    assert abdul_aziz.weak_aliases, "OFSI 'Low quality' AKAs must be weak aliases"
    assert not set(abdul_aziz.weak_aliases) & set(abdul_aziz.aliases)
    assert Identifier(kind="passport", value="622641887") in [
        Identifier(kind=i.kind, value=i.value) for i in abdul_aziz.identifiers
    ]
    assert "8304661431" in [i.value for i in abdul_aziz.identifiers if i.kind == "national_id"]
    assert {"IQ", "SY"} <= set(abdul_aziz.countries)


def test_partial_birth_date_and_arabic_script(csv_entities: dict[str, Entity]) -> None:
    baradar = csv_entities["gb_hmt:7060"]
    assert "1968" in baradar.birth_dates
    assert "Arabic" in baradar.properties["script"]


def test_entity_name_registry_numbers_and_chinese_script(csv_entities: dict[str, Entity]) -> None:
    zapchast = csv_entities["gb_hmt:16636"]
    assert zapchast.schema == "Company"
    assert zapchast.properties["uk_sanctions_list_ref"] == ["RUS2305"]
    assert zapchast.addresses[0].country == "KZ"
    chinese = csv_entities["gb_hmt:16643"]
    assert "Chinese" in chinese.properties["script"]
    kinds = {i.kind for i in csv_entities["gb_hmt:16767"].identifiers}
    assert {"inn", "ogrn"} <= kinds


def test_ship_has_imo_and_numbered_nationalities_resolve(csv_entities: dict[str, Entity]) -> None:
    ship = csv_entities["gb_hmt:13660"]
    assert ship.schema == "Vessel"
    assert [i.kind for i in ship.identifiers] == ["imo"]
    assert len(csv_entities["gb_hmt:14212"].nationalities) >= 2


def test_fka_names_kept_as_aliases_and_former_names(csv_entities: dict[str, Entity]) -> None:
    fka = csv_entities["gb_hmt:11270"]
    assert fka.properties["former_names"]
    assert set(fka.properties["former_names"]) <= set(fka.all_names())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian TIN: 7718763393", [Identifier("inn", "7718763393")]),
        (
            "(1) OGRN: 1077757840522 (2) TIN: 7729579004",
            [Identifier("ogrn", "1077757840522"), Identifier("inn", "7729579004")],
        ),
        ("Belarusian tax number: 400085002", [Identifier("tax_id", "400085002")]),
        ("(1) Kazakhstan BIN - 170440031562", [Identifier("registration", "170440031562")]),
    ],
)
def test_business_registration_numbers_are_typed_by_their_label(
    text: str, expected: list[Identifier]
) -> None:
    assert company_numbers(text) == expected


def test_format_sniffing() -> None:
    assert looks_like_conlist(CSV_CUT.read_text(encoding="utf-8")[:2000])
    assert not looks_like_conlist("_id,source,entity_number\n")


def _broken_copy(tmp_path: Path, edit_line: int, replacement: str | None) -> Path:
    lines = CSV_CUT.read_bytes().decode("utf-8").split("\r\n")
    if replacement is None:
        del lines[edit_line - 1]
    else:
        lines[edit_line - 1] = replacement
    path = tmp_path / "ConList.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    return path


def test_missing_header_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, 2, None)
    with pytest.raises(ListFormatError) as caught:
        read_conlist(path)
    assert (caught.value.file, caught.value.line, caught.value.field) == (str(path), 2, "Name 6")
    assert "UK Sanctions List format" in caught.value.message


def test_unknown_header_from_the_new_uk_sanctions_list_is_refused(tmp_path: Path) -> None:
    renamed = ",".join(("Unique ID", *HEADER[1:]))
    with pytest.raises(ListFormatError) as caught:
        read_conlist(_broken_copy(tmp_path, 2, renamed))
    assert caught.value.line == 2
    assert caught.value.field == "Name 6"


def test_missing_last_updated_line(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError) as caught:
        read_conlist(_broken_copy(tmp_path, 1, None))
    assert (caught.value.line, caught.value.field) == (1, "Last Updated")


def test_wrong_column_count_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError) as caught:
        read_conlist(_broken_copy(tmp_path, 3, "ZADACHIN,Andrei,Andreevich"))
    assert caught.value.line == 3
    assert "expected 36 columns, found 3" in caught.value.message


def test_bad_date_names_line_and_field(tmp_path: Path) -> None:
    original = CSV_CUT.read_bytes().decode("utf-8").split("\r\n")[2]
    broken = original.replace("22/08/1990", "31/13/1990", 1)
    with pytest.raises(ListFormatError) as caught:
        read_conlist(_broken_copy(tmp_path, 3, broken))
    assert (caught.value.line, caught.value.field) == (3, "DOB")


def test_row_without_group_id_is_reported_not_dropped(tmp_path: Path) -> None:
    original = CSV_CUT.read_bytes().decode("utf-8").split("\r\n")[2]
    report = read_conlist(_broken_copy(tmp_path, 3, original.rsplit(",", 1)[0] + ","))
    assert [(skip.line, skip.reason) for skip in report.skipped] == [(3, "row without Group ID")]


def test_address_in_an_occupied_region_is_marked(tmp_path: Path) -> None:
    lines = CSV_CUT.read_bytes().decode("utf-8").split("\r\n")
    lines = [line.replace(",ALMATY,,Kazakhstan,", ",Crimea,,Ukraine,") for line in lines]
    path = tmp_path / "ConList.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    zapchast = _by_id(read_conlist(path).entities)["gb_hmt:16636"]
    assert zapchast.properties["regions"] == ["UA-43"]
    assert zapchast.addresses[0].country == "UA"


def test_xlsx_with_the_new_format_header_or_not_a_workbook_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Last Updated", "10/04/2025"])
    sheet.append(["Unique ID", "OFSI Group ID", "Name 6"])
    path = tmp_path / "UK_Sanctions_List.xlsx"
    workbook.save(path)
    with pytest.raises(ListFormatError) as caught:
        read_conlist(path)
    assert (caught.value.line, caught.value.field) == (2, "Name 6")
    path.write_bytes(b"not a zip")
    with pytest.raises(ListFormatError) as caught:
        read_conlist(path)
    assert caught.value.file == str(path)
