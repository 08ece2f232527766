"""The issue's acceptance cases: Chinese suppliers under several spellings, Russian legal forms
and transliterations meeting each other, and quiet on companies sharing only generic words."""

from __future__ import annotations

import pytest

from dualuse.model import Address, Entity, Identifier
from dualuse.names import DEFAULT_THRESHOLD, NameMatcher

WUHAN_ID = "us_ofac_sdn:46633"

# Real SDN company names that share the generic words of the Wuhan entry (and IDF context).
OTHER_COMPANIES = [
    "WUHAN TONGSHENG TECHNOLOGY CO., LTD",
    "SHENZHEN BLUE HAT INTERNATIONAL TRADE CO., LIMITED",
    "HONG KONG HENGLONG TECHNOLOGY CO., LTD.",
    "SINO ELECTRONICS TECHNOLOGY COMPANY LIMITED",
    "GUANGZHOU HUAXIN MICROELECTRONICS TECHNOLOGY CO., LTD.",
    "BEIJING ASIA GLOBAL TRADING GROUP CO., LTD.",
    "LIMITED LIABILITY COMPANY TEKHNOPARK SKOLKOVO",
    "JOINT STOCK COMPANY KRONSHTADT",
    "OOO VOSTOK IMPORT EXPORT",
    "SENSOR SYSTEMS TRADING LLC",
]


def _company(number: int, name: str, country: str = "CN") -> Entity:
    return Entity(id=f"test:{number}", list_id="test", schema="Company", name=name, countries=[country])


def _wuhan() -> Entity:
    return Entity(
        id=WUHAN_ID,
        list_id="us_ofac_sdn",
        schema="Organization",
        name="WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD.",
        addresses=[Address("Building 2, No. 6, Huanglongshan S. Road, Wuhan, Hubei", "CN")],
        countries=["CN"],
        identifiers=[Identifier("uscc", "914201000668186736", "CN")],
        programs=["RUSSIA-EO14024"],
    )


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    others = [_company(number, name) for number, name in enumerate(OTHER_COMPANIES)]
    return NameMatcher([_wuhan(), *others])


@pytest.mark.parametrize(
    "query",
    [
        "WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD.",
        "Wuhan Global Sensor Tech Co Ltd",
        "WUHAN GLOBAL SENSOR TECHNOLOGY COMPANY LIMITED",
        "武汉环球传感器技术有限公司",
        "Global Sensor Technology (Wuhan) Co., Ltd.",
        "Wuhan Globel Sensr Technology Co Ltd",
    ],
)
def test_wuhan_global_sensor_is_found_under_its_spellings(matcher: NameMatcher, query: str) -> None:
    hits = matcher.match(query, country="CN")
    assert hits, query
    assert hits[0].entity_id == WUHAN_ID
    assert hits[0].score >= DEFAULT_THRESHOLD


def test_chinese_characters_are_read_with_business_words_translated(matcher: NameMatcher) -> None:
    hit = matcher.match("武汉环球传感器技术有限公司")[0]
    assert "Chinese business words translated" in hit.explanation
    assert ("wuhan", "wuhan") in {(m.query, m.listed) for m in hit.alignment}


def test_quiet_on_a_company_sharing_only_technology_co_ltd(matcher: NameMatcher) -> None:
    assert matcher.match("BEIJING HUAYU TECHNOLOGY CO., LTD.", country="CN") == []
    assert matcher.match("ZHEJIANG BRIGHT STAR TECHNOLOGY CO., LTD.") == []


def test_same_city_and_generic_words_do_not_alert(matcher: NameMatcher) -> None:
    ranked = matcher.match("WUHAN TECHNOLOGY TRADING CO., LTD.", threshold=0)
    assert all(hit.score < DEFAULT_THRESHOLD for hit in ranked)


TEKHNOPARK_SPELLINGS = [
    "OOO Tekhnopark",
    "Tehnopark LLC",
    "ТЕХНОПАРК, ООО",
    "Technopark Limited Liability Company",
    "Obshchestvo s Ogranichennoy Otvetstvennostyu Tekhnopark",
    "Общество с ограниченной ответственностью «Технопарк»",
]


@pytest.mark.parametrize("listed", TEKHNOPARK_SPELLINGS)
def test_tekhnopark_spellings_meet_each_other(listed: str) -> None:
    entities = [Entity(id="ru:1", list_id="ru", schema="Company", name=listed, countries=["RU"])]
    entities += [_company(number, name, "RU") for number, name in enumerate(OTHER_COMPANIES)]
    matcher = NameMatcher(entities)
    for query in TEKHNOPARK_SPELLINGS:
        hits = matcher.match(query)
        assert hits and hits[0].entity_id == "ru:1", (listed, query)


def test_tekhnopark_explanation_says_legal_form_ignored_and_transliterated() -> None:
    matcher = NameMatcher([Entity(id="ru:1", list_id="ru", schema="Company", name="OOO Tekhnopark")])
    hit = matcher.match("ТЕХНОПАРК, ООО")[0]
    assert "legal form ignored: ooo" in hit.explanation
    assert [(m.query, m.listed, m.how) for m in hit.alignment] == [
        ("tehnopark", "tekhnopark", "transliterated")
    ]
