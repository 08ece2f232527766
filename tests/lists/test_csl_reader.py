"""trade.gov CSL reader: real CSV records (2023 and 2025), the JSON form, and broken input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dualuse.errors import ListFormatError
from dualuse.lists.csl import COLUMNS, identifier_kind, looks_like_csl, read_csl
from dualuse.model import Entity

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lists" / "csl"
CUT_2023 = FIXTURES / "consolidated_2023-11_cut.csv"
SAMPLE_2025 = FIXTURES / "consolidated_sample_2025-06.csv"
JSON_CUT = FIXTURES / "consolidated_cut.json"


@pytest.fixture(scope="module")
def entities() -> dict[str, Entity]:
    return {entity.id: entity for entity in read_csl(CUT_2023).entities}


def _named(entities: dict[str, Entity], name: str) -> Entity:
    return next(entity for entity in entities.values() if entity.name.strip() == name)


def test_every_record_becomes_one_entity_under_its_own_source_list(entities: dict[str, Entity]) -> None:
    assert len(entities) == 23
    assert {entity.list_id for entity in entities.values()} == {
        "us_bis_entity_list",
        "us_bis_unverified",
        "us_bis_meu",
        "us_csl_dpl",
        "us_csl_sdn",
        "us_state_isn",
        "us_state_debarred",
        "us_ofac_ssi",
        "us_ofac_fse",
        "us_ofac_plc",
        "us_ofac_capta",
        "us_ofac_ns_mbs",
        "us_ofac_cmic",
    }


def test_the_2025_sample_reads_too() -> None:
    report = read_csl(SAMPLE_2025)
    assert len(report.entities) == 13
    assert report.skipped == []


def test_entity_list_record_keeps_licence_terms_and_all_addresses(entities: dict[str, Entity]) -> None:
    beihang = _named(entities, "Beijing University of Aeronautics and Astronautics (BUAA)")
    assert beihang.list_id == "us_bis_entity_list"
    assert len(beihang.addresses) > 1
    assert all(address.country == "CN" for address in beihang.addresses)
    assert beihang.properties["license_requirement"][0].startswith("For all items subject to the EAR")
    assert beihang.properties["license_policy"]
    assert beihang.properties["federal_register_notice"]
    assert beihang.listed_on is not None and len(beihang.listed_on) == 10


def test_ssi_bank_aliases_and_russian_registry_numbers(entities: dict[str, Entity]) -> None:
    vtb = entities["us_ofac_ssi:17013"]
    assert vtb.schema == "Company"
    assert "VNESHTORGBANK" in vtb.aliases
    typed = {(i.kind, i.value) for i in vtb.identifiers}
    assert {("ogrn", "1027739609391"), ("inn", "7702070139"), ("bic", "VTBRRUMM")} <= typed
    assert "RU" in vtb.countries
    assert vtb.properties["website"] == ["www.vtb.com", "www.vtb.ru"]


def test_cmic_uscc_and_sdn_written_birth_dates(entities: dict[str, Entity]) -> None:
    cmic = [e for e in entities.values() if e.list_id == "us_ofac_cmic"]
    assert any(i.kind == "uscc" for entity in cmic for i in entity.identifiers)
    naway = _named(entities, "NAWAY, Haji Ali")
    assert naway.list_id == "us_csl_sdn"
    assert naway.birth_dates == ["1945", "1950"]
    assert _named(entities, "SULAIMAN, Mohammed Ibrahim").birth_dates == ["1946-08"]


def test_json_form_gives_the_same_entities_as_csv(entities: dict[str, Entity]) -> None:
    from_json = read_csl(JSON_CUT).entities
    assert len(from_json) == 11
    for entity in from_json:
        twin = entities[entity.id]
        assert (entity.name, entity.aliases, entity.programs, entity.listed_on) == (
            twin.name,
            twin.aliases,
            twin.programs,
            twin.listed_on,
        )
        assert [a.country for a in entity.addresses] == [a.country for a in twin.addresses]
        assert {(i.kind, i.value) for i in entity.identifiers} == {
            (i.kind, i.value) for i in twin.identifiers
        }


@pytest.mark.parametrize(
    ("label", "number", "country", "kind"),
    [
        ("Tax ID No.", "7702070139", "RU", "inn"),
        ("Tax ID No.", "12345", "TR", "tax_id"),
        ("Registration ID", "1027739609391", "RU", "ogrn"),
        ("Vessel Registration Identification", "IMO 7406784", "", "imo"),
        ("Cedula No.", "6067015", "CO", "national_id"),
        ("Electoral Registry No.", "07385114", "AF", "electoral_registry_no"),
    ],
)
def test_id_labels_map_to_the_project_identifier_kinds(
    label: str, number: str, country: str, kind: str
) -> None:
    assert identifier_kind(label, number, country) == kind


def test_format_sniffing() -> None:
    assert looks_like_csl(CUT_2023.read_text(encoding="utf-8")[:500])
    assert looks_like_csl(JSON_CUT.read_text(encoding="utf-8")[:4000])
    assert not looks_like_csl("Last Updated,10/04/2025\n")


def _lines() -> list[str]:
    return CUT_2023.read_text(encoding="utf-8").split("\n")


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "consolidated.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_missing_header_names_line_one(tmp_path: Path) -> None:
    path = _write(tmp_path, _lines()[1:])
    with pytest.raises(ListFormatError) as caught:
        read_csl(path)
    assert (caught.value.file, caught.value.line, caught.value.field) == (str(path), 1, "_id")


def test_wrong_column_count_names_the_line(tmp_path: Path) -> None:
    lines = _lines()
    lines[3] = '"x","Entity List (EL) - Bureau of Industry and Security","name"'
    with pytest.raises(ListFormatError) as caught:
        read_csl(_write(tmp_path, lines))
    assert caught.value.line == 4
    assert f"expected {len(COLUMNS)} columns, found 3" in caught.value.message


def test_bad_start_date_names_line_and_field(tmp_path: Path) -> None:
    lines = _lines()
    lines[1] = lines[1].replace('"2020-12-23"', '"23/12/2020"')
    with pytest.raises(ListFormatError) as caught:
        read_csl(_write(tmp_path, lines))
    assert (caught.value.line, caught.value.field) == (2, "start_date")


def test_unknown_source_list_is_refused(tmp_path: Path) -> None:
    lines = _lines()
    lines[1] = lines[1].replace("Military End User (MEU) List", "Brand New (BNL) List")
    with pytest.raises(ListFormatError) as caught:
        read_csl(_write(tmp_path, lines))
    assert (caught.value.line, caught.value.field) == (2, "source")


def test_json_unknown_field_and_bad_date_name_the_record(tmp_path: Path) -> None:
    document = json.loads(JSON_CUT.read_text(encoding="utf-8"))
    document["results"][2]["surprise"] = "x"
    path = tmp_path / "consolidated.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ListFormatError) as caught:
        read_csl(path)
    assert caught.value.field == "results[2]"
    del document["results"][2]["surprise"]
    document["results"][0]["start_date"] = "2020-23-12"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ListFormatError) as caught:
        read_csl(path)
    assert caught.value.field == "results[0].start_date"
