"""Model-free extraction of organisations, persons and countries from one sentence."""

from __future__ import annotations

from dualuse.media.entities import countries, organisations, persons, semicolon_list, tokenize

COUNTRIES = {"china": "CN", "russia": "RU", "hong kong": "HK", "kyrgyzstan": "KG", "us": "US", "turkey": "TR"}


def resolve(text: str) -> str | None:
    return COUNTRIES.get(text.casefold())


def orgs(sentence: str) -> list[str]:
    return [found.name for found in organisations(sentence, tokenize(sentence), resolve)]


def people(sentence: str) -> list[str]:
    return [found.name for found in persons(sentence, tokenize(sentence), resolve)]


def test_legal_forms_after_the_name() -> None:
    sentence = (
        "Shenzhen Bright Chip Co., Ltd. and Sky Lotus Trading Limited shipped chips to Altyn Logistics LLC "
        "and Baltic Parts GmbH."
    )
    assert orgs(sentence) == [
        "Shenzhen Bright Chip Co., Ltd.",
        "Sky Lotus Trading Limited",
        "Altyn Logistics LLC",
        "Baltic Parts GmbH",
    ]


def test_legal_forms_before_the_name_in_latin_and_cyrillic() -> None:
    assert orgs("The goods went to OOO Tekhnopark Vostok in Moscow.") == ["OOO Tekhnopark Vostok"]
    assert orgs("It supplied JSC Uralsky Zavod with lathes.") == ["JSC Uralsky Zavod"]
    assert orgs("Получатель: ООО «Технопарк Восток», Москва.") == ["ООО «Технопарк Восток»"]


def test_an_organisation_word_ends_a_name_on_no_list() -> None:
    sentence = "Optics made by the North China Research Institute of Electro-Optics reached Russian tanks."
    assert orgs(sentence) == ["North China Research Institute of Electro-Optics"]


def test_names_listed_after_companies_carry_the_country_of_the_list() -> None:
    sentence = (
        "Chinese companies Wuhan Global Sensor Technology, Wuhan Tongsheng Technology and Hikvision "
        "are supplying optical components."
    )
    found = organisations(sentence, tokenize(sentence), resolve)
    listed = [(f.name, f.country) for f in found if f.method == "named in a list of companies"]
    assert listed == [
        ("Wuhan Global Sensor Technology", "CN"),
        ("Wuhan Tongsheng Technology", "CN"),
        ("Hikvision", "CN"),
    ]


def test_a_list_stops_at_a_country_that_starts_a_new_clause() -> None:
    sentence = (
        "Optics were made by Chinese firms iRay Technology and Polar Optics, "
        "and China has been supplying engines."
    )
    listed = [f.name for f in organisations(sentence, tokenize(sentence), resolve) if "list" in f.method]
    assert listed == ["iRay Technology", "Polar Optics"]


def test_semicolon_list_after_a_sentence_about_companies() -> None:
    sentence = (
        "They are Wuhan Global Sensor Technology Co; Hikvision; iRay Technology; and the Polar Institute."
    )
    names = [f.name for f in semicolon_list(sentence, resolve)]
    assert names == [
        "Wuhan Global Sensor Technology Co",
        "Hikvision",
        "iRay Technology",
        "Polar Institute",
    ]


def test_quoted_name_after_firm() -> None:
    assert "Steppe Components" in orgs('The report names the Almaty firm "Steppe Components" as a route.')


def test_titles_do_not_make_organisations_but_general_atomics_stays_one() -> None:
    assert orgs("General Zhang Youxia, Vice Chairman of China's Central Military Commission, spoke.") == [
        "Central Military Commission"
    ]
    assert orgs("China sanctioned General Atomics Aeronautical Systems.") == [
        "General Atomics Aeronautical Systems"
    ]


def test_persons_by_title_role_and_speech_verb() -> None:
    assert people("Secretary of State Antony Blinken met Russian President Vladimir Putin's envoy.") == [
        "Antony Blinken",
        "Vladimir Putin",
    ]
    assert people("Liu Pengyu, spokesman of the Chinese Embassy in Washington, denied it.") == ["Liu Pengyu"]
    assert people('"These are mailbox companies," said Maria Jensen, a researcher.') == ["Maria Jensen"]
    assert people("Gen. Chris Cavoli told lawmakers.") == ["Chris Cavoli"]


def test_company_names_are_not_persons() -> None:
    assert people("Bright Chip Technology said nothing.") == []
    assert people("Sky Lotus Trading shipped chips.") == []


def test_countries_by_name_code_and_demonym_without_function_words() -> None:
    sentence = "In Hong Kong, Chinese and Russian firms and China-based traders met US buyers."
    found = [(f.name, f.country) for f in countries(sentence, tokenize(sentence), resolve)]
    assert found == [
        ("Hong Kong", "HK"),
        ("Chinese", "CN"),
        ("Russian", "RU"),
        ("China-based", "CN"),
        ("US", "US"),
    ]
