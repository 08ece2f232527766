"""SWIFT MT: the real-format samples read field by field, and broken messages rejected with the
message, field and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import InputError
from dualuse.payments import parse_messages, read_messages

FIXTURES = Path(__file__).parent.parent / "fixtures" / "payments" / "mt"

MT103 = (
    "{1:F01BANKDEFFAXXX0000000000}{2:I103BANKRUMMXXXXN}{3:{121:11111111-2222-4333-8444-555555555555}}{4:\r\n"
    ":20:REF-1\r\n"
    ":23B:CRED\r\n"
    ":32A:240314USD125000,\r\n"
    ":50K:/40702810000000000001\r\n"
    "OOO TEKHNOPARK VOSTOK\r\n"
    "UL. LENINA 5\r\n"
    "MOSCOW\r\n"
    ":56A:SABRRUMMXXX\r\n"
    ":59F:/CN12345\r\n"
    "1/SHENZHEN BRIGHT CHIP CO LTD\r\n"
    "2/ROOM 5, TECH PARK\r\n"
    "3/CN/SHENZHEN\r\n"
    ":70:INV 2024/118 ELECTRONIC COMPONENTS\r\n"
    ":71A:SHA\r\n"
    "-}"
)


def test_mt103_structured_parties_from_50f_and_59f() -> None:
    [payment] = read_messages(FIXTURES / "cbpr_p211_mt103_A_to_B.fin")
    parties = {party.role: party for party in payment.parties}
    assert (payment.id, payment.date, payment.amount, payment.currency) == (
        "pacs8bizmsgidr01",
        "2021-04-09",
        15669.38,
        "EUR",
    )
    assert payment.extra["uetr"] == "8a562c67-ca16-48ba-b074-65581be6f001"
    originator = parties["originator"]
    assert (originator.name, originator.account, originator.address, originator.country) == (
        "C Consumer",
        "12547896",
        "High Street, Epping",
        "GB",
    )
    assert originator.source == "MT103 50F"
    assert parties["beneficiary"].name == "Evli" and parties["beneficiary"].country == "FI"
    assert parties["intermediary_bank"].bic == "NDEAFIHH"
    assert parties["instructing_agent"].bic == "RBOSGB2L" and parties["instructed_agent"].bic == "ABNANL2A"
    assert [(t.source, t.kind) for t in payment.free_text] == [
        ("MT103 50F line 2", "address"),
        ("MT103 59F line 2", "address"),
        ("MT103 70", "text"),
    ]


def test_mt103_option_k_bic_country_and_text_fields() -> None:
    [payment] = parse_messages(MT103)
    parties = {party.role: party for party in payment.parties}
    assert parties["originator"].name == "OOO TEKHNOPARK VOSTOK"
    assert parties["originator"].address == "UL. LENINA 5, MOSCOW"
    assert parties["intermediary_bank"].country == "RU"  # from the BIC's characters 5-6
    assert parties["instructed_agent"].bic == "BANKRUMM"
    assert payment.remittance_info == "INV 2024/118 ELECTRONIC COMPONENTS"
    sources = [entry.source for entry in payment.free_text]
    assert "MT103 50K line 3" in sources and "MT103 59F line 2" in sources


def test_mt202cov_sequence_b_carries_the_underlying_customers() -> None:
    [payment] = read_messages(FIXTURES / "cbpr_p231a_mt202cov_A_to_B.fin")
    by_source = {party.source: party for party in payment.parties}
    assert by_source["MT202COV 50F"].name == "A Debiter"
    assert by_source["MT202COV 59F"].name == "B Creditor Co"
    assert by_source["MT202COV seq B 57A"].bic == "CAIXESBB"
    assert by_source["MT202COV 58A"].role == "beneficiary"
    assert payment.extra["message_type"] == "MT202COV"


def test_batch_with_ack_blocks_and_dollar_separators() -> None:
    payments = list(read_messages(FIXTURES / "prowide_MT103-bulk-with-ack.rje"))
    by_id = {payment.id: payment for payment in payments}
    assert sorted(by_id) == ["201904250034434", "234234233", "C4772342333"]
    assert by_id["234234233"].extra["screening_result"] == "/AOK/NO HIT DETECTED"
    assert len(list(read_messages(FIXTURES / "prowide_MT103-out-ack.rje"))) == 13


def test_mt199_reject_names_its_original_by_uetr() -> None:
    [reject] = read_messages(FIXTURES / "cbpr_p231a_mt199_D_to_A.fin")
    assert reject.extra["status"] == "RJCT"
    assert reject.extra["original_uetr"] == "7a562c67-ca16-48ba-b074-65581be6f001"


@pytest.mark.parametrize(
    ("broken", "field", "line", "words"),
    [
        (MT103.replace("-}", ""), "block 4", 1, "truncated"),
        (MT103.replace(":71A:SHA", ":99Z:SHA"), "MT103 99Z", 15, "unknown tag"),
        (MT103.replace("240314USD125000,", "2403USD125000"), "MT103 32A", 4, "YYMMDD"),
        (MT103.replace("{3:{121:", "{3:{121").replace("5555}}", "5555}"), "block 3", 1, "truncated"),
        (MT103.replace(":56A:SABRRUMMXXX", ":56A:NOT A BIC"), "MT103 56A", 9, "not a BIC"),
        (MT103.replace("3/CN/SHENZHEN", "SHENZHEN"), "MT103 59F", 10, "line number"),
        (MT103.replace("I103", "I940"), "block 2", 1, "MT940"),
        (MT103.replace(":20:REF-1\r\n", ""), "MT103 20", 1, "mandatory"),
        ("hello", "format", 1, "neither"),
    ],
)
def test_broken_messages_name_message_field_and_line(broken: str, field: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_messages(broken, file="broken.fin")
    assert caught.value.field == field
    assert caught.value.line == line
    assert caught.value.file == "broken.fin"
    assert words in caught.value.message


def test_50f_coded_identifier_and_numbered_lines() -> None:
    ordering = "\r\n".join(
        [
            ":50F:TXID/RU/7701234567",
            "1/OOO TEKHNOPARK",
            "1/VOSTOK",
            "2/UL. LENINA 5",
            "3/RU/MOSKVA",
            "6/RU/BANK/42",
        ]
    )
    message = MT103.replace(
        ":50K:/40702810000000000001\r\nOOO TEKHNOPARK VOSTOK\r\nUL. LENINA 5\r\nMOSCOW", ordering
    )
    [payment] = parse_messages(message)
    originator = next(p for p in payment.parties if p.role == "originator")
    assert (originator.name, originator.address, originator.country) == (
        "OOO TEKHNOPARK VOSTOK",
        "UL. LENINA 5, MOSKVA",
        "RU",
    )
    assert originator.identifiers == {"inn": "7701234567", "customer_id": "RU/BANK/42"}
    assert originator.account is None
