"""The lexicon as data: how phrases, stems, part families and context words behave, and how a
broken lexicon file is reported."""

import pytest

from dualuse.errors import ReferenceDataError
from dualuse.goods.lexicon import Lexicon
from dualuse.goods.text import tokenize

LEXICON = """
version: test
weights: {part: 0.9, strong: 0.8, weak: 0.5}
vague: {words: [spare, parts, equipment, запчасти, 设备]}
entries:
- hs6: "853952"
  name: LED lamps
  strong: [led light bulb]
- hs6: "854141"
  name: LEDs
  strong: [led]
- hs6: "845811"
  name: CNC lathes
  strong: [lathe, токарный станок, 车床]
  with: [cnc, чпу, 数控]
- hs6: "845819"
  name: other lathes
  strong: [lathe]
  without: [cnc]
- hs6: "848210"
  name: ball bearings
  strong: [ball bearing, подшипник шариковый]
  parts: ['6[0-3]\\d{2}-2RS', {re: '6[0-3]\\d{2}', with: [bearing]}]
- hs6: null
  name: blocker
  strong: [ball bearing grease]
"""


def _hits(text: str) -> list[tuple[str | None, str, str]]:
    lexicon = Lexicon.from_yaml(LEXICON, file="test.yaml")
    return [(h.entry.hs6, h.kind, h.text) for h in lexicon.hits(text, tokenize(text))]


def test_longer_phrase_silences_the_shorter_one_inside_it() -> None:
    assert _hits("LED light bulbs E27") == [("853952", "strong", "led light bulbs")]
    assert _hits("SMD LED 0603 red") == [("854141", "strong", "led")]


def test_context_words_decide_between_cnc_and_manual_lathes() -> None:
    assert _hits("CNC lathe CK6140") == [("845811", "strong", "lathe")]
    assert _hits("Manual lathe") == [("845819", "strong", "lathe")]


def test_russian_inflections_and_chinese_substrings_match() -> None:
    assert _hits("Подшипники шариковые 6204") == [("848210", "strong", "подшипники шариковые")]
    assert ("845811", "strong", "车床") in _hits("数控车床 CK6140")
    assert _hits("Токарный станок с ЧПУ") == [("845811", "strong", "токарный станок")]


def test_part_family_with_context_needs_its_word() -> None:
    assert ("848210", "part", "6205") in _hits("bearing 6205 open")
    assert _hits("order 6205 pieces") == []
    assert ("848210", "part", "6205-2RS") in _hits("6205-2RS")


def test_blocker_phrase_silences_without_proposing_a_code() -> None:
    assert _hits("ball bearing grease 400g") == [(None, "strong", "ball bearing grease")]


def test_vague_lines_are_only_generic_words() -> None:
    lexicon = Lexicon.from_yaml(LEXICON, file="test.yaml")
    assert lexicon.is_vague(tokenize("Spare parts"))
    assert lexicon.is_vague(tokenize("запчасти"))
    assert lexicon.is_vague(tokenize("设备 2024"))
    assert not lexicon.is_vague(tokenize("Spare parts for tractor"))
    assert not lexicon.is_vague(tokenize("Frozen shrimp"))


@pytest.mark.parametrize(
    ("text", "field", "complaint"),
    [
        ("entries: {}", "entries", "'entries' list"),
        ("entries:\n- name: no code\n", "entries[0]", "needs 'hs6'"),
        ("entries:\n- hs6: 8542\n", "entries[0].hs6", "six digits"),
        ("entries:\n- hs6: '854239'\n  parts: ['XC7(']\n", "entries[0].parts[0]", "bad regular expression"),
        ("entries:\n- hs6: '854239'\n  strong: fpga\n", "entries[0].strong", "list of words"),
        ("weights: {strong: 2}\nentries: []\n", "weights", "weights in (0, 1]"),
    ],
)
def test_broken_lexicon_names_file_and_field(text: str, field: str, complaint: str) -> None:
    with pytest.raises(ReferenceDataError) as raised:
        Lexicon.from_yaml(text, file="lexicon.yaml")
    assert (raised.value.file, raised.value.field) == ("lexicon.yaml", field)
    assert complaint in str(raised.value)


def test_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(ReferenceDataError) as raised:
        Lexicon.from_yaml("entries:\n- hs6: '854239'\n  name: a: b\n", file="lexicon.yaml")
    assert raised.value.line == 3


def test_part_family_with_top_level_alternatives_matches_both() -> None:
    text = "entries:\n- hs6: '854239'\n  parts: ['ABC\\d+|XYZ\\d+']\n"
    lexicon = Lexicon.from_yaml(text, file="lexicon.yaml")
    line = "abc123 and XYZ9"
    assert [h.text for h in lexicon.hits(line, tokenize(line))] == ["ABC123", "XYZ9"]
