"""Normalisation: scripts to ASCII, romanisation variants meeting in one skeleton, legal forms."""

from __future__ import annotations

import pytest

from dualuse.names.normalize import (
    KIND_ORGANIZATION,
    KIND_PERSON,
    READING_PINYIN,
    READING_ZH_TERMS,
    analyse_name,
    skeleton,
)


@pytest.mark.parametrize(
    "spellings",
    [
        ("tekhnopark", "tehnopark", "technopark"),  # BGN/PCGN, ISO 9 / informal, English
        ("yakovlev", "iakovlev"),  # ya / ia
        ("yuriy", "iurii", "yuri", "yury"),  # yu / iu, -iy / -ii / -y
        ("dmitriy", "dmitry", "dmitrii"),
        ("shchukin", "schukin", "shukin"),
        ("zhukov", "joukov"),
        ("khabarovsk", "habarovsk"),
    ],
)
def test_romanisation_variants_share_a_skeleton(spellings: tuple[str, ...]) -> None:
    assert len({skeleton(spelling) for spelling in spellings}) == 1


def test_distinct_words_keep_distinct_skeletons() -> None:
    assert skeleton("sensor") != skeleton("sinar")
    assert skeleton("ivanov") != skeleton("ivanova") or skeleton("petrov") != skeleton("pavlov")


@pytest.mark.parametrize(
    ("name", "content", "generic"),
    [
        ("OOO Tekhnopark", ("tekhnopark",), "llc"),
        ("ТЕХНОПАРК, ООО", ("tehnopark",), "llc"),
        ("Obshchestvo s Ogranichennoy Otvetstvennostyu Tekhnopark", ("tekhnopark",), "llc"),
        ("Общество с ограниченной ответственностью Технопарк", ("tehnopark",), "llc"),
        ("Technopark Limited Liability Company", ("technopark",), "llc"),
        ("PAO Sberbank", ("sberbank",), "jsc"),
        ("AO Kronshtadt", ("kronshtadt",), "jsc"),
        ("ZAO Vostok", ("vostok",), "jsc"),
        ("IP Ivanov", ("ivanov",), "sole_proprietor"),
        ("Acme Trading FZE", ("acme", "trading"), "llc"),
        ("Siemens GmbH", ("siemens",), "llc"),
        ("Acme Partners LLP", ("acme", "partners"), "llp"),
        (
            "Wuhan Global Sensor Technology Company Limited",
            ("wuhan", "global", "sensor", "technology"),
            "llc",
        ),
    ],
)
def test_legal_forms_are_set_aside(name: str, content: tuple[str, ...], generic: str) -> None:
    form = analyse_name(name, KIND_ORGANIZATION)[0]
    assert form.texts == content
    assert generic in {legal.generic for legal in form.legal_forms}


@pytest.mark.parametrize(
    "name",
    [
        "LIIMTED LIABILITY COMPANY SOVREMENNOE OBORUDOVANIE",
        "OBSHCHESTVO S OTVETSTVENNOSTYU OGRANICHENNOI SOVREMENNOE OBORUDOVANIE",
        "Sovremennoe Oborudovanie Limited Liabilty Company",
    ],
)
def test_misspelt_or_reordered_long_legal_forms_are_still_set_aside(name: str) -> None:
    form = analyse_name(name, KIND_ORGANIZATION)[0]
    assert form.texts == ("sovremennoe", "oborudovanie")
    assert [legal.generic for legal in form.legal_forms] == ["llc"]


def test_a_name_that_is_only_a_legal_form_is_kept() -> None:
    assert analyse_name("Company Limited", KIND_ORGANIZATION)[0].texts


def test_person_names_keep_words_that_look_like_legal_forms() -> None:
    assert analyse_name("Ao Wei", KIND_PERSON)[0].texts == ("ao", "wei")


def test_chinese_has_a_pinyin_and_a_translated_reading() -> None:
    forms = {form.reading: form.texts for form in analyse_name("武汉环球传感器技术有限公司")}
    assert forms[READING_PINYIN][:4] == ("wu", "han", "huan", "qiu")
    assert forms[READING_ZH_TERMS] == ("wuhan", "global", "sensor", "technology")


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Владимир Путин", ("vladimir", "putin")),
        ("Αλέξανδρος", ("alexandros",)),
        ("Müller-Lüdenscheidt", ("muller", "ludenscheidt")),
        ("O'Brien", ("obrien",)),
    ],
)
def test_scripts_and_accents_fold_to_ascii_tokens(name: str, tokens: tuple[str, ...]) -> None:
    assert analyse_name(name, KIND_PERSON)[0].texts == tokens


def test_hangul_is_split_into_syllables_that_know_their_spellings() -> None:
    form = analyse_name("이민호", KIND_PERSON)[0]
    assert form.texts == ("i", "min", "ho")
    lee = analyse_name("Lee Min Ho", KIND_PERSON)[0].tokens[0]
    assert not form.tokens[0].symbols.isdisjoint(lee.symbols)
    assert form.tokens[0].converted and not lee.converted


def test_traditional_characters_read_like_simplified_ones() -> None:
    traditional = {form.reading: form.texts for form in analyse_name("長安海連技術有限公司")}
    simplified = {form.reading: form.texts for form in analyse_name("长安海连技术有限公司")}
    assert traditional == simplified
    assert traditional[READING_ZH_TERMS][-1] == "technology"


def test_arabic_article_and_ayin_do_not_break_words() -> None:
    assert analyse_name("سعيد الرحمن", KIND_PERSON)[0].texts == ("syd", "al", "rhmn")
