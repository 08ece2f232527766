"""NameMatcher behaviour: evidence beyond the name, weak aliases, cross-list twins, explanations."""

from __future__ import annotations

from dualuse.model import Entity, Identifier
from dualuse.names import DEFAULT_THRESHOLD, NameMatcher


def _person(entity_id: str, name: str, **extra: object) -> Entity:
    return Entity(id=entity_id, list_id=entity_id.split(":")[0], schema="Person", name=name, **extra)  # type: ignore[arg-type]


def _company(entity_id: str, name: str, **extra: object) -> Entity:
    return Entity(id=entity_id, list_id=entity_id.split(":")[0], schema="Company", name=name, **extra)  # type: ignore[arg-type]


BACKGROUND = [
    _person("bg:1", "Ivan Petrovich Sidorov", countries=["RU"]),
    _person("bg:2", "Mohammad Hassan Karimi", countries=["IR"]),
    _company("bg:3", "Vostok Trading LLC", countries=["AE"]),
    _company("bg:4", "Asia Pacific Electronics Co., Ltd.", countries=["HK"]),
    _person("bg:5", "Kim Song Chol", countries=["KP"]),
]


def test_typos_reordering_and_split_words_still_match() -> None:
    matcher = NameMatcher([*BACKGROUND, _company("x:1", "Technopark Elektronika", countries=["RU"])])
    for query in ("Tecnopark Elektronika", "Elektronika Technopark", "Techno Park Elektronika"):
        hits = matcher.match(query)
        assert hits and hits[0].entity_id == "x:1", query


def test_an_extra_distinctive_word_keeps_the_score_below_an_exact_match() -> None:
    matcher = NameMatcher([*BACKGROUND, _company("x:1", "Kronshtadt Group")])
    exact = matcher.match("Kronshtadt Group", threshold=0)[0]
    extra = matcher.match("Kronshtadt Avionika Group", threshold=0)[0]
    assert exact.entity_id == extra.entity_id == "x:1"
    assert extra.score < exact.score


def test_identifier_alone_is_strong_evidence() -> None:
    wuhan = _company("sdn:46633", "WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD.")
    wuhan.identifiers.append(Identifier("uscc", "914201000668186736", "CN"))
    matcher = NameMatcher([*BACKGROUND, wuhan])
    hits = matcher.match("Hubei Sensing Trade", identifiers={"uscc": "9142 0100 0668 1867 36"})
    assert hits[0].entity_id == "sdn:46633"
    assert hits[0].score >= 0.95
    assert "identifier uscc 914201000668186736 matches" in hits[0].explanation
    assert [hit.entity_id for hit in matcher.match_identifiers({"uscc": "914201000668186736"})] == [
        "sdn:46633"
    ]
    assert matcher.match_identifiers({"inn": "7701234567"}) == []


def test_country_and_schema_move_the_score_and_say_so() -> None:
    matcher = NameMatcher([*BACKGROUND, _company("x:1", "Orion Avia", countries=["RU"])])
    plain = matcher.match("Orion Avia", threshold=0)[0]
    same_country = matcher.match("Orion Avia", country="RU", threshold=0)[0]
    other_country = matcher.match("Orion Avia", country="BR", threshold=0)[0]
    as_person = matcher.match("Orion Avia", schema="Person", threshold=0)[0]
    assert same_country.score >= plain.score > other_country.score
    assert as_person.score < plain.score
    assert other_country.features["country"] < 0 and "country -0.10" in other_country.explanation
    assert as_person.features["schema"] < 0


def test_birth_date_corroborates_or_contradicts() -> None:
    listed = _person("x:1", "Alexei Vladimirovich Ivanov", birth_dates=["1971-03-02"])
    matcher = NameMatcher([*BACKGROUND, listed])
    same = matcher.match("Aleksey Ivanov", birth_date="1971-03-02", threshold=0)[0]
    other = matcher.match("Aleksey Ivanov", birth_date="1990", threshold=0)[0]
    assert same.features["birth_date"] > 0 > other.features["birth_date"]


def test_weak_alias_does_not_alert_alone_at_full_strength() -> None:
    entity = _person("x:1", "Abdul Rahman Al-Qasimi", weak_aliases=["Abu Bakr"])
    matcher = NameMatcher([*BACKGROUND, entity])
    hit = matcher.match("Abu Bakr", threshold=0)[0]
    assert hit.alias_kind == "weak"
    assert hit.features["weak_alias"] < 0
    assert hit.score < DEFAULT_THRESHOLD
    assert "weak alias" in hit.explanation


def test_strong_alias_is_named_in_the_hit() -> None:
    entity = _company("x:1", "Joint Stock Company Concern Avtomatika", aliases=["AO Kontsern Avtomatika"])
    hit = NameMatcher([*BACKGROUND, entity]).match("Kontsern Avtomatika JSC")[0]
    assert hit.matched_name == "AO Kontsern Avtomatika"
    assert hit.alias_kind == "strong"
    assert 'strong alias "AO Kontsern Avtomatika"' in hit.explanation


def test_entities_linked_by_same_as_collapse_into_one_hit() -> None:
    ofac = _company("us_ofac_sdn:1", "Radioavtomatika LLC", properties={"same_as": ["gb_hmt:9"]})
    ofsi = _company("gb_hmt:9", "RADIOAVTOMATIKA OOO")
    hits = NameMatcher([*BACKGROUND, ofac, ofsi]).match("OOO Radioavtomatika")
    assert len(hits) == 1
    assert {hits[0].entity_id, *hits[0].also_listed} == {"us_ofac_sdn:1", "gb_hmt:9"}
    assert "also listed as" in hits[0].explanation


def test_threshold_zero_ranks_everything_found_and_default_stays_quiet() -> None:
    matcher = NameMatcher(BACKGROUND)
    assert matcher.match("Ivan Sidorenko") == []
    ranked = matcher.match("Ivan Sidorenko", threshold=0, limit=10)
    assert ranked and ranked[0].entity_id == "bg:1"
    assert [hit.score for hit in ranked] == sorted((hit.score for hit in ranked), reverse=True)


def test_every_hit_explains_words_and_features() -> None:
    hit = NameMatcher(BACKGROUND).match("Mohamad Hasan Karimi", country="IR")[0]
    assert hit.entity_id == "bg:2"
    assert "mohamad~mohammad" in hit.explanation and "karimi=karimi" in hit.explanation
    assert "country +0.03" in hit.explanation
    assert set(hit.features) >= {"name", "country"}
    assert hit.to_dict()["alignment"]


def test_cross_script_person_names() -> None:
    matcher = NameMatcher([*BACKGROUND, _person("x:1", "Vladimir Putin"), _person("x:2", "Lee Min Ho")])
    assert matcher.match("Владимир Путин")[0].entity_id == "x:1"
    assert matcher.match("이민호")[0].entity_id == "x:2"
    assert matcher.match("김송철")[0].entity_id == "bg:5"
