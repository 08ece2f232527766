"""Goods classification: an HS code and/or a free-text description -> ranked HS subheadings,
with CHPL tier, EO 14114 category, confidence, the deciding words and a sentence for the analyst.

Evidence comes from three places, in order of trust: the declared HS code (matched by prefix
against every loaded item list), the lexicon (trade words and part numbers), and BM25
retrieval over the HS texts (a low-confidence fallback that never lists an item by itself
unless the line repeats the tariff wording). This module does no I/O; `default()` reads the
shipped tables once through `dualuse.goods.reference`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dualuse.goods.hscode import HsCode, find_hs_codes, format_hs, parse_hs_code
from dualuse.goods.lexicon import Hit, Lexicon
from dualuse.goods.retrieval import HsRetriever
from dualuse.goods.tables import HsNomenclature, ItemList, ItemRow, list_title
from dualuse.goods.text import tokenize

#: A candidate at or above this confidence that is on an item list makes the line "listed".
LISTED_THRESHOLD = 0.5
#: Description evidence at or above this confidence is trusted enough to contradict a code.
CONSISTENCY_THRESHOLD = 0.6
#: Trust left in a declared code when the description reads as a listed item under another code.
CONTRADICTED_CODE_CONFIDENCE = 0.7
#: Hint words alone stay below LISTED_THRESHOLD, however many there are.
HINT_ONLY_CEILING = 0.45
#: Retrieval alone stays below LISTED_THRESHOLD unless the line repeats the tariff text.
RETRIEVAL_CEILING = 0.4
RETRIEVAL_VERBATIM = 0.6
VERBATIM_SIMILARITY = 90.0
_KIND_WORDS = {"part": "part number", "strong": "product words", "weak": "generic word", "hint": "hint word"}


@dataclass(frozen=True, slots=True)
class GoodsCandidate:
    """One HS subheading the goods may fall under, and why."""

    hs6: str
    hs_heading_text: str
    chpl_tier: str | None
    categories: list[str]
    item_lists: list[str]
    confidence: float
    source: str  # "hs_code" or "description"
    evidence: list[str]
    explanation: str

    @property
    def listed(self) -> bool:
        return bool(self.item_lists)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "hs": format_hs(self.hs6), "confidence": round(self.confidence, 3)}


@dataclass(slots=True)
class GoodsAssessment:
    """What dualuse says about one goods line."""

    description: str | None
    declared_hs: str | None
    candidates: list[GoodsCandidate]
    consistency: str | None = None
    vague: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def best(self) -> GoodsCandidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def listed(self) -> bool:
        """The best reading, or the declared code, is on the CHPL / EO 14114 / a loaded list."""
        return any(
            c.listed
            and c.confidence >= LISTED_THRESHOLD
            and (c is self.candidates[0] or c.source == "hs_code")
            for c in self.candidates
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "declared_hs": self.declared_hs,
            "listed": self.listed,
            "vague": self.vague,
            "consistency": self.consistency,
            "notes": self.notes,
            "candidates": [c.to_dict() for c in self.candidates],
        }


@dataclass(slots=True)
class _Draft:
    """A candidate being assembled from several pieces of evidence."""

    hs6: str
    source: str
    confidence: float
    evidence: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    also: frozenset[str] = frozenset()
    digits: str = ""  # the declared code in full, when it is longer than HS6

    def add(self, confidence: float, evidence: str, reason: str) -> None:
        # Independent pieces of evidence combine as a noisy-or.
        self.confidence = 1 - (1 - self.confidence) * (1 - confidence)
        if evidence not in self.evidence:
            self.evidence.append(evidence)
        if reason not in self.reasons:
            self.reasons.append(reason)


class GoodsClassifier:
    """Classify goods lines against the HS nomenclature and every loaded item list."""

    def __init__(self, nomenclature: HsNomenclature, item_lists: list[ItemList], lexicon: Lexicon) -> None:
        self.nomenclature = nomenclature
        self.item_lists = item_lists
        self.lexicon = lexicon
        self._retriever: HsRetriever | None = None

    @property
    def retriever(self) -> HsRetriever:
        """Built on first use (about a second): most lines are decided by the lexicon."""
        if self._retriever is None:
            self._retriever = HsRetriever(self.nomenclature)
        return self._retriever

    @classmethod
    def default(cls) -> GoodsClassifier:
        """The shipped tables (CHPL, EO 14114 mapping, HS 2022, lexicon), built once per process."""
        from dualuse.goods.reference import default_classifier

        return default_classifier()

    @property
    def version(self) -> str:
        """What the goods were checked against, e.g. for a result's provenance."""
        lists = ", ".join(item_list.list_id for item_list in self.item_lists)
        return f"{self.nomenclature.version}; lexicon {self.lexicon.version}; item lists {lists}"

    @classmethod
    def from_tables(cls, *item_list_paths: str | Path, include_default: bool = True) -> GoodsClassifier:
        """The shipped tables plus further item lists (CSV files in the item-list layout)."""
        from dualuse.goods.reference import classifier_with_lists

        return classifier_with_lists(list(item_list_paths), include_default=include_default)

    def classify(
        self, description: str | None, hs_code: str | None = None, limit: int = 5
    ) -> GoodsAssessment:
        """Rank HS subheadings for one goods line. A malformed `hs_code` raises `InputError`."""
        code = parse_hs_code(hs_code) if hs_code and hs_code.strip() else None
        notes: list[str] = []
        drafts: dict[str, _Draft] = {}
        if code is not None:
            self._declared_drafts(code, drafts, notes)
        described: dict[str, _Draft] = {}
        vague = False
        if description and description.strip():
            tokens = tokenize(description)
            hits = self.lexicon.hits(description, tokens)
            described = self._lexicon_drafts(hits)
            # Hint words ("machine tools", "drone") name no product either.
            vague = all(hit.kind == "hint" for hit in hits) and self.lexicon.is_vague(tokens)
            if not described and not vague:
                described = self._retrieval_drafts(description, limit)
        consistency = self._consistency(code, described) if code is not None else None
        if consistency is not None and self._reads_listed(described):
            # A listed reading under another code goes first; a listed declared code keeps
            # its place whatever the description says (the conservative reading wins).
            for draft in drafts.values():
                draft.confidence = min(draft.confidence, CONTRADICTED_CODE_CONFIDENCE)
        _merge(drafts, described)
        if vague:
            notes.append(
                "The description is generic (no product named): ask for the goods, model and HS code."
            )
        ranked = sorted(drafts.values(), key=lambda d: (-d.confidence, d.source != "hs_code", d.hs6))
        return GoodsAssessment(
            description=description,
            declared_hs=str(code) if code else None,
            candidates=[self._candidate(d) for d in ranked[:limit]],
            consistency=consistency,
            vague=vague,
            notes=notes,
        )

    def scan_text(self, text: str) -> list[GoodsCandidate]:
        """HS codes, product words and part numbers inside free text (remittance information,
        MT field 70, news), best first; linear in the length of the text. The text is read
        clause by clause, and words that are also ordinary English need a goods spelling or
        context ("LEDs" counts, "Xi led China" does not)."""
        drafts: dict[str, _Draft] = {}
        for mention in find_hs_codes(text):
            if mention.code.hs6 and self.nomenclature.get(mention.code.hs6):
                draft = drafts.setdefault(mention.code.hs6, _Draft(mention.code.hs6, "hs_code", 0.0))
                draft.add(0.9, str(mention.code), f"HS code {mention.code} written in the text")
        _merge(drafts, self._lexicon_drafts(self.lexicon.scan_hits(text)))
        ranked = sorted(drafts.values(), key=lambda d: (-d.confidence, d.hs6))
        return [self._candidate(d) for d in ranked]

    # -- evidence ----------------------------------------------------------------------------

    def _declared_drafts(self, code: HsCode, drafts: dict[str, _Draft], notes: list[str]) -> None:
        if code.hs6:
            if self.nomenclature.get(code.hs6) is None:
                notes.append(
                    f"Declared HS {code} is not an HS 2022 subheading ({format_hs(code.hs6)} does not exist)."
                )
                return
            drafts[code.hs6] = _Draft(
                code.hs6, "hs_code", 1.0, [str(code)], [f"declared HS {code}"], digits=code.digits
            )
            inside = self._rows_inside(code.digits) if code.national else []
            if inside:
                notes.append(
                    f"Declared HS {code} is a national code; listed national codes: {_codes(inside)}."
                )
            return
        prefix = code.digits
        if code.hs4 and self.nomenclature.get(code.hs4) is None:
            notes.append(f"Declared HS {code} is not an HS 2022 heading.")
            return
        listed = self._rows_inside(prefix) + self._rows_covering(prefix)
        if not listed:
            return
        under = self.nomenclature.subheadings_under(prefix)
        listed_codes = sorted({s for s in under if self._rows_covering(s)})
        share = len(listed_codes) / max(len(under), 1)
        more = len(listed_codes) - 12
        shown = ", ".join(format_hs(c) for c in listed_codes[:12]) + (f" and {more} more" if more > 0 else "")
        notes.append(
            f"Declared HS {code} is a {code.level} ({self.nomenclature.text(prefix)}) that contains "
            f"{len(listed_codes)} of {len(under)} subheadings on an item list: {shown}. "
            "Ask for the 6-digit code."
        )
        # The more of the heading is listed, the likelier the goods are: 0.3 to 0.9.
        confidence = 0.3 + 0.6 * share
        for hs6 in listed_codes:
            drafts[hs6] = _Draft(
                hs6, "hs_code", confidence, [str(code)], [f"declared {code.level} {code} contains it"]
            )

    def _lexicon_drafts(self, hits: list[Hit]) -> dict[str, _Draft]:
        drafts: dict[str, _Draft] = {}
        counted: set[tuple[str, str]] = set()
        decisive: set[str] = set()  # codes with evidence other than hint words
        about_goods: set[str] = set()  # codes with evidence before any "for ..."
        strongest: dict[str, float] = {}
        for hit in hits:
            hs6 = hit.entry.hs6
            if hs6 is None or (hs6, hit.key) in counted:
                continue  # "drone ... drones" is one piece of evidence, not two
            counted.add((hs6, hit.key))
            if hit.kind != "hint":
                decisive.add(hs6)
            if not hit.purpose:
                about_goods.add(hs6)
            strongest[hs6] = max(strongest.get(hs6, 0.0), hit.weight)
            draft = drafts.setdefault(hs6, _Draft(hs6, "description", 0.0, also=hit.entry.also))
            draft.add(hit.weight, hit.text, f"{_KIND_WORDS[hit.kind]} '{hit.text}' ({hit.entry.name})")
        for hs6, draft in drafts.items():
            # Hint words alone ("aircraft", "drones" in a news story) never list goods, and
            # words about what the goods are for do not add up past their strongest one.
            ceiling = 0.99 if hs6 in decisive else HINT_ONLY_CEILING
            if hs6 not in about_goods:
                ceiling = min(ceiling, strongest[hs6])
            draft.confidence = min(draft.confidence, ceiling)
        return drafts

    def _retrieval_drafts(self, description: str, limit: int) -> dict[str, _Draft]:
        drafts: dict[str, _Draft] = {}
        for found in self.retriever.search(description, limit):
            verbatim = found.similarity >= VERBATIM_SIMILARITY
            confidence = RETRIEVAL_VERBATIM if verbatim else RETRIEVAL_CEILING * found.coverage
            reason = (
                "repeats the HS text"
                if verbatim
                else f"shares words with the HS text ({found.coverage:.0%} of the line)"
            )
            drafts[found.hs6] = _Draft(found.hs6, "description", 0.0)
            drafts[found.hs6].add(confidence, "HS text retrieval", f"no lexicon word; the line {reason}")
        return drafts

    def _consistency(self, code: HsCode, described: dict[str, _Draft]) -> str | None:
        trusted = [d for d in described.values() if d.confidence >= CONSISTENCY_THRESHOLD]
        if not trusted:
            return None
        reading = max(trusted, key=lambda d: d.confidence)
        fits = [d for d in trusted if _fits(code, d)]
        if fits:
            return None
        declared_rows = self._rows_covering(code.digits)
        read_rows = self._rows_covering(reading.hs6)
        declared_text = self.nomenclature.text(code.hs6 or code.hs4 or code.chapter)
        evidence = ", ".join(repr(e) for e in reading.evidence)
        said = (
            f"Declared HS {code} ({declared_text}) does not fit the description: {evidence} reads as "
            f"HS {format_hs(reading.hs6)} ({self.nomenclature.text(reading.hs6)})"
        )
        if read_rows and not declared_rows:
            return (
                f"{said}, which is {_rows_label(read_rows)}, while the declared code is on no item list. "
                "A listed item declared under an unlisted code is a known evasion pattern."
            )
        return f"{said}."

    # -- presentation ------------------------------------------------------------------------

    def _candidate(self, draft: _Draft) -> GoodsCandidate:
        rows = self._rows_covering(draft.digits or draft.hs6)
        national = [r for r in self._rows_inside(draft.hs6) if not draft.digits]
        tier = next((r.tier for r in rows if r.list_id == "chpl" and r.tier), None)
        categories = list(dict.fromkeys(r.category for r in rows if r.category))
        lists = list(dict.fromkeys(r.list_id for r in rows))
        heading = draft.hs6[:4]
        text = self.nomenclature.text(draft.hs6)
        what = f"HS {format_hs(draft.hs6)} '{text}' (heading {heading}: {self.nomenclature.text(heading)})"
        where = f"Listed: {_rows_label(rows)}." if rows else "Not on a loaded item list."
        if national:
            where += f" National codes under it are listed: {_codes(national)}; check the full code."
        reasons = "; ".join(draft.reasons)
        explanation = f"{reasons[:1].upper()}{reasons[1:]} -> {what}. {where}"
        return GoodsCandidate(
            hs6=draft.hs6,
            hs_heading_text=text,
            chpl_tier=tier,
            categories=categories,
            item_lists=lists,
            confidence=round(draft.confidence, 4),
            source=draft.source,
            evidence=list(draft.evidence),
            explanation=explanation,
        )

    def _reads_listed(self, described: dict[str, _Draft]) -> bool:
        best = max(described.values(), key=lambda d: d.confidence, default=None)
        return best is not None and bool(self._rows_covering(best.hs6))

    def _rows_covering(self, digits: str) -> list[ItemRow]:
        return [row for item_list in self.item_lists for row in item_list.covering(digits)]

    def _rows_inside(self, digits: str) -> list[ItemRow]:
        return [row for item_list in self.item_lists for row in item_list.inside(digits)]


def _merge(drafts: dict[str, _Draft], more: dict[str, _Draft]) -> None:
    """Add `more` into `drafts`; the same code from both keeps the first one's source."""
    for hs6, draft in more.items():
        if hs6 in drafts:
            drafts[hs6].add(draft.confidence, ", ".join(draft.evidence), "; ".join(draft.reasons))
        else:
            drafts[hs6] = draft


def _fits(code: HsCode, draft: _Draft) -> bool:
    """A description reading fits the declared code when they agree at the declared level
    (or the lexicon names the declared code as an accepted alternative)."""
    declared = code.hs6 or code.digits
    return any(hs6.startswith(declared) or declared.startswith(hs6) for hs6 in (draft.hs6, *draft.also))


def _rows_label(rows: list[ItemRow]) -> str:
    return "; ".join(dict.fromkeys(_row_label(r) for r in rows))


def _row_label(row: ItemRow) -> str:
    basis = f" [{row.basis}, confidence {row.confidence}]" if row.list_id != "chpl" and row.basis else ""
    return f"{row.label()}{basis}"


def _codes(rows: list[ItemRow]) -> str:
    return ", ".join(dict.fromkeys(f"{format_hs(r.hs_code)} ({list_title(r.list_id)})" for r in rows))
