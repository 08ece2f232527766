"""Message-level screening: listed names and goods in free text, listed BICs, Russian banks in the
chain, and cover payments screened as one, each reason naming its message and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.goods import GoodsClassifier
from dualuse.model import Entity, Identifier, Reason
from dualuse.names.textscan import TextScanner
from dualuse.payments import parse_messages
from dualuse.screening import Screener
from dualuse.screening.freetext import screen_free_text

FIXTURES = Path(__file__).parent.parent / "fixtures" / "payments"

LISTED = [
    Entity(id="test:1", list_id="test", schema="Company", name="OOO Tekhnopark Vostok"),
    Entity(
        id="test:2",
        list_id="test",
        schema="Company",
        name="Public Joint Stock Company Sberbank of Russia",
        aliases=["Sberbank"],
        identifiers=[Identifier(kind="bic", value="SABRRUMMXXX")],
    ),
]


LISTED_ROWS = [
    {"id": "test:1", "names": ["OOO Tekhnopark Vostok"], "schema": "Company"},
    {
        "id": "us_ofac_sdn:2",
        "names": ["Public Joint Stock Company Sberbank of Russia", "Sberbank"],
        "schema": "Company",
        "identifiers": {"bic": "SABRRUMMXXX"},
    },
]


@pytest.fixture(scope="module")
def scanner() -> TextScanner:
    return TextScanner(LISTED)


@pytest.fixture(scope="module")
def goods() -> GoodsClassifier:
    return GoodsClassifier.default()


def _fields(reasons: list[Reason], kind: str) -> set[str]:
    return {reason.details["field"] for reason in reasons if reason.kind == kind}


def _mt(name: str) -> str:
    return (FIXTURES / "mt" / name).read_text(encoding="utf-8")


def _iso(name: str) -> str:
    return (FIXTURES / "iso20022" / name).read_text(encoding="utf-8")


def test_listed_beneficiary_only_in_59f_line_2(scanner: TextScanner) -> None:
    message = _mt("cbpr_p211_mt103_A_to_B.fin").replace("2/Aleksanterinkatu 19", "2/C/O TEKHNOPARK VOSTOK")
    [payment] = parse_messages(message)
    reasons = screen_free_text(payment, scanner)
    [hit] = [r for r in reasons if r.kind == "party"]
    assert hit.details["entity_id"] == "test:1"
    assert hit.details["field"] == "MT103 59F line 2"
    assert "MT103 59F line 2" in hit.explanation
    unedited = screen_free_text(parse_messages(_mt("cbpr_p211_mt103_A_to_B.fin"))[0], scanner)
    assert unedited == []


def test_chpl_goods_only_in_the_remittance_text(scanner: TextScanner, goods: GoodsClassifier) -> None:
    remittance = "<RmtInf><Ustrd>INV 2024/118 FPGA XC7A100T-2FGG484I</Ustrd></RmtInf></CdtTrfTxInf>"
    message = _iso("cbpr_p211_pacs008_A_to_B.xml").replace("</CdtTrfTxInf>", remittance)
    [payment] = parse_messages(message)
    assert payment.goods == []
    reasons = screen_free_text(payment, scanner, goods)
    listed = [r for r in reasons if r.kind == "goods"]
    assert {r.details["hs6"] for r in listed} == {"854239"}
    assert _fields(listed, "goods") == {"pacs.008 CdtTrfTxInf/RmtInf/Ustrd"}
    assert listed[0].details["chpl_tier"] == "1"


def test_goods_words_in_an_address_line_are_not_goods(scanner: TextScanner, goods: GoodsClassifier) -> None:
    message = _mt("cbpr_p211_mt103_A_to_B.fin").replace("2/High Street", "2/8542.39 BEARING STREET")
    reasons = screen_free_text(parse_messages(message)[0], scanner, goods)
    assert [r for r in reasons if r.kind == "goods"] == []


@pytest.mark.parametrize(
    ("message", "field"),
    [
        (_mt("cbpr_p211_mt103_A_to_B.fin").replace(":56A:NDEAFIHHXXX", ":56A:SABRRUMMXXX"), "MT103 56A"),
        (
            _iso("cbpr_p211_pacs008_A_to_B.xml").replace(
                "<BICFI>NDEAFIHHXXX</BICFI>", "<BICFI>SABRRUMMXXX</BICFI>"
            ),
            "pacs.008 CdtTrfTxInf/IntrmyAgt1",
        ),
    ],
)
def test_russian_bank_as_intermediary_agent(scanner: TextScanner, message: str, field: str) -> None:
    [payment] = parse_messages(message)
    reasons = screen_free_text(payment, scanner)
    route = [r for r in reasons if r.kind == "route"]
    assert [(r.details["rule"], r.details["role"], r.details["field"]) for r in route] == [
        ("bank_in_high_risk_country", "intermediary_bank", field)
    ]
    # The listed BIC is the screener's party step's finding, once, naming the message field.
    result = Screener.from_entities(LISTED_ROWS).screen(payment)
    listed_bic = [r for r in result.reasons if r.kind == "party"]
    assert [(r.details["entity_id"], r.details["source"]) for r in listed_bic] == [("us_ofac_sdn:2", field)]
    assert result.decision == "block"


def test_cover_payment_screened_as_one_with_the_cover_leg_as_source(scanner: TextScanner) -> None:
    customer = _mt("cbpr_p231a_mt103_A_to_D.fin")
    cover = _mt("cbpr_p231a_mt202cov_A_to_B.fin").replace("2/Las Ramblas", "2/TEKHNOPARK VOSTOK")
    [payment] = parse_messages(customer + "\n$\n" + cover)
    assert [leg["message_type"] for leg in payment.extra["legs"]] == ["MT103", "MT202COV"]
    assert payment.extra["cover_payment"] is True
    reasons = screen_free_text(payment, scanner)
    assert _fields(reasons, "party") == {"MT202COV 59F line 2"}


def test_pacs008_and_its_pacs009_cov_joined_by_uetr() -> None:
    customer = _iso("cbpr_p231a_pacs008_A_to_D.xml")
    cover = _iso("cbpr_p231a_pacs009cov_A_to_B.xml").replace("B Creditor Co", "Other Creditor")
    payments = parse_messages(customer.encode() + b"\n") + parse_messages(cover)
    assert len(payments) == 2  # separate inputs are not joined
    [joined] = parse_messages(_join_xml(customer, cover))
    beneficiaries = {(p.name, p.source) for p in joined.parties if p.role == "beneficiary" and p.name}
    assert beneficiaries == {
        ("B Creditor Co", "pacs.008 CdtTrfTxInf/Cdtr"),
        ("Other Creditor", "pacs.009 CdtTrfTxInf/UndrlygCstmrCdtTrf/Cdtr"),
    }


def _join_xml(*documents: str) -> str:
    """Two CBPR+ envelopes in one batch file (a wrapper element around them)."""
    bodies = [doc[doc.index("<Envelope") :] for doc in documents]
    return "<Batch>" + "".join(bodies) + "</Batch>"


def test_word_boundaries_and_short_names_in_free_text() -> None:
    scanner = TextScanner(
        [
            Entity(id="t:1", list_id="t", schema="Company", name="ALMAZ"),
            Entity(id="t:2", list_id="t", schema="Company", name="Almazov Trading"),
            Entity(id="t:3", list_id="t", schema="Company", name="Kronshtadt", weak_aliases=["KRON"]),
        ]
    )
    assert scanner.scan("PAYMENT TO ALMAZ FOR KRON PARTS") == []  # too short alone; weak alias
    assert scanner.scan("KRONSHTADTSKIY ZAVOD, ALMAZOVTRADING") == []  # inside longer words
    assert [h.entity.id for h in scanner.scan("via almazov trading, kronshtadt")] == ["t:2", "t:3"]
    assert [h.entity.id for h in scanner.scan("ОАО Кронштадт")] == ["t:3"]


def test_listed_name_cut_across_two_lines_of_field_70(scanner: TextScanner) -> None:
    message = _mt("cbpr_p211_mt103_A_to_B.fin").replace(
        ":70:/ROC/pacs008EndToEndId-001", ":70:/ROC/1 PAYMENT TO OOO TEKHNOPARK VOS\r\nTOK FOR PARTS"
    )
    [hit] = screen_free_text(parse_messages(message)[0], scanner)
    assert (hit.details["entity_id"], hit.details["field"]) == ("test:1", "MT103 70 lines 1-2")
