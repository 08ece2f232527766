"""BM25 retrieval over the HS 2022 subheading texts.

Tariff wording ("Electronic integrated circuits; n.e.c. in heading no. 8542") rarely looks
like invoice wording, so this is the fallback that proposes a subheading when the lexicon
knows no word of a line, and the baseline the evaluation compares the lexicon against.
Each subheading is indexed with its heading's text. Pure computation over the nomenclature.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from dualuse.goods.tables import HsNomenclature
from dualuse.goods.text import tokenize

# Tariff filler that says nothing about the goods.
_STOPWORDS = frozenset(
    tokenize(
        "a an and or of the for in on to with without whether not other than n e c nes heading headings "
        "item no including excluding kind used use such their its thereof parts part"
    ).stems
)
_K1 = 1.2
_B = 0.75
_COMMON_SHARE = 0.05  # terms in more than this share of subheadings are skipped


@dataclass(frozen=True, slots=True)
class Retrieved:
    hs6: str
    score: float
    coverage: float  # share of the query's term weight this subheading matched
    similarity: float  # rapidfuzz token_sort_ratio of query and subheading text, 0..100


def _terms(text: str) -> Counter[str]:
    return Counter(s for s, _ in tokenize(text).words if s not in _STOPWORDS and not s.isdigit())


class HsRetriever:
    def __init__(self, nomenclature: HsNomenclature) -> None:
        self._nomenclature = nomenclature
        postings: dict[str, list[tuple[int, int]]] = {}
        self._codes: list[str] = []
        self._lengths: list[int] = []
        heading_terms: dict[str, Counter[str]] = {}
        for entry in nomenclature.subheadings():
            if entry.parent not in heading_terms:
                heading_terms[entry.parent] = _terms(nomenclature.text(entry.parent))
            counts = _terms(entry.description) + heading_terms[entry.parent]
            doc = len(self._codes)
            self._codes.append(entry.code)
            self._lengths.append(sum(counts.values()))
            for term, count in counts.items():
                postings.setdefault(term, []).append((doc, count))
        total = len(self._codes)
        average = sum(self._lengths) / max(total, 1)
        self._idf = {t: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}
        self._unseen_idf = math.log(1 + (total + 0.5) / 0.5)
        # BM25 term weights are computed once here so that a query only adds numbers up.
        self._weights = {
            term: [
                (
                    doc,
                    self._idf[term]
                    * count
                    * (_K1 + 1)
                    / (count + _K1 * (1 - _B + _B * self._lengths[doc] / average)),
                )
                for doc, count in term_postings
            ]
            for term, term_postings in postings.items()
        }
        self._common = max(50, int(total * _COMMON_SHARE))

    def search(self, text: str, limit: int = 5) -> list[Retrieved]:
        query = [
            s
            for s in dict.fromkeys(s for s, _ in tokenize(text).words)
            if s not in _STOPWORDS and not s.isdigit()
        ]
        terms = [s for s in query if s in self._idf]
        if not terms:
            return []
        # Words the nomenclature never uses ("chicken", "fpga") count as the rarest words.
        query_weight = sum(self._idf.get(t, self._unseen_idf) for t in query)
        scores: dict[int, float] = {}
        matched: dict[int, float] = {}
        # Words such as "electrical" sit in hundreds of subheadings: they rank nothing and cost
        # the most, so they count only when the line has no rarer word.
        rare = [t for t in terms if len(self._weights[t]) <= self._common] or terms
        for term in rare:
            idf = self._idf[term]
            for doc, weight in self._weights[term]:
                scores[doc] = scores.get(doc, 0.0) + weight
                matched[doc] = matched.get(doc, 0.0) + idf
        best = heapq.nsmallest(limit, scores, key=lambda d: (-scores[d], self._codes[d]))
        return [
            Retrieved(
                hs6=self._codes[doc],
                score=scores[doc],
                coverage=matched[doc] / query_weight,
                similarity=fuzz.token_sort_ratio(
                    text.lower(), self._nomenclature.text(self._codes[doc]).lower()
                ),
            )
            for doc in best
        ]
