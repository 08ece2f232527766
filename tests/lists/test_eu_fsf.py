"""EU FSF reader on written fixtures (XML and CSV), and its refusal of unknown structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import ListFormatError
from dualuse.lists.eu import looks_like_fsf, read_fsf
from dualuse.model import Entity

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lists" / "eu"
XML = FIXTURES / "fsf_written.xml"
CSV = FIXTURES / "fsf_written.csv"


def _entities(path: Path) -> dict[str, Entity]:
    return {entity.id: entity for entity in read_fsf(path).entities}


def test_xml_person_names_strength_and_language() -> None:
    person = _entities(XML)["eu_fsf:139876"]
    assert person.schema == "Person"
    assert person.name == "Ivan Petrovich Obraztsov"
    assert person.aliases == ["Иван Петрович Образцов"]
    assert person.weak_aliases == ["Vanya Obraztsov"]
    assert person.properties["name_language"] == ["Иван Петрович Образцов [RU]"]
    assert person.properties["eu_reference_number"] == ["EU.7469.51"]
    assert person.birth_dates == ["1961-05-21"]
    assert person.nationalities == ["RU"]
    assert person.programs == ["UKR"]
    assert person.listed_on == "2022-02-28"
    assert [(i.kind, i.value, i.country) for i in person.identifiers] == [("passport", "753012345", "RU")]


def test_xml_company_identifiers_become_inn_and_ogrn() -> None:
    company = _entities(XML)["eu_fsf:151002"]
    assert company.schema == "Company"
    assert {(i.kind, i.value) for i in company.identifiers} == {
        ("ogrn", "1021602845311"),
        ("inn", "1660007156"),
    }
    assert company.addresses[0].country == "RU"
    assert company.countries == ["RU"]


def test_year_only_birth_date_and_un_reference() -> None:
    person = _entities(XML)["eu_fsf:7380"]
    assert person.birth_dates == ["1965"]
    assert person.properties["un_ref"] == ["QDi.333"]
    assert read_fsf(XML).published == "2025-04-09"


def test_csv_reads_the_same_targets_as_xml() -> None:
    from_xml, from_csv = _entities(XML), _entities(CSV)
    assert from_csv.keys() == from_xml.keys()
    for entity_id, entity in from_csv.items():
        twin = from_xml[entity_id]
        assert entity.name == twin.name
        assert set(entity.aliases) == set(twin.aliases) | set(twin.weak_aliases)  # no `strong` in the CSV
        assert (entity.identifiers, entity.birth_dates, entity.addresses) == (
            twin.identifiers,
            twin.birth_dates,
            twin.addresses,
        )
    assert read_fsf(CSV).published == "2025-04-09"


def test_format_sniffing() -> None:
    assert looks_like_fsf(XML.read_text(encoding="utf-8")[:600])
    assert looks_like_fsf(CSV.read_text(encoding="utf-8")[:600])
    assert not looks_like_fsf("Last Updated,10/04/2025")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_xml_element_names_line_and_path(tmp_path: Path) -> None:
    text = XML.read_text(encoding="utf-8").replace(
        '<subjectType code="person" classificationCode="P"/>',
        '<subjectType code="person" classificationCode="P"/><sanctionStatus value="active"/>',
        1,
    )
    with pytest.raises(ListFormatError) as caught:
        read_fsf(_write(tmp_path, "export.xml", text))
    assert caught.value.file == "export.xml"
    assert caught.value.line == 9
    assert caught.value.field == "sanctionEntity[139876]/sanctionStatus"


def test_wrong_root_and_unknown_subject_type(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError) as caught:
        read_fsf(_write(tmp_path, "x.xml", '<?xml version="1.0"?><CONSOLIDATED_LIST/>'))
    assert caught.value.field == "CONSOLIDATED_LIST"
    text = XML.read_text(encoding="utf-8").replace('classificationCode="E"', 'classificationCode="Q"')
    with pytest.raises(ListFormatError) as caught:
        read_fsf(_write(tmp_path, "export.xml", text))
    assert (caught.value.line, caught.value.field) == (23, "subjectType/@classificationCode")


def test_bad_birth_date_names_the_element_line(tmp_path: Path) -> None:
    text = XML.read_text(encoding="utf-8").replace('birthdate="1961-05-21"', 'birthdate="21/05/1961"')
    with pytest.raises(ListFormatError) as caught:
        read_fsf(_write(tmp_path, "export.xml", text))
    assert (caught.value.line, caught.value.field) == (16, "birthdate/@birthdate")


def test_csv_missing_header_unknown_column_and_wrong_width(tmp_path: Path) -> None:
    lines = CSV.read_text(encoding="utf-8").split("\n")
    with pytest.raises(ListFormatError) as caught:
        read_fsf(_write(tmp_path, "fsf.csv", "\n".join(lines[1:])))
    assert caught.value.line == 1
    renamed = lines[0].replace("NameAlias_WholeName", "NameAlias_FullName")
    with pytest.raises(ListFormatError) as caught:
        read_fsf(_write(tmp_path, "fsf.csv", "\n".join([renamed, *lines[1:]])))
    assert (caught.value.line, caught.value.field) == (1, "NameAlias_FullName")
    with pytest.raises(ListFormatError) as caught:
        read_fsf(_write(tmp_path, "fsf.csv", "\n".join([lines[0], lines[1], "09/04/2025;139876;EU.7469.51"])))
    assert caught.value.line == 3
    assert "found 3" in caught.value.message


def test_csv_bad_generation_date(tmp_path: Path) -> None:
    lines = CSV.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace("09/04/2025", "2025/04/09", 1)
    with pytest.raises(ListFormatError) as caught:
        read_fsf(_write(tmp_path, "fsf.csv", "\n".join(lines)))
    assert (caught.value.line, caught.value.field) == (3, "fileGenerationDate")
