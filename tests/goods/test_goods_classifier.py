"""The classifier on invoice lines an analyst sees: part numbers, trade words in English,
Russian and Chinese, ordinary goods that must stay quiet, wrong HS codes, and free text."""

import pytest

from dualuse.errors import InputError
from dualuse.goods import GoodsClassifier


@pytest.fixture(scope="module")
def goods() -> GoodsClassifier:
    return GoodsClassifier.default()


@pytest.mark.parametrize(
    ("line", "hs6", "tier"),
    [
        ("FPGA XC7A100T-2FGG484I", "854239", "1"),
        ("STM32F407VGT6 ARM microcontroller", "854231", "1"),
        ("W25Q128JVSIQ serial flash", "854232", "1"),
        ("u-blox NEO-M8N module", "852691", "2"),
        ("Deep groove ball bearing 6205-2RS", "848210", "3.B"),
        ("Thermal imaging core 640x512 12um", "852589", "3.A"),
        ("Power MOSFET IRF3205", "854129", "3.A"),
        ("CNC vertical machining centre", "845710", "4.B"),
        ("Digital oscilloscope 200MHz 4 channel", "903020", "4.A"),
        ("микросхема памяти DDR4", "854232", "1"),
        ("Подшипник роликовый конический 30205", "848220", "3.B"),
        ("Фрезерный станок с ЧПУ", "845961", "4.B"),
        ("集成电路 芯片", "854239", "1"),
        ("深沟球轴承", "848210", "3.B"),
        ("数控车床", "845811", "4.B"),
    ],
)
def test_listed_goods_are_recognised_with_tier(
    goods: GoodsClassifier, line: str, hs6: str, tier: str
) -> None:
    assessment = goods.classify(line)
    assert assessment.listed
    best = assessment.best
    assert best is not None
    assert (best.hs6, best.chpl_tier, best.source) == (hs6, tier, "description")
    assert best.evidence
    assert f"{hs6[:4]}.{hs6[4:]}" in best.explanation and "CHPL tier" in best.explanation


def test_part_number_is_the_evidence(goods: GoodsClassifier) -> None:
    best = goods.classify("XC7Z020-1CLG400C").best
    assert best is not None and best.evidence == ["XC7Z020-1CLG400C"]
    assert best.explanation.startswith("Part number")


@pytest.mark.parametrize(
    "line",
    [
        "Frozen chicken leg quarters",
        "Men's cotton t-shirts, printed",
        "Washing machine front load 7kg",
        "Brake pads front set",
        "LED light bulbs E27 9W",
        "Manual engine lathe, conventional",
        "Plush toys teddy bears",
        "Smartphones with GPS",
        "Citric acid monohydrate",
        "Spark plugs iridium",
        "Invert sugar syrup",  # "inverter" must not stem to "invert"
        "Tantalum ore concentrate",  # tantalum is a capacitor only next to capacitor words
        "Waste oil containing PCBs",  # polychlorinated biphenyls, not circuit boards
        "Cake servers, stainless steel",
        "Sofa convertible into bed",  # "converter" must not stem to "convert"
        "Textile spindles for spinning machines",
    ],
)
def test_ordinary_goods_stay_quiet(goods: GoodsClassifier, line: str) -> None:
    assert goods.classify(line).listed is False


def test_eo14114_category_comes_with_its_basis(goods: GoodsClassifier) -> None:
    best = goods.classify("Spherical roller bearing 22220 E").best
    assert best is not None
    assert best.item_lists == ["chpl", "eo14114"]
    assert best.categories == ["bearings"]
    assert "chpl_overlap" in best.explanation


@pytest.mark.parametrize("line", ["Spare parts", "Electronic components", "Запасные части", "设备配件"])
def test_vague_descriptions_are_flagged(goods: GoodsClassifier, line: str) -> None:
    assessment = goods.classify(line)
    assert assessment.vague and not assessment.listed
    assert any("generic" in note for note in assessment.notes)


def test_fpga_declared_as_computer_parts_is_inconsistent(goods: GoodsClassifier) -> None:
    assessment = goods.classify("FPGA XC7A100T-2FGG484I", hs_code="8473.30")
    assert assessment.consistency is not None
    assert "8473.30" in assessment.consistency and "8542.39" in assessment.consistency
    assert "evasion" in assessment.consistency
    assert assessment.listed
    assert assessment.best is not None and assessment.best.hs6 == "854239"
    declared = [c for c in assessment.candidates if c.source == "hs_code"]
    assert declared[0].hs6 == "847330" and declared[0].confidence < 1


def test_machine_tool_declared_as_other_machines_is_inconsistent(goods: GoodsClassifier) -> None:
    assessment = goods.classify("CNC vertical machining center VMC-850", hs_code="847989")
    assert assessment.consistency is not None and "8457.10" in assessment.consistency


def test_matching_code_and_description_are_consistent(goods: GoodsClassifier) -> None:
    assessment = goods.classify("FPGA XC7A100T", hs_code="8542.39.0000")
    assert assessment.consistency is None
    assert assessment.declared_hs == "8542.39.0000"
    best = assessment.best
    assert best is not None and best.source == "hs_code" and best.confidence == 1.0


