"""Message-level screening: free-text fields and bank codes, not only the party-name fields.

Interface for the pipeline (`Screener.screen` calls this once per transaction, after party and
goods screening, and adds the reasons to the result):

    screen_free_text(transaction: Transaction, scanner: TextScanner,
                     goods: GoodsTextScanner | None = None) -> list[Reason]

- `scanner` is a `dualuse.names.textscan.TextScanner` built once from the loaded list entities
  (the same `ListSet.entities` the `NameMatcher` gets).
- `goods` is anything with `scan_text(text) -> Sequence[GoodsCandidate]`, i.e.
  `dualuse.goods.GoodsClassifier`; None skips the goods words.

What it looks at:
- `transaction.free_text` entries (remittance information, MT 70/72/77B, pacs Ustrd/Strd, address
  lines): listed names everywhere; goods words, part numbers and HS codes in every entry except
  address lines (postcodes look like HS codes). `transaction.remittance_info` is scanned too
  unless a free-text entry already carries the same text. When no entry is an address line (a
  JSONL transaction), each party's `address` is scanned for listed names.
- every party's BIC: a bank in a high-risk country (from BIC characters 5-6) anywhere in the
  payment chain is a route reason. (Whether a BIC is a listed bank's is the party step's job:
  the screener matches every party BIC as an identifier.)
Every reason's `field` says where it was read ("MT202COV 59F line 2",
"pacs.008 CdtTrfTxInf/RmtInf/Ustrd"). This module does no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from dualuse.model import FreeText, Party, Reason, Transaction
from dualuse.names.textscan import TextHit, TextScanner
from dualuse.payments.bic import bic_country, canonical_bic

# Banks here are in the payment chain of Russia's defense industrial base by construction:
# Russian banks, and Belarusian banks, which EU and US measures treat as the same channel.
HIGH_RISK_BANK_COUNTRIES = {"RU": "Russia", "BY": "Belarus"}
BANK_ROLES = frozenset(
    {
        "ordering_bank",
        "beneficiary_bank",
        "intermediary_bank",
        "instructing_agent",
        "instructed_agent",
        "reimbursement_agent",
        "sender_bank",
        "receiver_bank",
    }
)
ADDRESS_KIND = "address"
_TEXT_HIT_SCORE_MULTIWORD = 0.9
_TEXT_HIT_SCORE_ONE_WORD = 0.75
_HIGH_RISK_BANK_SCORE = 0.7


class GoodsCandidateLike(Protocol):
    """The parts of `dualuse.goods.GoodsCandidate` a free-text reason reports."""

    @property
    def hs6(self) -> str: ...
    @property
    def chpl_tier(self) -> object: ...
    @property
    def categories(self) -> Sequence[str]: ...
    @property
    def item_lists(self) -> Sequence[str]: ...
    @property
    def confidence(self) -> float: ...
    @property
    def source(self) -> str: ...
    @property
    def evidence(self) -> Sequence[str]: ...
    @property
    def explanation(self) -> str: ...


class GoodsTextScanner(Protocol):
    def scan_text(self, text: str) -> Sequence[GoodsCandidateLike]: ...


def screen_free_text(
    transaction: Transaction, scanner: TextScanner, goods: GoodsTextScanner | None = None
) -> list[Reason]:
    """Reasons from free text (listed names, listed goods) and from the banks' countries."""
    reasons: list[Reason] = []
    for entry in texts_to_scan(transaction):
        reasons += _name_reasons(entry, scanner)
        if goods is not None and entry.kind != ADDRESS_KIND:
            reasons += _goods_reasons(entry, goods)
    for party in transaction.parties:
        reasons += _bank_country_reasons(party)
    return reasons


def texts_to_scan(transaction: Transaction) -> list[FreeText]:
    """The free-text entries of a transaction, plus its remittance text and party addresses when
    no entry already carries them."""
    entries = list(transaction.free_text)
    texts = {entry.text.strip() for entry in entries}
    remittance = (transaction.remittance_info or "").strip()
    if remittance and remittance not in texts:
        entries.append(FreeText(source="remittance_info", text=remittance))
    if not any(entry.kind == ADDRESS_KIND for entry in entries):
        entries += [
            FreeText(source=f"{party.source or party.role} address", text=party.address, kind=ADDRESS_KIND)
            for party in transaction.parties
            if party.address
        ]
    return entries


