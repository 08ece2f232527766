"""BIS Denied Persons List: fixture cut from the real dpl.txt, and broken copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import ListFormatError
from dualuse.lists.bis_dpl import parse_bis_dpl

FIXTURE = Path(__file__).parents[1] / "fixtures" / "lists" / "bis" / "dpl.txt"


def test_rows_of_one_order_become_one_entity_with_all_addresses() -> None:
    report = parse_bis_dpl(FIXTURE)
    names = [e.name for e in report.entities]
    assert names == [
        "AARON ABRAHAM VILLA",
        "ABDULAH AL NASSER",
        "ADVANCED TECH SOLUTIONS",
        "AL NASER AIRLINES",
        "KNOKKE-HEIST SUPPORT CORPORATION MANAGEMENT",
    ]
    airline = report.entities[3]
    assert len(airline.addresses) == 4
    assert airline.listed_on == "2022-05-13"
    assert airline.programs == ["BIS-DPL"]


def test_ids_are_stable_hashes_of_name_and_effective_date() -> None:
    first, second = parse_bis_dpl(FIXTURE), parse_bis_dpl(FIXTURE)
    assert [e.id for e in first.entities] == [e.id for e in second.entities]
    assert all(
        e.id.startswith("us_bis_dpl:") and len(e.id) == len("us_bis_dpl:") + 12 for e in first.entities
    )


def test_us_state_without_country_is_a_us_address_and_schema_follows_legal_form() -> None:
    report = parse_bis_dpl(FIXTURE)
    villa = report.entities[0]
    assert villa.countries == ["US"] and villa.schema == "LegalEntity"
    assert report.entities[4].schema == "Company"


def test_published_is_newest_plausible_last_update_ignoring_typos() -> None:
    assert parse_bis_dpl(FIXTURE).published == "2022-09-01"  # the file also has 2922-09-01


def test_wrong_column_count_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "dpl.txt"
    broken.write_text(FIXTURE.read_text(encoding="utf-8") + '"ONLY"\t"TWO"\n', encoding="utf-8")
    with pytest.raises(ListFormatError) as error:
        parse_bis_dpl(broken)
    assert (error.value.file, error.value.line) == ("dpl.txt", 13)


def test_bad_encoding_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "dpl.txt"
    broken.write_bytes(FIXTURE.read_bytes().replace(b"EL PASO", b"EL P\xc1SO"))
    with pytest.raises(ListFormatError) as error:
        parse_bis_dpl(broken)
    assert (error.value.line, error.value.field) == (2, "encoding")


def test_wrong_header_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "dpl.txt"
    broken.write_text(FIXTURE.read_text(encoding="utf-8").replace('"Name"', '"Nom"', 1), encoding="utf-8")
    with pytest.raises(ListFormatError) as error:
        parse_bis_dpl(broken)
    assert (error.value.line, error.value.field) == (1, "header")


def test_row_without_name_is_a_counted_skip(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    row = "\t".join(['""'] + ['"x"'] * 11)
    broken = tmp_path / "dpl.txt"
    broken.write_text(text + row + "\n", encoding="utf-8")
    report = parse_bis_dpl(broken)
    assert report.skip_counts() == {"row without a name": 1}
    assert report.skipped[0].line == 13


def test_file_cut_in_the_middle_of_a_row_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "dpl.txt"
    data = FIXTURE.read_bytes()
    broken.write_bytes(data[: data.rindex(b"\t") - 5])
    with pytest.raises(ListFormatError) as error:
        parse_bis_dpl(broken)
    assert error.value.file == "dpl.txt" and error.value.line == 12
