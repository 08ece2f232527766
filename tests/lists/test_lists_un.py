"""UN Security Council consolidated XML: fixture cut from the real file, and broken copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import ListFormatError
from dualuse.lists.un import parse_un

FIXTURE = Path(__file__).parents[1] / "fixtures" / "lists" / "un" / "consolidated.xml"


def test_individuals_and_entities_are_read_with_reference_ids() -> None:
    report = parse_un(FIXTURE)
    assert report.list_id == "un_sc"
    assert report.published == "2026-02-27"
    assert [e.id for e in report.entities] == [
        "un_sc:CDi.030",
        "un_sc:LYi.024",
        "un_sc:CDe.001",
        "un_sc:CDe.005",
    ]
    assert [e.schema for e in report.entities][:2] == ["Person", "Person"]
    assert all(e.schema in ("Organization", "Company") for e in report.entities[2:])


def test_alias_quality_good_is_strong_and_low_is_weak() -> None:
    taganda = parse_un(FIXTURE).entities[0]
    assert taganda.aliases == ["Bosco Ntaganda", "Bosco Ntagenda", "General Taganda"]
    assert "Terminator" in taganda.weak_aliases


def test_person_has_documents_birth_dates_nationality_and_listing_date() -> None:
    person = parse_un(FIXTURE).entities[1]
    assert [(i.kind, i.value) for i in person.identifiers] == [("passport", "782633"), ("passport", "540794")]
    assert person.birth_dates
    assert person.nationalities == ["LY"]
    assert person.listed_on and len(person.listed_on) == 10
    between = parse_un(FIXTURE).entities[0]
    assert between.birth_dates == ["1973", "1974"]  # BETWEEN: FROM_YEAR and TO_YEAR


def test_original_script_name_is_a_strong_alias() -> None:
    person = parse_un(FIXTURE).entities[1]
    assert person.aliases[0] == "مصعب مصطفى ابو القاسم عمر"


def test_unknown_element_is_an_error_with_line_and_path(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("<GENDER>", "<SHOE_SIZE>42</SHOE_SIZE><GENDER>", 1)
    broken = tmp_path / "consolidated.xml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ListFormatError) as error:
        parse_un(broken)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "SHOE_SIZE" in row)
    assert (error.value.file, error.value.line) == ("consolidated.xml", line)
    assert error.value.field == "CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL/SHOE_SIZE"


def test_truncated_xml_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "consolidated.xml"
    broken.write_bytes(FIXTURE.read_bytes()[:3000])
    with pytest.raises(ListFormatError) as error:
        parse_un(broken)
    assert error.value.field == "xml" and error.value.line


def test_bad_encoding_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "consolidated.xml"
    broken.write_bytes(FIXTURE.read_bytes().replace(b"<COMMENTS1>", b"<COMMENTS1>\xff\xfe", 1))
    with pytest.raises(ListFormatError) as error:
        parse_un(broken)
    assert error.value.field == "xml" and error.value.line


def test_wrong_root_element_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "other.xml"
    broken.write_text("<?xml version='1.0'?><SDN_LIST/>", encoding="utf-8")
    with pytest.raises(ListFormatError, match="expected <CONSOLIDATED_LIST>"):
        parse_un(broken)
