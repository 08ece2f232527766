"""ISO 20022: the real-format samples bound to the schema classes, and broken XML rejected with
the element, line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import InputError
from dualuse.payments import parse_messages, read_messages

FIXTURES = Path(__file__).parent.parent / "fixtures" / "payments" / "iso20022"


def _read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_pacs008_in_envelope_with_apphdr_keys_on_the_document_namespace() -> None:
    [payment] = read_messages(FIXTURES / "cbpr_p211_pacs008_A_to_B.xml", "pacs008")
    assert payment.extra["schema"] == "pacs.008.001.12"
    assert payment.extra["header_message_definition"] == "pacs.008.001.08"
    assert (payment.amount, payment.currency, payment.date) == (15669.38, "EUR", "2021-04-09")
    assert payment.extra["uetr"] == "8a562c67-ca16-48ba-b074-65581be6f001"
    parties = {party.role: party for party in payment.parties}
    assert parties["originator"].source == "pacs.008 CdtTrfTxInf/Dbtr"
    assert parties["intermediary_bank"].bic == "NDEAFIHH"
    assert parties["beneficiary"].address == "Aleksanterinkatu 19, Helsinki"


def test_pacs009_cov_reads_the_underlying_customer_transfer() -> None:
    [payment] = read_messages(FIXTURES / "cbpr_p231a_pacs009cov_A_to_B.xml")
    assert payment.extra["message_type"] == "pacs.009 COV"
    by_source = {party.source: party for party in payment.parties}
    underlying = "pacs.009 CdtTrfTxInf/UndrlygCstmrCdtTrf"
    assert by_source[f"{underlying}/Dbtr"].name == "A Debiter"
    assert by_source[f"{underlying}/Cdtr"].country == "ES"
    assert by_source["pacs.009 CdtTrfTxInf/Cdtr"].bic == "CAIXESBB"


def test_pain001_with_bom_and_russian_creditor_agent_by_clearing_code() -> None:
    [payment] = read_messages(FIXTURES / "moov_pain001_international_RUB.xml", "pain001")
    bank = next(party for party in payment.parties if party.role == "beneficiary_bank")
    assert (bank.name, bank.country, bank.identifiers) == (
        "UNICREDIT BANK AO",
        "RU",
        {"clearing_rucbc": "044525593"},
    )
    assert payment.remittance_info == "PREPAYMENT RUB 1000,00"
    assert bank.source == "pain.001 PmtInf/CdtTrfTxInf/CdtrAgt"


def test_prowide_message_wrapper_and_older_versions() -> None:
    [payment] = read_messages(FIXTURES / "prowide_pacs.008.001.07.xml")
    assert payment.extra["schema"] == "pacs.008.001.07"
    assert {party.role for party in payment.parties} >= {"originator", "beneficiary", "ordering_bank"}
    [bank_transfer] = read_messages(FIXTURES / "prowide_pacs.009.001.07.xml")
    assert bank_transfer.extra["schema"] == "pacs.009.001.07"


def test_pacs002_rejection_is_linked_to_the_original_in_the_same_input(tmp_path: Path) -> None:
    for name in ("cbpr_p231a_pacs008_A_to_D.xml", "cbpr_p231a_pacs002_D_to_A.xml"):
        (tmp_path / name).write_bytes(_read(name))
    payments = list(read_messages(tmp_path))
    status = next(p for p in payments if p.type == "status_report")
    assert status.extra["status"] == "RJCT" and status.extra["status_reasons"] == ["AC04"]
    assert status.extra["original_transaction_id"] == "pcs008bzmsgidr-1"


PACS008 = _read("cbpr_p231a_pacs008_A_to_D.xml").decode()


@pytest.mark.parametrize(
    ("broken", "field", "line", "words"),
    [
        (PACS008.replace("xsd:pacs.008.001.12", "xsd:pacs.008.001.99"), "Document/@xmlns", 40, "version"),
        (
            PACS008.replace("urn:iso:std:iso:20022:tech:xsd:pacs.008.001.12", "urn:example:pacs"),
            "Document/@xmlns",
            40,
            "namespace",
        ),
        (
            PACS008.replace("<Nm>A Debiter</Nm>", "<Name>A Debiter</Name>"),
            "pacs.008.001.12 Document/FIToFICstmrCdtTrf/CdtTrfTxInf/Dbtr/Name",
            80,
            "not allowed",
        ),
        (
            PACS008.replace(">65784.32<", ">65,784.32<"),
            "pacs.008.001.12 Document/FIToFICstmrCdtTrf/CdtTrfTxInf/IntrBkSttlmAmt",
            66,
            "Decimal",
        ),
        (PACS008.replace("</Envelope>", ""), "XML", 123, "well-formed"),
        (
            PACS008.replace("<MsgId>pcs008bzmsgidr-1</MsgId>", ""),
            "pacs.008.001.12 Document//MsgId",
            40,
            "mandatory",
        ),
    ],
)
def test_broken_iso_messages_name_element_and_line(broken: str, field: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_messages(broken, file="broken.xml")
    assert (caught.value.field, caught.value.line, caught.value.file) == (field, line, "broken.xml")
    assert words in caught.value.message


def test_format_option_must_match_the_message() -> None:
    with pytest.raises(InputError, match=r"expects pacs\.009, found pacs\.008\.001\.12"):
        parse_messages(PACS008, format="pacs009")
    with pytest.raises(InputError, match="expects a SWIFT MT message"):
        parse_messages(PACS008, format="mt")


def test_pacs002_repeating_the_original_parties_screens_them() -> None:
    report = (
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10"><FIToFIPmtStsRpt>'
        "<GrpHdr><MsgId>ST1</MsgId><CreDtTm>2024-03-14T10:00:00</CreDtTm></GrpHdr>"
        "<TxInfAndSts><OrgnlEndToEndId>E2E-1</OrgnlEndToEndId><TxSts>RJCT</TxSts>"
        "<StsRsnInf><Rsn><Cd>RR04</Cd></Rsn><AddtlInf>Regulatory reason</AddtlInf></StsRsnInf>"
        "<OrgnlTxRef><Dbtr><Pty><Nm>OOO Tekhnopark Vostok</Nm></Pty></Dbtr>"
        "<CdtrAgt><FinInstnId><BICFI>SABRRUMMXXX</BICFI></FinInstnId></CdtrAgt></OrgnlTxRef>"
        "</TxInfAndSts></FIToFIPmtStsRpt></Document>"
    )
    [status] = parse_messages(report, format="pacs002")
    assert (status.type, status.extra["status"], status.extra["status_reasons"]) == (
        "status_report",
        "RJCT",
        ["RR04"],
    )
    assert [(p.role, p.name, p.bic, p.country) for p in status.parties] == [
        ("beneficiary_bank", None, "SABRRUMM", "RU"),
        ("originator", "OOO Tekhnopark Vostok", None, None),
    ]
    assert status.free_text[0].source == "pacs.002 TxInfAndSts/StsRsnInf/AddtlInf"


def test_a_folder_reads_message_files_only(tmp_path: Path) -> None:
    (tmp_path / "SOURCE.md").write_text("not a message", encoding="utf-8")
    (tmp_path / "a.xml").write_bytes(_read("cbpr_p221_pacs009_B_to_C.xml"))
    (tmp_path / "b.fin").write_bytes((FIXTURES.parent / "mt" / "cbpr_p221_mt202_B_to_C.fin").read_bytes())
    assert [p.extra["message_type"] for p in read_messages(tmp_path)] == ["pacs.009", "MT202"]
    with pytest.raises(InputError, match="cannot read"):
        list(read_messages(tmp_path / "missing.xml"))


def test_several_transactions_in_one_message_get_their_own_ids_and_paths() -> None:
    start = PACS008.index("<CdtTrfTxInf>")
    end = PACS008.index("</CdtTrfTxInf>") + len("</CdtTrfTxInf>")
    second = (
        PACS008[start:end].replace("pacs008EndToEndId-001", "E2E-2").replace("B Creditor Co", "C Creditor")
    )
    two = PACS008[:end] + second + PACS008[end:]
    first, other = parse_messages(two.replace("<NbOfTxs>1</NbOfTxs>", "<NbOfTxs>2</NbOfTxs>"))
    assert (first.id, other.id) == ("pcs008bzmsgidr-1/pacs008EndToEndId-001", "pcs008bzmsgidr-1/E2E-2")
    creditor = next(p for p in other.parties if p.role == "beneficiary")
    assert (creditor.name, creditor.source) == ("C Creditor", "pacs.008 CdtTrfTxInf[2]/Cdtr")


def test_pain001_regulatory_reporting_and_remittance_are_free_text() -> None:
    [payment] = read_messages(FIXTURES / "cbpr_pn011_pain001_A_to_B.xml", "pain001")
    assert payment.extra["regulatory_codes"] == ["BENEFRES"]
    texts = {entry.source: entry.text for entry in payment.free_text if entry.kind == "text"}
    assert texts == {
        "pain.001 PmtInf/CdtTrfTxInf/RmtInf/Ustrd": "/INV/19S95",
        "pain.001 PmtInf/CdtTrfTxInf/RgltryRptg/Dtls/Inf": "34 BRENTWOOD ROAD SEAFORD, NEW YORK 11246",
    }
    assert payment.date == "2009-03-27" and payment.extra["uetr"] == "7a562c67-ca16-48ba-b074-65581be6f001"