def test_accepted_alternative_code_is_not_called_inconsistent(goods: GoodsClassifier) -> None:
    # GNSS modules are declared under 8526.91 or 8517.62 in practice.
    assert goods.classify("GPS module NEO-M8N", hs_code="851762").consistency is None


def test_declared_heading_says_which_listed_subheadings_it_contains(goods: GoodsClassifier) -> None:
    assessment = goods.classify(None, hs_code="8542")
    assert assessment.listed
    assert any("8542.31, 8542.32, 8542.33, 8542.39" in note for note in assessment.notes)
    assert {c.hs6 for c in assessment.candidates} == {"854231", "854232", "854233", "854239"}


def test_heading_with_few_listed_codes_notes_them_without_listing(goods: GoodsClassifier) -> None:
    assessment = goods.classify(None, hs_code="8504")
    assert not assessment.listed
    assert any("8504.40" in note for note in assessment.notes)


def test_declared_listed_code_lists_an_unremarkable_description(goods: GoodsClassifier) -> None:
    assessment = goods.classify("goods as per invoice", hs_code="8482.10")
    assert assessment.listed and assessment.best is not None and assessment.best.chpl_tier == "3.B"


def test_code_that_is_not_an_hs_subheading_is_a_note(goods: GoodsClassifier) -> None:
    assessment = goods.classify("goods", hs_code="8542.99")
    assert any("8542.99" in note and "not an HS 2022 subheading" in note for note in assessment.notes)


def test_malformed_code_raises_input_error(goods: GoodsClassifier) -> None:
    with pytest.raises(InputError, match="'85-42-AB'"):
        goods.classify("FPGA", hs_code="85-42-AB")


def test_unknown_words_fall_back_to_hs_text_retrieval_without_listing(goods: GoodsClassifier) -> None:
    assessment = goods.classify("Frozen orange juice concentrate")
    best = assessment.best
    assert best is not None and best.evidence == ["HS text retrieval"] and best.confidence < 0.5
    assert best.hs6.startswith("2009")


def test_scan_text_finds_codes_words_and_part_numbers(goods: GoodsClassifier) -> None:
    text = "/INV/2024-118 ELECTRONIC COMPONENTS XC7A100T 500PCS, BEARINGS 6205-2RS, HS 8504.40 REF 7741"
    found = {c.hs6: c for c in goods.scan_text(text)}
    assert set(found) == {"854239", "848210", "850440"}
    assert found["850440"].source == "hs_code"
    assert found["854239"].evidence == ["XC7A100T"]


def test_scan_text_is_quiet_on_an_ordinary_remittance(goods: GoodsClassifier) -> None:
    assert goods.scan_text("INV 2024/118 payment for furniture and textiles, contract 55/2024") == []


def test_limit_caps_the_candidates(goods: GoodsClassifier) -> None:
    assert len(goods.classify("Frozen shrimp", limit=2).candidates) <= 2


def test_goods_named_after_for_are_what_the_line_serves(goods: GoodsClassifier) -> None:
    best = goods.classify("Spindle assembly for VMC-850 machining centre").best
    assert best is not None and best.hs6 == "846693"
    best = goods.classify("LTE antenna for 4G router").best
    assert best is not None and best.hs6 == "852910"


def test_hint_words_alone_never_list_however_often_repeated(goods: GoodsClassifier) -> None:
    story = "The aircraft and the drones were shot down. Drones, drones and more aircraft and helicopters."
    found = goods.scan_text(story)
    assert found and all(c.confidence < 0.5 for c in found)
    assert goods.classify("drone").listed is False


def test_part_number_deep_inside_a_long_text_is_found(goods: GoodsClassifier) -> None:
    text = "payment for consulting services " * 400 + "ref cylindrical roller bearing NU 2208 ECP"
    found = {c.hs6 for c in goods.scan_text(text)}
    assert found == {"848250"}


def test_declared_chapter_notes_its_listed_codes_without_listing(goods: GoodsClassifier) -> None:
    assessment = goods.classify(None, hs_code="85")
    assert not assessment.listed  # a few dozen listed codes among hundreds: ask, do not list
    assert any("chapter" in note and "8504.40" in note and "14 more" in note for note in assessment.notes)


@pytest.mark.parametrize(
    ("line", "hs6", "listed"),
    [
        ("Токарный станок 16К20Ф3", "845811", True),  # ENIMS model, "Ф3" = numerical control
        ("Станок 6Р13Ф3", "845961", True),
        ("Станок токарный 16К20 (без ЧПУ)", "845819", False),  # "without CNC" is not CNC
    ],
)
def test_russian_machine_tool_models_and_negated_cnc(
    goods: GoodsClassifier, line: str, hs6: str, listed: bool
) -> None:
    assessment = goods.classify(line)
    assert assessment.best is not None and assessment.best.hs6 == hs6
    assert assessment.listed is listed


def test_listed_declared_code_stays_first_when_the_description_reads_unlisted(goods: GoodsClassifier) -> None:
    assessment = goods.classify("Laptop 15.6 inch", hs_code="8542.39")
    assert assessment.consistency is not None  # the mismatch is still reported
    assert assessment.listed
    assert assessment.best is not None and (assessment.best.hs6, assessment.best.chpl_tier) == ("854239", "1")
