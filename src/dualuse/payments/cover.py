"""Join the legs of a cover payment, and link status reports to the payment they are about.

In the cover method the customer transfer (MT103 / pacs.008) goes straight to the beneficiary's
bank while the money moves bank to bank in a cover (MT202COV / pacs.009 COV) that carries the
underlying originator and beneficiary. Screened apart, each leg looks harmless; screened as one
payment, the cover's parties and texts sit next to the customer leg's, each keeping its source.

Legs match on the UETR, or on the reference the cover repeats (MT202COV 21 = MT103 20;
pacs.009 COV EndToEndId = pacs.008 EndToEndId). Only customer transfers that announce the cover
method (MT103 with a 53a/54a reimbursement agent, pacs.008 with settlement method COVE), cover
legs and status reports wait for the end of the input; everything else streams through.
A status report (pacs.002, MT199 reject) is yielded last, carrying `original_transaction_id` when
its original was in the same input. This module does no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dualuse.model import Party, Transaction

_LINK_KEYS = ("uetr", "end_to_end_id", "instruction_id")
_STATUS_KEYS = (
    ("original_uetr", "uetr"),
    ("original_end_to_end_id", "end_to_end_id"),
    ("original_instruction_id", "instruction_id"),
    ("original_message_id", "id"),
)


def link(transactions: Iterable[Transaction]) -> Iterator[Transaction]:
    customers: list[Transaction] = []
    covers: list[Transaction] = []
    statuses: list[Transaction] = []
    seen: dict[tuple[str, str], str] = {}
    for transaction in transactions:
        transaction.extra.setdefault("legs", [_leg(transaction)])
        if is_status(transaction):
            statuses.append(transaction)
            continue
        _remember(transaction, seen)
        if is_cover(transaction):
            covers.append(transaction)
        elif uses_cover_method(transaction):
            customers.append(transaction)
        else:
            yield transaction
    yield from _joined(customers, covers)
    for status in statuses:
        _link_status(status, seen)
        yield status


def is_cover(transaction: Transaction) -> bool:
    return transaction.extra.get("message_type") in ("MT202COV", "pacs.009 COV")


def is_status(transaction: Transaction) -> bool:
    return transaction.type == "status_report" or "original_uetr" in transaction.extra


def uses_cover_method(transaction: Transaction) -> bool:
    message = transaction.extra.get("message_type")
    if message == "MT103":
        return any(p.role == "reimbursement_agent" for p in transaction.parties)
    return message == "pacs.008" and transaction.extra.get("settlement_method") == "COVE"


def _joined(customers: list[Transaction], covers: list[Transaction]) -> Iterator[Transaction]:
    """Each customer transfer with the still unused covers of its payment, in input order; then
    the covers no customer took. Covers are indexed by reference, so a batch costs linear time
    rather than customers x covers comparisons."""
    by_reference: dict[tuple[str, object], list[int]] = {}
    for position, cover in enumerate(covers):
        for reference in _cover_references(cover):
            by_reference.setdefault(reference, []).append(position)
    used = [False] * len(covers)
    for customer in customers:
        candidates = {p for ref in _customer_references(customer) for p in by_reference.get(ref, ())}
        for position in sorted(candidates):
            if not used[position] and _same_payment(customer, covers[position]):
                used[position] = True
                _merge(customer, covers[position])
        yield customer
    yield from (cover for position, cover in enumerate(covers) if not used[position])


def _cover_references(cover: Transaction) -> list[tuple[str, object]]:
    """The references by which `_same_payment` can pair this cover with a customer transfer."""
    values = (
        ("uetr", cover.extra.get("uetr")),
        ("related_reference", cover.extra.get("related_reference")),
        ("end_to_end_id", cover.extra.get("end_to_end_id")),
    )
    return [(kind, value) for kind, value in values if value]


def _customer_references(customer: Transaction) -> list[tuple[str, object]]:
    values = (
        ("uetr", customer.extra.get("uetr")),
        ("related_reference", customer.id),
        ("end_to_end_id", customer.extra.get("end_to_end_id")),
    )
    return [(kind, value) for kind, value in values if value]


def _same_payment(customer: Transaction, cover: Transaction) -> bool:
    if customer.currency != cover.currency:
        return False
    if customer.extra.get("uetr") and customer.extra.get("uetr") == cover.extra.get("uetr"):
        return True
    if cover.extra.get("related_reference") and cover.extra.get("related_reference") == customer.id:
        return True
    end_to_end = customer.extra.get("end_to_end_id")
    return bool(end_to_end) and end_to_end == cover.extra.get("end_to_end_id")


def _merge(customer: Transaction, cover: Transaction) -> None:
    """Add the cover's parties and texts; a party repeated with the same details is kept once."""
    known = {_party_key(party) for party in customer.parties}
    for party in cover.parties:
        if _party_key(party) not in known:
            customer.parties.append(party)
            known.add(_party_key(party))
    texts = {(entry.text, entry.kind) for entry in customer.free_text}
    customer.free_text += [entry for entry in cover.free_text if (entry.text, entry.kind) not in texts]
    customer.extra["legs"] = customer.extra["legs"] + cover.extra["legs"]
    customer.extra["cover_payment"] = True


def _party_key(party: Party) -> tuple[object, ...]:
    return (party.role, party.name, party.bic, party.account, party.country, party.address)


def _remember(transaction: Transaction, seen: dict[tuple[str, str], str]) -> None:
    seen.setdefault(("id", transaction.id), transaction.id)
    business_id = transaction.extra.get("business_message_id")
    if business_id:
        seen.setdefault(("id", business_id), transaction.id)
    for key in _LINK_KEYS:
        value = transaction.extra.get(key)
        if value:
            seen.setdefault((key, value), transaction.id)


def _link_status(status: Transaction, seen: dict[tuple[str, str], str]) -> None:
    for status_key, key in _STATUS_KEYS:
        value = status.extra.get(status_key)
        if value and (key, value) in seen:
            status.extra["original_transaction_id"] = seen[(key, value)]
            return


def _leg(transaction: Transaction) -> dict[str, object]:
    return {
        "message_type": transaction.extra.get("message_type"),
        "id": transaction.id,
        "file": transaction.extra.get("file"),
        "line": transaction.extra.get("line"),
    }
