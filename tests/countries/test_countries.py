"""Country normalisation: real spellings seen in the official lists and in payment messages."""

from __future__ import annotations

import pytest

from dualuse.countries import country_name, is_occupied_region, occupied_region, to_iso2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("RU", "RU"),
        ("ru", "RU"),
        ("RUS", "RU"),
        ("643", "RU"),
        ("004", "AF"),
        ("Russian Federation", "RU"),
        ("Россия", "RU"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Hong Kong SAR", "HK"),
        ("Kyrgyz Republic", "KG"),
        ("UAE", "AE"),
        ("UK", "GB"),
        ("中国", "CN"),
        ("Kosovo", "XK"),
    ],
)
def test_codes_names_and_aliases_resolve(value: str, expected: str) -> None:
    assert to_iso2(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Korea, North", "KP"),
        ("Bahamas, The", "BS"),
        ("Man, Isle of", "IM"),
        ("Congo, Republic of the", "CG"),
        ("Burma", "MM"),
        ("Region: West Bank", "PS"),
    ],
)
def test_ofac_country_spellings_resolve(value: str, expected: str) -> None:
    assert to_iso2(value) == expected


@pytest.mark.parametrize("value", ["unknown", "Africa", "N/A", "USSR", "", "   ", None, "Atlantis"])
def test_non_countries_and_unknown_strings_give_none(value: str | None) -> None:
    assert to_iso2(value) is None


@pytest.mark.parametrize(
    ("value", "region"),
    [
        ("Crimea", "UA-43"),
        ("Region: Crimea", "UA-43"),
        ("Крым", "UA-43"),
        ("Sevastopol", "UA-40"),
        ("Donetsk People's Republic", "UA-14"),
        ("DNR", "UA-14"),
        ("Luhansk People's Republic", "UA-09"),
        ("LNR", "UA-09"),
        ("Zaporizhzhia", "UA-23"),
        ("Zaporozhye Oblast", "UA-23"),
        ("Kherson", "UA-65"),
    ],
)
def test_occupied_regions_map_to_ukraine_with_region_flag(value: str, region: str) -> None:
    assert to_iso2(value) == "UA"
    assert occupied_region(value) == region
    assert is_occupied_region(value)


def test_ukraine_itself_and_kyiv_are_not_occupied_regions() -> None:
    assert to_iso2("Ukraine") == "UA"
    assert not is_occupied_region("Ukraine")
    assert not is_occupied_region("UA")
    assert not is_occupied_region(None)


def test_country_name_gives_english_short_names() -> None:
    assert country_name("RU") == "Russia"
    assert country_name("hk") == "Hong Kong"
    assert "Crimea" in country_name("UA-43")
    assert country_name("QQ") == "QQ"
