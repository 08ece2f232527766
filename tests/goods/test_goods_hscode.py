"""HS codes as traders write them, and as they turn up inside remittance text."""

import pytest

from dualuse.errors import InputError
from dualuse.goods import find_hs_codes, format_hs, parse_hs_code


@pytest.mark.parametrize(
    ("written", "digits", "hs6", "hs4", "chapter"),
    [
        ("8542.39", "854239", "854239", "8542", "85"),
        ("854239", "854239", "854239", "8542", "85"),
        ("8542.39.0000", "8542390000", "854239", "8542", "85"),  # US HTS / TN VED style
        ("8542390000", "8542390000", "854239", "8542", "85"),
        ("8542 39 00 00", "8542390000", "854239", "8542", "85"),
        ("8542.39.00", "85423900", "854239", "8542", "85"),  # EU CN, 8 digits
        ("HS 8482.10", "848210", "848210", "8482", "84"),
        ("ТН ВЭД 8457100000", "8457100000", "845710", "8457", "84"),
        ("8542", "8542", None, "8542", "85"),
        ("8542.3", "85423", None, "8542", "85"),  # one-dash subheading
        ("85", "85", None, None, "85"),
        ("0101.21", "010121", "010121", "0101", "01"),  # leading zero kept
    ],
)
def test_written_forms_map_to_hs6_hs4_chapter(
    written: str, digits: str, hs6: str | None, hs4: str | None, chapter: str
) -> None:
    code = parse_hs_code(written)
    assert (code.digits, code.hs6, code.hs4, code.chapter) == (digits, hs6, hs4, chapter)


def test_national_extension_is_kept_and_formatted() -> None:
    code = parse_hs_code("8542390000")
    assert code.national == "0000"
    assert str(code) == "8542.39.0000"
    assert format_hs("854239") == "8542.39"
    assert code.level == "subheading"
    assert parse_hs_code("8542").level == "heading"


@pytest.mark.parametrize(
    ("written", "complaint"),
    [
        ("85A2.39", "characters other than digits"),
        ("8", "1 digits"),
        ("85423900001", "11 digits"),
        ("", "empty"),
        ("0012", "chapter 00"),
        ("7701", "chapter 77"),
        ("9903.88", "chapter 99"),
    ],
)
def test_invalid_codes_raise_input_error_naming_the_value(written: str, complaint: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_hs_code(written)
    assert complaint in str(raised.value)
    assert raised.value.field == "hs_code"
    if written:
        assert repr(written) in str(raised.value)


def test_codes_in_remittance_text_need_a_label_or_the_dotted_form() -> None:
    text = "INV 2024/118 ref 854239001 electronic components HS 8542.39, 8536.69.0000 and TN VED 8541290000"
    found = [m.code.digits for m in find_hs_codes(text)]
    assert found == ["854239", "8536690000", "8541290000"]  # the bare invoice number is not a code


def test_mention_positions_point_into_the_text() -> None:
    text = "payment for goods HS code 8482.10"
    (mention,) = find_hs_codes(text)
    assert text[mention.start : mention.end] == "8482.10"
