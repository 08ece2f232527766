"""Reference tables: shipped CHPL / EO 14114 / HS 2022, user item lists, and broken files."""

import json
import shutil
from pathlib import Path

import pytest

from dualuse.errors import ReferenceDataError
from dualuse.goods import GoodsClassifier, load_item_list, parse_item_list
from dualuse.goods.reference import DATA_DIR
from dualuse.goods.tables import load_nomenclature, parse_nomenclature, verify_manifest

HEADER = "hs_code,tier,category,description,source,basis,confidence\n"


def test_shipped_chpl_has_fifty_codes_in_six_tiers() -> None:
    chpl = load_item_list(DATA_DIR / "chpl.csv")
    tiers = [row.tier for row in chpl.rows]
    assert len({row.hs_code for row in chpl.rows}) == 50
    assert {t: tiers.count(t) for t in set(tiers)} == {
        "1": 4,
        "2": 5,
        "3.A": 16,
        "3.B": 9,
        "4.A": 11,
        "4.B": 5,
    }


def test_shipped_eo14114_marks_every_code_row_with_its_basis() -> None:
    eo = load_item_list(DATA_DIR / "eo14114.csv")
    assert len(eo.categories_without_codes) == 8  # the FAQ 1148 categories
    assert {row.basis for row in eo.rows} <= {"chpl_overlap", "brief_unverified", "hs_text_inferred"}
    assert all(row.confidence in ("medium", "low") for row in eo.rows)
    nitrocellulose = eo.covering("391220")
    assert [(r.category, r.basis) for r in nitrocellulose] == [("propellants_precursors", "brief_unverified")]


def test_shipped_nomenclature_has_every_hs2022_subheading() -> None:
    hs = load_nomenclature(DATA_DIR / "hs2022.csv")
    assert sum(1 for _ in hs.subheadings()) == 5613
    assert hs.text("854800").startswith("Electrical parts of machinery")


def test_shipped_tables_match_their_manifest() -> None:
    files = verify_manifest(DATA_DIR)
    assert set(files) == {"hs2022.csv", "chpl.csv", "eo14114.csv", "lexicon.yaml"}
    assert all(meta["source"] and meta["licence"] for meta in files.values())


def test_edited_table_without_manifest_update_is_refused(tmp_path: Path) -> None:
    shutil.copytree(DATA_DIR, tmp_path / "goods")
    with (tmp_path / "goods" / "chpl.csv").open("a", encoding="utf-8") as handle:
        handle.write("9999,1,x,x,x,x,high\n")
    with pytest.raises(ReferenceDataError) as raised:
        verify_manifest(tmp_path / "goods")
    assert raised.value.file and raised.value.file.endswith("chpl.csv")
    assert raised.value.field == "sha256"


def test_item_list_prefix_lookup_both_ways() -> None:
    items = parse_item_list(
        HEADER + "8542,1,ics,,,,\n848210,3.B,bearings,,,,\n85423100,,,,,,\n", list_id="t", file="t.csv"
    )
    assert [r.hs_code for r in items.covering("8542390000")] == ["8542"]
    assert [r.hs_code for r in items.inside("8482")] == ["848210"]
    assert [r.hs_code for r in items.inside("854231")] == ["85423100"]  # a national code inside an HS6
    assert items.covering("848220") == []


def test_chpl_style_header_with_hs6_column_is_accepted() -> None:
    items = parse_item_list(
        "hs6,tier,description,source\n854231,1,ICs,BIS\n", list_id="chpl", file="chpl.csv"
    )
    assert items.rows[0].hs_code == "854231" and items.rows[0].tier == "1"


@pytest.mark.parametrize(
    ("body", "line", "field", "complaint"),
    [
        ("85X2,1,a,b,c,d,high\n", 2, "hs_code", "characters other than digits"),
        ("854231,1,a,b,c,d,high\n8542,1,a,b,c,d,certain\n", 3, "confidence", "not one of"),
        ("854231,1,a,b,c,d,high\n,,,,,,\n", 3, "hs_code", "neither an HS code nor a category"),
        ("854231,1,a,b,c,d,high,extra\n", 2, None, "more values than header"),
    ],
)
def test_malformed_item_list_names_file_line_field(
    body: str, line: int, field: str | None, complaint: str
) -> None:
    with pytest.raises(ReferenceDataError) as raised:
        parse_item_list(HEADER + body, list_id="x", file="annex.csv")
    error = raised.value
    assert (error.file, error.line, error.field) == ("annex.csv", line, field)
    assert complaint in str(error)


def test_item_list_without_code_column_is_refused() -> None:
    with pytest.raises(ReferenceDataError) as raised:
        parse_item_list("code,tier\n8542,1\n", list_id="x", file="x.csv")
    assert raised.value.field == "hs6" and raised.value.line == 1


def test_malformed_nomenclature_names_file_line_field() -> None:
    text = "section,hscode,description,parent,level\nXVI,8542,ICs,85,4\nXVI,85423,Bad,8542,6\n"
    with pytest.raises(ReferenceDataError) as raised:
        parse_nomenclature(text, file="hs.csv")
    assert (raised.value.file, raised.value.line, raised.value.field) == ("hs.csv", 3, "hscode")


def test_unreadable_item_list_is_a_reference_error(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError):
        load_item_list(tmp_path / "missing.csv")


def test_manifest_that_is_not_json_is_located(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"files": [\n', encoding="utf-8")
    with pytest.raises(ReferenceDataError) as raised:
        verify_manifest(tmp_path)
    assert raised.value.line is not None


def test_further_item_list_is_loaded_beside_the_shipped_ones(tmp_path: Path) -> None:
    annex = tmp_path / "eu_annex_xxiii.csv"
    annex.write_text(
        HEADER + "84713000,,laptops,Portable ADP machines,EU Reg. 833/2014 Annex XXIII,official,high\n",
        "utf-8",
    )
    goods = GoodsClassifier.from_tables(annex)
    assessment = goods.classify("Laptop 15.6 inch", "8471.30.00")
    assert assessment.listed
    assert assessment.best is not None and assessment.best.item_lists == ["eu_annex_xxiii"]
    assert GoodsClassifier.default().classify("Laptop 15.6 inch", "8471.30.00").listed is False
    assert json.dumps(assessment.to_dict())  # serialisable for --json


def test_manifest_refresh_accepts_an_edited_table(tmp_path: Path) -> None:
    from dualuse.goods.manifest import refresh

    folder = tmp_path / "goods"
    shutil.copytree(DATA_DIR, folder)
    with (folder / "eo14114.csv").open("a", encoding="utf-8") as handle:
        handle.write("340319,,lubricants,Lubricating preparations,OFAC annex,official,high\n")
    files = refresh(folder)
    assert files["eo14114.csv"]["source"]  # provenance kept
    assert verify_manifest(folder)["eo14114.csv"]["sha256"] == files["eo14114.csv"]["sha256"]
    assert not list(folder.glob("*.tmp"))


def test_classifier_says_what_it_checks_against() -> None:
    assert GoodsClassifier.default().version == "HS 2022; lexicon 2026-11-28; item lists chpl, eo14114"