def _name_reasons(entry: FreeText, scanner: TextScanner) -> list[Reason]:
    reasons = []
    for hit in _hits(entry, scanner):
        field = _field_with_line(entry, hit, scanner)
        score = _TEXT_HIT_SCORE_MULTIWORD if " " in hit.normalised else _TEXT_HIT_SCORE_ONE_WORD
        explanation = (
            f'Listed name "{hit.matched_name}" ({hit.entity.id}, {hit.alias_kind} name) appears in '
            f'the free text of {field}: "{_excerpt(entry.text)}"'
        )
        details = {
            "role": "mentioned_in_text",
            "query": _excerpt(entry.text),
            "list": hit.entity.list_id,
            "entity_id": hit.entity.id,
            "matched_name": hit.matched_name,
            "alias_kind": hit.alias_kind,
            "field": field,
        }
        reasons.append(Reason(kind="party", score=score, explanation=explanation, details=details))
    return reasons


def _hits(entry: FreeText, scanner: TextScanner) -> list[TextHit]:
    """Names in the text, and in its lines glued together: MT fields wrap at 35 characters, so a
    name may be cut mid-word across two lines ("TEKHNOPARK VOS" / "TOK")."""
    hits = {hit.entity.id: hit for hit in scanner.scan(entry.text)}
    if "\n" in entry.text:
        for hit in scanner.scan("".join(entry.text.splitlines())):
            hits.setdefault(hit.entity.id, hit)
    return list(hits.values())


def _goods_reasons(entry: FreeText, goods: GoodsTextScanner) -> list[Reason]:
    reasons = []
    for candidate in goods.scan_text(entry.text):
        if candidate.chpl_tier is None and not candidate.item_lists:
            continue
        category = ", ".join(candidate.categories)
        tier = f"CHPL tier {candidate.chpl_tier}" if candidate.chpl_tier is not None else "listed item"
        evidence = ", ".join(candidate.evidence)
        explanation = (
            f"{tier} goods in the free text of {entry.source}: HS {candidate.hs6} ({category})"
            f"{f' from {evidence!r}' if evidence else ''}. {candidate.explanation}"
        )
        details = {
            "line": None,
            "hs6": candidate.hs6,
            "chpl_tier": None if candidate.chpl_tier is None else str(candidate.chpl_tier),
            "category": category,
            "item_lists": list(candidate.item_lists),
            "source": candidate.source,
            "evidence": list(candidate.evidence),
            "field": entry.source,
        }
        reasons.append(
            Reason(kind="goods", score=candidate.confidence, explanation=explanation, details=details)
        )
    return reasons


def _bank_country_reasons(party: Party) -> list[Reason]:
    code = canonical_bic(party.bic) if party.bic else None
    country = bic_country(code) if code else None
    if code is None or party.role not in BANK_ROLES or country not in HIGH_RISK_BANK_COUNTRIES:
        return []
    field = party.source or party.role
    explanation = (
        f"A bank in {HIGH_RISK_BANK_COUNTRIES[country]} is in the payment chain: "
        f"{party.role.replace('_', ' ')} {code} ({field}); the BIC's country code is {country}"
    )
    details = {"rule": "bank_in_high_risk_country", "role": party.role, "bic": code, "field": field}
    return [Reason(kind="route", score=_HIGH_RISK_BANK_SCORE, explanation=explanation, details=details)]


def _field_with_line(entry: FreeText, hit: TextHit, scanner: TextScanner) -> str:
    """The entry's source, plus the line of a multi-line field the name was found on."""
    lines = entry.text.splitlines()
    if len(lines) < 2:
        return entry.source
    for number, line in enumerate(lines, start=1):
        if any(found.normalised == hit.normalised for found in scanner.scan(line)):
            return f"{entry.source} line {number}"
    for number in range(1, len(lines)):
        if any(
            found.normalised == hit.normalised
            for found in scanner.scan("".join(lines[number - 1 : number + 1]))
        ):
            return f"{entry.source} lines {number}-{number + 1}"
    return entry.source


def _excerpt(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
