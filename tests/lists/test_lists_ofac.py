"""OFAC legacy CSV: the SDN and consolidated fixtures cut from the real files, and broken copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dualuse.errors import ListFormatError
from dualuse.lists.ofac import parse_ofac_consolidated, parse_ofac_sdn
from dualuse.lists.ofac_remarks import EO14114, SECONDARY_SANCTIONS, parse_remarks
from dualuse.model import Entity, Identifier

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lists" / "ofac"


@pytest.fixture(scope="module")
def sdn() -> dict[str, Entity]:
    return {entity.id: entity for entity in parse_ofac_sdn(FIXTURES / "sdn").entities}


def test_every_sdn_row_becomes_one_entity(sdn: dict[str, Entity]) -> None:
    assert len(sdn) == 11
    assert all(entity.list_id == "us_ofac_sdn" for entity in sdn.values())


def test_wuhan_global_sensor_has_uscc_address_and_eo14114_flag(sdn: dict[str, Entity]) -> None:
    wuhan = sdn["us_ofac_sdn:46633"]
    assert wuhan.name == "WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD."
    assert wuhan.schema == "Company"
    assert wuhan.programs == ["RUSSIA-EO14024"]
    assert Identifier(kind="uscc", value="914201000668186736", country="CN") in wuhan.identifiers
    assert wuhan.countries == ["CN"]
    assert wuhan.addresses[0].full.endswith("Wuhan, Hubei, China")
    assert SECONDARY_SANCTIONS in wuhan.flags and EO14114 in wuhan.flags
    assert wuhan.properties["established"] == ["2013-04-28"]


def test_remarks_akas_are_weak_and_alt_csv_akas_strong(sdn: dict[str, Entity]) -> None:
    cuba = sdn["us_ofac_sdn:306"]
    assert cuba.weak_aliases == ["BNC"]
    assert "NATIONAL BANK OF CUBA" in cuba.aliases
    assert set(cuba.countries) == {"CH", "ES", "JP", "PA"}  # from its add.csv addresses


def test_fka_in_remarks_is_recorded_as_former_name(sdn: dict[str, Entity]) -> None:
    ebano = sdn["us_ofac_sdn:4243"]
    assert ebano.properties["former_names"]
    assert set(ebano.properties["former_names"]) <= set(ebano.weak_aliases + ebano.aliases)


def test_person_gets_birth_date_nationality_and_passport(sdn: dict[str, Entity]) -> None:
    person = sdn["us_ofac_sdn:13088"]
    assert person.schema == "Person"
    assert person.birth_dates and all(len(d) in (4, 7, 10) for d in person.birth_dates)
    assert person.nationalities == ["RU"]
    assert any(i.kind == "passport" for i in person.identifiers)


def test_vessel_and_aircraft_schema_and_identifiers(sdn: dict[str, Entity]) -> None:
    vessel, aircraft = sdn["us_ofac_sdn:15036"], sdn["us_ofac_sdn:15431"]
    assert vessel.schema == "Vessel"
    assert {"imo", "mmsi"} <= {i.kind for i in vessel.identifiers}
    assert "vessel_type" in vessel.properties or "flag" in vessel.properties
    assert aircraft.schema == "Airplane"
    assert any(i.kind == "aircraft_msn" for i in aircraft.identifiers)


def test_linked_to_resolves_to_the_listed_target(sdn: dict[str, Entity]) -> None:
    relation = next(r for r in sdn["us_ofac_sdn:15436"].relations if r.target_name == "MAHAN AIR")
    assert relation.kind == "linked_to"
    assert relation.target_id == "us_ofac_sdn:12927"


def test_crimea_address_maps_to_ukraine_with_region(sdn: dict[str, Entity]) -> None:
    resort = sdn["us_ofac_sdn:18961"]
    assert "UA" in resort.countries
    assert resort.properties["regions"] == ["UA-43"]


def test_remarks_overflow_is_joined_before_parsing(sdn: dict[str, Entity]) -> None:
    sberbank = sdn["us_ofac_sdn:17018"]
    assert "SBERBANK INDIA" in sberbank.weak_aliases  # only in sdn_comments.csv
    assert Identifier(kind="inn", value="7707083893", country="RU") in sberbank.identifiers
    assert Identifier(kind="ogrn", value="1027700132195", country="RU") in sberbank.identifiers


def test_bank_bic_and_russian_tax_id_become_bic_and_inn(sdn: dict[str, Entity]) -> None:
    kinds = {i.kind for i in sdn["us_ofac_sdn:16681"].identifiers}
    assert {"bic", "inn"} <= kinds


def test_rows_for_unknown_ent_nums_are_counted_skips() -> None:
    report = parse_ofac_sdn(FIXTURES / "sdn")
    assert report.skip_counts() == {
        "address for an ent_num not in the list": 3,
        "alias for an ent_num not in the list": 2,
        "remarks overflow for an ent_num not in the list": 1,
    }
    assert all(
        skip.line and skip.file in {"add.csv", "alt.csv", "sdn_comments.csv"} for skip in report.skipped
    )


def test_consolidated_list_uses_the_same_reader() -> None:
    report = parse_ofac_consolidated(FIXTURES / "cons")
    assert report.list_id == "us_ofac_cons"
    assert len(report.entities) == 4
    assert all(e.id.startswith("us_ofac_cons:") for e in report.entities)
    haniya = next(e for e in report.entities if e.id == "us_ofac_cons:9639")
    assert haniya.schema == "Person" and haniya.birth_dates == ["1962"]


def test_parse_remarks_reads_dob_ranges_and_citizenship() -> None:
    facts = parse_remarks("DOB 1960 to 1962; alt. DOB circa 1955; citizen Mexico; Gender Male.")
    assert facts.birth_dates == ["1960", "1962", "1955"]
    assert facts.nationalities == ["MX"]
    assert facts.properties["gender"] == ["Male"]


def _broken_copy(tmp_path: Path, name: str, content: bytes) -> Path:
    folder = tmp_path / "sdn"
    shutil.copytree(FIXTURES / "sdn", folder)
    (folder / name).write_bytes(content)
    return folder


def test_truncated_row_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    data = (FIXTURES / "sdn" / "sdn.csv").read_bytes()
    truncated = data[: data.index(b"\r\n", 2000)] + b'\r\n12345,"CUT OFF NAME",-0- \r\n'
    with pytest.raises(ListFormatError) as error:
        parse_ofac_sdn(_broken_copy(tmp_path, "sdn.csv", truncated))
    assert error.value.file == "sdn.csv"
    assert error.value.line == truncated.count(b"\r\n")
    assert "expected 12 columns, found 3" in str(error.value)


def test_unclosed_quote_at_end_of_file_is_an_error(tmp_path: Path) -> None:
    data = (FIXTURES / "sdn" / "alt.csv").read_bytes().rstrip(b"\x1a") + b'99,1,"aka","NEVER CLOSED'
    with pytest.raises(ListFormatError) as error:
        parse_ofac_sdn(_broken_copy(tmp_path, "alt.csv", data))
    assert error.value.file == "alt.csv" and error.value.field == "row"


def test_bad_encoding_is_an_error_with_its_line(tmp_path: Path) -> None:
    data = (FIXTURES / "sdn" / "add.csv").read_bytes()
    lines = data.split(b"\r\n")
    lines[4] = lines[4].replace(b"China", b"Chin\xe4", 1) if b"China" in lines[4] else lines[4] + b"\xff"
    with pytest.raises(ListFormatError) as error:
        parse_ofac_sdn(_broken_copy(tmp_path, "add.csv", b"\r\n".join(lines)))
    assert (error.value.file, error.value.line, error.value.field) == ("add.csv", 5, "encoding")


def test_non_numeric_ent_num_is_an_error(tmp_path: Path) -> None:
    data = b'abc,1,"aka","X",-0- \r\n' + (FIXTURES / "sdn" / "alt.csv").read_bytes()
    with pytest.raises(ListFormatError) as error:
        parse_ofac_sdn(_broken_copy(tmp_path, "alt.csv", data))
    assert (error.value.line, error.value.field) == (1, "ent_num")


def test_missing_primary_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="primary file not found"):
        parse_ofac_sdn(tmp_path)


def test_identifier_labels_with_their_own_parentheses_and_sub_national_suffixes() -> None:
    facts = parse_remarks(
        "Economic Register Number (CBLS) 11582964 (United Arab Emirates); "
        "Registration Number 22839 (Jalisco); "
        "Russian State Individual Business Registration Number Pattern (OGRNIP) 315183100004295 (Russia)."
    )
    assert [(i.kind, i.value, i.country) for i in facts.identifiers] == [
        ("registration", "11582964", "AE"),
        ("registration", "22839", None),
        ("ogrn", "315183100004295", "RU"),
    ]


def test_remarks_overflow_keeps_the_space_at_the_cut(tmp_path: Path) -> None:
    folder = tmp_path / "cut"
    folder.mkdir()
    row = '1,"ACME LTD",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'ACME\'; alt. Digital"'
    (folder / "sdn.csv").write_bytes(row.encode() + b"\r\n\x1a")
    (folder / "sdn_comments.csv").write_bytes(b'1," Currency Address - XBT 1Kuf2Rd8m."\r\n\x1a')
    [entity] = parse_ofac_sdn(folder).entities
    assert entity.remarks == "a.k.a. 'ACME'; alt. Digital Currency Address - XBT 1Kuf2Rd8m."
    assert [(i.kind, i.value) for i in entity.identifiers] == [("digital_currency_address_xbt", "1Kuf2Rd8m")]
