"""scan_text on prose (news stories, reports): goods named the way journalists name them are
found, in any inflection; ordinary English that shares words with goods ("Xi led China",
"bearing in mind", "state television") stays quiet. The sentences are written for these tests."""

import pytest

from dualuse.errors import ReferenceDataError
from dualuse.goods import GoodsClassifier
from dualuse.goods.lexicon import Lexicon
from dualuse.goods.text import clauses, tokenize

STORY = """Moscow's arms factories still depend on imports. According to officials, Chinese firms
shipped machine tools, microelectronics and nitrocellulose, which Russian plants turn into
artillery propellant, while turbojet engines for cruise missiles and drone engines arrived by rail.
Two companies supplied optics and optical components for tank sights, including thermal imaging
modules; ball bearings came through Central Asia. Xi led the Chinese delegation, and the talks were
led by the trade ministers, bearing in mind the political optics of the visit."""

ORDINARY = """Xi led China's delegation to the summit, and the talks were led by two deputy ministers.
Bearing in mind the weather, officials declined to chip in. The Investigative Committee, or IC,
opened a case. The Speaker told state television that the ministers ate together and that markets
have their ups and downs. A new access point for pilgrims and a gateway to the old town opened.
Diplomatic cables leaked from the oil terminal suggest the political optics were poor. Aerial photos
of the harbour were published. Without a moral compass, she said, nobody finds the way."""


@pytest.fixture(scope="module")
def goods() -> GoodsClassifier:
    return GoodsClassifier.default()


def test_a_news_story_names_its_goods(goods: GoodsClassifier) -> None:
    found = {c.hs6: c for c in goods.scan_text(STORY)}
    assert set(found) == {
        "845710",  # machine tools (a hint: the kind is not said)
        "854239",  # microelectronics
        "391220",  # nitrocellulose
        "841111",  # turbojet engines
        "840710",  # drone engines
        "901380",  # optics, optical components
        "852589",  # thermal imaging
        "848210",  # ball bearings
    }
    assert "854141" not in found  # "led" the verb is not an LED
    listed = {hs6 for hs6, c in found.items() if c.item_lists and c.confidence >= 0.5}
    assert {"854239", "391220", "901380", "852589", "848210"} <= listed
    assert found["845710"].confidence < 0.5 and found["845710"].chpl_tier == "4.B"


@pytest.mark.parametrize(
    ("sentence", "hs6"),
    [
        ("The plant imported a machine tool from Taiwan.", "845710"),
        ("Exports of Chinese machine tools rose.", "845710"),
        ("A shipment of ball bearing sets was seized.", "848210"),
        ("The drone engine was copied from a German design.", "840710"),
        ("A turbojet powers the missile.", "841111"),
        ("Optical component makers reported record sales.", "901380"),
        ("Thermal imaging cameras were fitted to the tanks.", "852589"),
        ("Russian microelectronics imports doubled.", "854239"),
        ("The factory buys nitrocellulose by the tonne.", "391220"),
        ("Смазки, подшипники и нитроцеллюлоза поступали через Казахстан.", "391220"),
    ],
)
def test_singular_plural_and_other_inflections_are_found(
    goods: GoodsClassifier, sentence: str, hs6: str
) -> None:
    assert hs6 in {c.hs6 for c in goods.scan_text(sentence)}


def test_ordinary_prose_that_shares_words_with_goods_stays_quiet(goods: GoodsClassifier) -> None:
    assert goods.scan_text(ORDINARY) == []


@pytest.mark.parametrize(
    ("sentence", "hs6"),
    [
        ("The factory ships LEDs to Moscow.", "854141"),  # the goods spelling
        ("They bought 5,000 red leds and smd diodes.", "854141"),  # lower case, with a goods word
        ("The order covered ICs in BGA packages.", "854239"),
        ("A bearing plant in Samara doubled output.", "848210"),
        ("The UPS units were delivered to the data centre.", "850440"),
        ("ATE for wafer sort was shipped via Dubai.", "903082"),
    ],
)
def test_ambiguous_words_count_in_a_goods_spelling_or_context(
    goods: GoodsClassifier, sentence: str, hs6: str
) -> None:
    assert hs6 in {c.hs6 for c in goods.scan_text(sentence)}


def test_a_goods_line_is_read_as_goods_whatever_the_case(goods: GoodsClassifier) -> None:
    best = goods.classify("led 5mm red").best
    assert best is not None and best.hs6 == "854141"


def test_context_words_act_within_their_clause(goods: GoodsClassifier) -> None:
    # "roller" rules out ball bearings in a goods line; another sentence does not.
    text = "Ball bearings were shipped from Ningbo. Roller chains were sent by sea."
    assert "848210" in {c.hs6 for c in goods.scan_text(text)}
    assert goods.classify("ball bearing roller").best is not None


def test_for_in_prose_does_not_weaken_the_goods_it_introduces(goods: GoodsClassifier) -> None:
    found = {c.hs6: c for c in goods.scan_text("PAYMENT FOR BALL BEARINGS, INV 118")}
    assert found["848210"].confidence >= 0.85


def test_clauses_keep_codes_and_numbers_whole_and_bounded() -> None:
    assert clauses("HS 8542.39, 1,000 pcs. Next sentence; last") == [
        "HS 8542.39",
        "1,000 pcs",
        "Next sentence",
        "last",
    ]
    pieces = clauses("word " * 500, limit=100)
    assert all(len(piece) <= 100 for piece in pieces)
    assert "".join(pieces) == "word " * 500


AMBIGUOUS = """
entries:
- hs6: "854141"
  name: LEDs
  strong: [led, leds]
  ambiguous: {words: [led, leds], case: [LED, LEDs], near: [diode]}
"""


def _scan(text: str) -> set[str]:
    return {hit.text for hit in Lexicon.from_yaml(AMBIGUOUS, file="t.yaml").scan_hits(text)}


def test_ambiguous_section_of_the_lexicon_is_data() -> None:
    assert _scan("Xi led China") == set()
    assert _scan("Xi bought LEDs") == {"leds"}
    assert _scan("he led a diode maker") == {"led"}
    line = "led 5mm"
    assert {hit.text for hit in Lexicon.from_yaml(AMBIGUOUS, file="t.yaml").hits(line, tokenize(line))} == {
        "led"
    }


@pytest.mark.parametrize(
    ("section", "field", "complaint"),
    [
        ("{words: [lamp]}", "entries[0].ambiguous.words", "not phrases of this entry"),
        ("{words: [led], case: [LEDs]}", "entries[0].ambiguous.case", "spell none of the words"),
        ("[led]", "entries[0].ambiguous", "expected {words"),
    ],
)
def test_broken_ambiguous_section_names_the_field(section: str, field: str, complaint: str) -> None:
    text = f"entries:\n- hs6: '854141'\n  strong: [led, leds]\n  ambiguous: {section}\n"
    with pytest.raises(ReferenceDataError) as raised:
        Lexicon.from_yaml(text, file="lexicon.yaml")
    assert raised.value.field == field and complaint in str(raised.value)


def test_a_goods_line_naming_only_a_goods_family_asks_for_the_kind(goods: GoodsClassifier) -> None:
    assessment = goods.classify("Spare parts for machine tools")
    assert assessment.vague and not assessment.listed
    assert assessment.best is not None and assessment.best.chpl_tier == "4.B"  # shown, not listed
    engine_parts = goods.classify("Used aircraft engine parts").best
    assert engine_parts is not None and engine_parts.hs6 == "840991"
