"""From articles to organisations with evidence, list matches and watchlist rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dualuse.countries import to_iso2
from dualuse.goods import GoodsClassifier
from dualuse.lists import read_watchlist
from dualuse.media.articles import build_article
from dualuse.media.pipeline import MediaOptions, ingest, organisation_key
from dualuse.media.reader import read_articles, write_jsonl_atomic
from dualuse.media.roles import mention_role
from dualuse.media.types import MediaReport, Organisation
from dualuse.media.watchlist import watchlist_rows
from dualuse.model import Entity
from dualuse.names import NameMatcher

FIXTURES = Path(__file__).parent.parent / "fixtures" / "media" / "articles"
SUPPLIERS = {
    "OOO Tekhnopark Vostok",
    "Shenzhen Bright Chip Co., Ltd.",
    "Sky Lotus Trading Limited",
    "Altyn Logistics LLC",
    "Anatolia Precision Makina A.S.",
    "JSC Uralsky Zavod Tochnogo Mashinostroeniya",
}


def _listed_entities() -> list[Entity]:
    return [
        Entity(
            id="test_sdn:1",
            list_id="test_sdn",
            schema="Company",
            name="SHENZHEN BRIGHT CHIP ELECTRONICS TECHNOLOGY CO., LTD.",
            aliases=["BRIGHT CHIP SHENZHEN"],
            countries=["CN"],
        ),
        Entity(
            id="test_sdn:2",
            list_id="test_sdn",
            schema="Company",
            name="ALTYN LOGISTICS LLC",
            countries=["KG"],
        ),
        Entity(id="test_sdn:3", list_id="test_sdn", schema="Person", name="JENSEN, Maria"),
    ]


@pytest.fixture(scope="module")
def report() -> MediaReport:
    """The fixture folder, ingested once with the goods classifier and a small list."""
    options = MediaOptions(
        matcher=NameMatcher(_listed_entities()), goods=GoodsClassifier.default(), resolve_country=to_iso2
    )
    return ingest(read_articles([FIXTURES]), options)


def _organisation(report: MediaReport, name: str) -> Organisation:
    return next(o for o in report.organisations if name in o.names)


def test_every_named_supplier_is_extracted_with_its_sentence(report: MediaReport) -> None:
    suppliers = {o.name for o in report.organisations if o.supplies_russia}
    assert suppliers == SUPPLIERS
    for organisation in report.organisations:
        for item in organisation.evidence:
            assert any(name in item.sentence for name in organisation.names)


def test_evidence_counts_stories_not_copies(report: MediaReport) -> None:
    altyn = _organisation(report, "Altyn Logistics LLC")
    assert len({m.provenance.article for m in altyn.mentions}) == 4
    assert altyn.story_count == 1 and len(altyn.evidence) == 1


def test_evidence_offsets_point_into_the_article_text(report: MediaReport) -> None:
    texts = {a.id: a.text for a in report.articles}
    for organisation in report.organisations:
        for mention in organisation.mentions:
            where = mention.provenance
            assert texts[where.article][where.start : where.end] == where.text == mention.name


def test_latin_and_cyrillic_spellings_of_one_company_are_one_organisation(report: MediaReport) -> None:
    tekhnopark = _organisation(report, "OOO Tekhnopark Vostok")
    assert "ООО «Технопарк Восток»" in tekhnopark.names
    assert organisation_key("ООО «Технопарк Восток»") == organisation_key("OOO Tekhnopark Vostok")
    assert organisation_key("Wuhan Tongsheng Technology Co. Ltd.") == "wuhan tongsheng technology"


def test_research_groups_quoted_as_sources_are_not_suppliers(report: MediaReport) -> None:
    monitor = _organisation(report, "Baltic Trade Monitor")
    assert not monitor.supplies_russia
    assert (
        mention_role("Data analysed by the Free Russia Foundation show exports to Russia.", 21, 43)
        == "source"
    )


def test_persons_countries_and_goods_have_provenance(report: MediaReport) -> None:
    assert {"Maria Jensen", "Emre Kaya", "Helen Marsh"} <= {m.name for m in report.persons}
    assert {"HK", "KG", "TR", "RU"} <= {m.country for m in report.countries}
    gnss = [m for m in report.goods if m.details["hs6"] == "852691"]
    assert gnss and all(m.provenance.text.casefold() == "gnss modules" for m in gnss)
    assert "Chip" not in {m.name for m in report.goods}


def test_screening_link_finds_suppliers_already_listed_under_a_longer_name(report: MediaReport) -> None:
    assert [m.entity_id for m in _organisation(report, "Altyn Logistics LLC").list_matches] == ["test_sdn:2"]
    bright = _organisation(report, "Shenzhen Bright Chip Co., Ltd.").list_matches
    assert bright and bright[0].entity_id == "test_sdn:1"
    assert _organisation(report, "Sky Lotus Trading Limited").list_matches == []


def test_watchlist_rows_follow_the_custom_watchlist_format_and_read_back(
    report: MediaReport, tmp_path: Path
) -> None:
    rows = watchlist_rows(report)
    assert {row["names"][0] for row in rows} == SUPPLIERS
    altyn = next(row for row in rows if row["names"][0] == "Altyn Logistics LLC")
    assert altyn["id"] == "media:altyn-logistics"
    assert altyn["schema"] == "Company"
    assert altyn["evidence"][0]["sentence"].startswith("Nearly 70% of the components the report traced")
    assert altyn["list_matches"][0]["entity_id"] == "test_sdn:2"
    assert "ALTYN LOGISTICS LLC" in altyn["note"]
    path = tmp_path / "media-watchlist.jsonl"
    write_jsonl_atomic(path, rows)
    entities = {e.id: e for e in read_watchlist(path)}
    assert set(entities) == {row["id"] for row in rows}
    tekhnopark = entities["media:tehnopark-vostok"]
    assert tekhnopark.aliases == ["ООО «Технопарк Восток»"]
    evidence = json.loads(tekhnopark.properties["evidence"][0])
    assert (
        evidence["story_id"].startswith("story:")
        and evidence["url"] == "https://mirror.example/news/chips-drone-maker"
    )


def test_a_watchlist_built_from_media_catches_the_supplier_in_screening(
    report: MediaReport, tmp_path: Path
) -> None:
    path = tmp_path / "media-watchlist.jsonl"
    write_jsonl_atomic(path, watchlist_rows(report))
    hits = NameMatcher(read_watchlist(path)).match("SKY LOTUS TRADING LTD", country="HK")
    assert hits and hits[0].entity.id == "media:sky-lotus-trading"


def test_a_short_russian_report_is_a_story_with_its_supplier_and_amount() -> None:
    text = "ООО «Технопарк Восток» поставило микросхемы в Россию в 2023 году. Сумма составила 5 млн долларов."
    report = ingest([build_article("ru.txt", "ru.txt", text)])
    (story,) = report.stories
    (organisation,) = report.organisations
    assert organisation.supplies_russia and organisation.evidence[0].story_id == story.id
    money = [f for f in report.figures if f.kind == "money"]
    assert [(f.value, f.unit) for f in money] == [(5_000_000.0, "USD")]


def test_screening_a_payment_cites_the_story_of_the_media_watchlist_row(report: MediaReport) -> None:
    from dualuse.screening import Screener

    rows = watchlist_rows(report)
    screener = Screener.from_entities(rows)
    payment = {
        "id": "TX-1",
        "parties": [{"role": "beneficiary", "name": "SKY LOTUS TRADING LTD", "country": "HK"}],
    }
    result = screener.screen(payment).to_dict()
    (reason,) = [r for r in result["reasons"] if r["kind"] == "media"]
    sky = next(row for row in rows if row["id"] == "media:sky-lotus-trading")
    assert reason["entity_id"] == "media:sky-lotus-trading"
    assert reason["story_id"] == sky["story_id"] == sky["evidence"][0]["story_id"]
