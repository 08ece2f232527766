"""SWIFT MT103, MT202, MT202COV (and the free-format MT199/299) into `Transaction`s.

Every party, free-text field and address line keeps where it was read in `source`
("MT103 59F", "MT202COV 50K line 2", "MT202COV seq B 52A" for the fields that both sequences of
an MT202COV carry). This module does no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from dualuse.errors import InputError
from dualuse.model import FreeText, Party, Transaction
from dualuse.payments.bic import bic_country, canonical_bic
from dualuse.payments.mt import MtField, MtMessage
from dualuse.payments.mt_fields import FieldError, MtParty, parse_amount, parse_date_amount, parse_party

_CUSTOMER_ROLES = {
    "50": "originator",
    "52": "ordering_bank",
    "53": "reimbursement_agent",
    "54": "reimbursement_agent",
    "55": "reimbursement_agent",
    "56": "intermediary_bank",
    "57": "beneficiary_bank",
    "59": "beneficiary",
}
# In a bank-to-bank transfer the ordering and beneficiary institutions are the debtor and creditor.
_BANK_ROLES = {
    "52": "originator",
    "53": "reimbursement_agent",
    "54": "reimbursement_agent",
    "56": "intermediary_bank",
    "57": "beneficiary_bank",
    "58": "beneficiary",
}
_TEXT_TAGS = ("70", "72", "77B", "79")
_SEQUENCE_B_ONLY = ("33B", "50", "59", "70")
_T = TypeVar("_T")
_INS_CODE = re.compile(r"^/INS/([A-Z0-9]{8,11})\s*$", re.MULTILINE)
_UETR_IN_TEXT = re.compile(r"/UETR/([0-9a-fA-F-]{36})")


def to_transaction(message: MtMessage) -> Transaction:
    """One MT message as a transaction; field errors name the message, the field and the line."""
    if message.message_type in ("199", "299"):
        return _free_format(message)
    reference = _required(message, "20").value.strip()
    value_date, currency, amount = _field_value(message, _required(message, "32A"), parse_date_amount)
    transaction = Transaction(
        id=reference, date=value_date, type="payment", amount=amount, currency=currency, extra=_extra(message)
    )
    transaction.parties = _header_parties(message)
    for item in message.fields:
        _add_field(transaction, message, item)
    transaction.remittance_info = _remittance(message)
    return transaction


def _add_field(transaction: Transaction, message: MtMessage, item: MtField) -> None:
    roles = _BANK_ROLES if message.message_type == "202" and item.sequence == "A" else _CUSTOMER_ROLES
    number = item.tag[:2]
    source = _source(message, item)
    if number in roles:
        party = _field_value(message, item, lambda value: parse_party(item.tag, value))
        transaction.parties.append(_party(roles[number], party, source))
        transaction.free_text += _address_texts(party, source)
    elif item.tag in _TEXT_TAGS:
        transaction.free_text.append(FreeText(source=source, text=item.value))
        if item.tag == "72":
            transaction.parties += _instructing_institutions(item.value, source)
    elif item.tag == "33B":
        currency, amount = _field_value(message, item, parse_amount)
        transaction.extra["instructed_amount"] = {"currency": currency, "amount": amount, "source": source}


def _party(role: str, parsed: MtParty, source: str) -> Party:
    address = ", ".join([text for _, text in parsed.address_lines] + ([parsed.town] if parsed.town else []))
    country = parsed.country or (bic_country(parsed.bic) if parsed.bic else None)
    return Party(
        role=role,
        name=parsed.name,
        country=country,
        address=address or None,
        identifiers=dict(parsed.identifiers),
        bic=parsed.bic,
        account=parsed.account,
        source=source,
    )


def _address_texts(parsed: MtParty, source: str) -> list[FreeText]:
    return [
        FreeText(source=f"{source} line {number}", text=text, kind="address")
        for number, text in parsed.address_lines
    ]


def _instructing_institutions(text: str, source: str) -> list[Party]:
    """72 `/INS/BIC`: the bank that instructed the sender, part of the payment chain."""
    parties = []
    for code in _INS_CODE.findall(text):
        bic = canonical_bic(code)
        if bic is not None:
            parties.append(_bank("previous_instructing_agent", bic, source))
    return parties


def _header_parties(message: MtMessage) -> list[Party]:
    """Sender and receiver from the basic and application headers."""
    sender_block, receiver_block = ("1", "2") if message.direction == "input" else ("2", "1")
    parties = []
    for role, bic, block in (
        ("instructing_agent", message.sender, sender_block),
        ("instructed_agent", message.receiver, receiver_block),
    ):
        if bic:
            parties.append(_bank(role, bic, f"{message.name} block {block}"))
    return parties


def _bank(role: str, bic: str, source: str) -> Party:
    """A bank known only by its BIC, which also gives its country."""
    return Party(role=role, country=bic_country(bic), bic=bic, source=source)


def _extra(message: MtMessage) -> dict[str, Any]:
    extra: dict[str, Any] = {"message_type": message.name, "file": message.file, "line": message.line}
    header_keys = {"121": "uetr", "119": "validation_flag", "108": "mur", "433": "screening_result"}
    for key, name in header_keys.items():
        if key in message.header:
            extra[name] = message.header[key]
    codes = {
        "21": "related_reference",
        "23B": "bank_operation_code",
        "26T": "transaction_type",
        "71A": "charges",
    }
    for tag, name in codes.items():
        found = message.first(tag)
        if found is not None:
            extra[name] = found.value.strip()
    instructions = [f.value.strip() for f in message.fields if f.tag == "23E"]
    if instructions:
        extra["instruction_codes"] = instructions
    return extra


def _remittance(message: MtMessage) -> str | None:
    sequence = "B" if message.is_cover else "A"
    found = message.first("70", sequence=sequence)
    return " ".join(found.value.split()) if found is not None else None


def _free_format(message: MtMessage) -> Transaction:
    """MT199/MT299: a reference and a narrative; rejects (/REJT/) name the original by UETR."""
    reference = _required(message, "20").value.strip()
    transaction = Transaction(id=reference, type="free_format_message", extra=_extra(message))
    transaction.parties = _header_parties(message)
    narrative = _required(message, "79")
    transaction.free_text.append(FreeText(source=_source(message, narrative), text=narrative.value))
    uetr = _UETR_IN_TEXT.search(narrative.value)
    if "/REJT/" in narrative.value or "/RETN/" in narrative.value:
        transaction.extra["status"] = "RJCT" if "/REJT/" in narrative.value else "RETN"
        transaction.extra["original_uetr"] = uetr.group(1) if uetr else message.header.get("121")
    return transaction


def _source(message: MtMessage, item: MtField) -> str:
    repeated = item.sequence == "B" and not item.tag.startswith(_SEQUENCE_B_ONLY)
    return f"{message.name} {'seq B ' if repeated else ''}{item.tag}"


def _required(message: MtMessage, tag: str) -> MtField:
    found = message.first(tag)
    if found is None:
        raise InputError(
            f"mandatory field :{tag}: is missing",
            file=message.file,
            line=message.line,
            field=f"{message.name} {tag}",
        )
    return found


def _field_value(message: MtMessage, item: MtField, parse: Callable[[str], _T]) -> _T:
    try:
        return parse(item.value)
    except FieldError as error:
        raise InputError(
            str(error), file=message.file, line=item.line, field=f"{message.name} {item.tag}"
        ) from None
