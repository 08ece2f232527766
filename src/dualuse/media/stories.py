"""Cluster copies and rewrites of one story; label each article's part in it.

Units are article sections (a page that concatenates reports has several). Candidates come from
MinHash LSH Ensemble indexes (datasketch, containment queries) over word 3-shingles and over
"facts" (figures and capitalised names other than the ubiquitous Russia/China/Ukraine), then
every candidate pair is re-checked exactly on the full sets:

- same text: one side's shingles are at least half contained in the other's (copies, light edits);
- same facts: at least `MIN_SHARED_FACTS` facts shared and half of the smaller side's facts
  (rewrites and machine paraphrases that change most wording but keep names and figures).

A unit whose sentences are covered by two neighbours on disjoint parts is a concatenation: it
contains both stories and is kept out of the union so that it does not merge them. No I/O.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any

from datasketch import MinHash, MinHashLSH

from dualuse.media.lexicon import lexicon
from dualuse.media.text import fold, shingles, words
from dualuse.media.types import Article, Member, Story

MIN_UNIT_WORDS = 25  # shorter sections of a page are banners ("Morning briefing"), not stories
SAME_TEXT = 0.5
SAME_FACTS = 0.5
MIN_SHARED_FACTS = 6
COPY = 0.8
_NUM_PERM = 128
# Jaccard thresholds of the candidate indexes: low, because a shortened rewrite shares few
# shingles and a fifth of its facts with the full report; the exact check decides.
_LSH_TEXT_THRESHOLD = 0.3
_LSH_FACT_THRESHOLD = 0.1
_FOREIGN_FACTS = 0.2
_TITLE_CHARS = 100
_MIN_SENTENCE_WORDS = 8
_MAX_SENTENCE_BUCKET = 50

_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|per ?cent|percent)", re.IGNORECASE)
_MONEY = re.compile(r"(?:US\$|\$|€|£|USD\s?|EUR\s?)\s*(\d[\d,]*(?:\.\d+)?)\s*(million|billion|bn|m)?\b")
_TOKEN = re.compile(r"\w[\w'-]*")


@dataclass(slots=True)
class Unit:
    """One section of one article, with the sets the comparison needs."""

    article: int
    section: int
    shingles: set[str]
    facts: set[str]
    sentences: list[str]
    length: int
    neighbours: dict[int, float] = field(default_factory=dict)
    sentence_features: list[tuple[set[str], set[str]]] | None = None


def fact_terms(text: str) -> set[str]:
    """Figures and non-initial capitalised words: what survives a paraphrase of the same report."""
    facts = {f"pct:{m.group(1)}" for m in _PERCENT.finditer(text)}
    facts |= {f"money:{m.group(1)}{(m.group(2) or '').lower()}" for m in _MONEY.finditer(text)}
    for token in _TOKEN.findall(fold(text))[1:]:
        if len(token) >= 3 and (token[0].isupper() or any(ch.isupper() for ch in token[1:2])):
            key = token.casefold().removesuffix("'s")
            if not _common_word(key):
                facts.add(key)
    return facts


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Capitalised words that say nothing about which report a text is: function words, the
    ubiquitous Russia/China/Ukraine, legal forms ("LLC") and organisation words ("Technology")."""
    lex = lexicon()
    return lex.not_names | lex.ubiquitous_names | lex.org_heads | frozenset(lex.legal_suffixes)


def _common_word(key: str) -> bool:
    return key in _common_words() or key.rstrip(".") in _common_words()


def build_units(articles: list[Article]) -> list[Unit]:
    units = []
    for article_index, article in enumerate(articles):
        for section in article.sections:
            text = article.section_text(section.index)
            tokens = words(text)
            if len(tokens) < MIN_UNIT_WORDS and (len(article.sections) > 1 or not tokens):
                continue
            sentences = [article.sentences[i].text for i in section.sentences]
            units.append(
                Unit(
                    article=article_index,
                    section=section.index,
                    shingles=shingles(tokens),
                    facts=fact_terms(text),
                    sentences=sentences,
                    length=len(tokens),
                )
            )
    return units


@lru_cache(maxsize=1)
def _permutations() -> tuple[Any, Any]:
    """The hash permutations, drawn once (drawing them costs more than hashing a short text)."""
    permutations: tuple[Any, Any] = MinHash(num_perm=_NUM_PERM, scheme="affine32").permutations
    return permutations


def _minhash(values: set[str]) -> MinHash:
    digest = MinHash(num_perm=_NUM_PERM, permutations=_permutations(), scheme="affine32")
    digest.update_batch([value.encode("utf-8") for value in values])
    return digest


def candidate_pairs(units: list[Unit]) -> set[tuple[int, int]]:
    """Pairs worth an exact check: a MinHash LSH bucket shared over shingles (near copies) or
    over facts (rewrites), or a whole sentence shared (a short story copied into a long page,
    which Jaccard-based LSH misses)."""
    pairs = _shared_sentence_pairs(units)
    for attribute, threshold in (("shingles", _LSH_TEXT_THRESHOLD), ("facts", _LSH_FACT_THRESHOLD)):
        index = MinHashLSH(threshold=threshold, num_perm=_NUM_PERM)
        sets: list[set[str]] = [getattr(unit, attribute) for unit in units]
        for i, values in enumerate(sets):
            if not values:
                continue
            digest = _minhash(values)
            pairs.update((j, i) for j in index.query(digest))
            index.insert(i, digest)
    return pairs


def _shared_sentence_pairs(units: list[Unit]) -> set[tuple[int, int]]:
    """Units that share a sentence of at least `_MIN_SENTENCE_WORDS` words, word for word. A sentence
    found in more than `_MAX_SENTENCE_BUCKET` units is boilerplate and links nothing."""
    holders: dict[str, set[int]] = {}
    for i, unit in enumerate(units):
        for sentence in unit.sentences:
            tokens = words(sentence)
            if len(tokens) >= _MIN_SENTENCE_WORDS:
                holders.setdefault(" ".join(tokens), set()).add(i)
    pairs: set[tuple[int, int]] = set()
    for group in holders.values():
        if 1 < len(group) <= _MAX_SENTENCE_BUCKET:
            pairs.update(combinations(sorted(group), 2))
    return pairs


def containment(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a) if a else 0.0


def similarity(a: Unit, b: Unit) -> float:
    """How surely two units tell the same story (0..1); at least 0.5 means they do."""
    text = max(containment(a.shingles, b.shingles), containment(b.shingles, a.shingles))
    shared = len(a.facts & b.facts)
    facts = shared / min(len(a.facts), len(b.facts)) if shared >= MIN_SHARED_FACTS else 0.0
    return min(1.0, 0.5 * max(text / SAME_TEXT, facts / SAME_FACTS))


def _sentence_features(unit: Unit) -> list[tuple[set[str], set[str]]]:
    """Shingles and facts of each sentence, computed once per unit and only when needed."""
    if unit.sentence_features is None:
        unit.sentence_features = [(shingles(words(s)), fact_terms(s)) for s in unit.sentences]
    return unit.sentence_features


def _covered_sentences(unit: Unit, other: Unit) -> set[int]:
    covered = set()
    for index, (sentence_shingles, sentence_facts) in enumerate(_sentence_features(unit)):
        if containment(sentence_shingles, other.shingles) >= SAME_TEXT or (
            len(sentence_facts) >= 2 and containment(sentence_facts, other.facts) >= 0.6
        ):
            covered.add(index)
    return covered


def is_concatenation(unit: Unit, neighbours: list[Unit]) -> bool:
    """Two neighbours cover disjoint parts of `unit`: it carries two different stories."""
    covers = [c for c in (_covered_sentences(unit, n) for n in neighbours) if len(c) >= 2]
    return any(len(a & b) <= 0.2 * min(len(a), len(b)) for a, b in combinations(covers, 2))


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def all_pairs(units: list[Unit]) -> set[tuple[int, int]]:
    """Every pair: the exhaustive baseline the LSH candidates are measured against."""
    return set(combinations(range(len(units)), 2))


def cluster(
    units: list[Unit], pairs: Callable[[list[Unit]], set[tuple[int, int]]] = candidate_pairs
) -> tuple[list[list[int]], dict[int, list[int]]]:
    """Stories as lists of unit indexes, and for each concatenation unit its neighbours."""
    for i, j in pairs(units):
        score = similarity(units[i], units[j])
        if score >= 0.5:
            units[i].neighbours[j] = score
            units[j].neighbours[i] = score
    containers = {
        i: list(unit.neighbours)
        for i, unit in enumerate(units)
        if len(unit.neighbours) >= 2 and is_concatenation(unit, [units[j] for j in unit.neighbours])
    }
    parent = list(range(len(units)))
    for i, unit in enumerate(units):
        for j in unit.neighbours:
            if i not in containers and j not in containers:
                parent[_find(parent, i)] = _find(parent, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(units)):
        if i not in containers:
            groups.setdefault(_find(parent, i), []).append(i)
    return list(groups.values()), containers


def wraps(unit: Unit, other: Unit) -> bool:
    """`unit` carries `other` whole plus sentences about something else (a page with one more
    story): its sentences not found in `other` share almost none of `other`'s facts. A fuller
    version of the same story does not wrap a shorter one: its extra sentences name the same
    companies and figures."""
    if containment(other.shingles, unit.shingles) < COPY:
        return False
    covered = _covered_sentences(unit, other)
    features = _sentence_features(unit)
    extra = [features[i][1] for i in range(len(features)) if i not in covered]
    if len(extra) < 2:
        return False
    extra_facts = set().union(*extra)
    return containment(extra_facts, other.facts) < _FOREIGN_FACTS if extra_facts else True


def _canonical(units: list[Unit], members: list[int], articles: list[Article]) -> int:
    """The member most similar to the others (the medoid), among those that do not wrap another
    member in unrelated text; then the longer one, then the first by article id, so that the
    choice does not depend on reading order."""

    def centrality(i: int) -> tuple[float, int]:
        closeness = sum(units[i].neighbours.get(j, 0.0) for j in members if j != i)
        return round(closeness, 9), units[i].length

    plain = [i for i in members if not any(wraps(units[i], units[j]) for j in members if j != i)]
    ordered = sorted(plain or members, key=lambda i: (articles[units[i].article].id, units[i].section))
    return max(ordered, key=centrality)


def _opening(article: Article, section: int) -> str | None:
    """The first words of a section without a headline, to name its story."""
    indexes = article.sections[section].sentences
    if not indexes:
        return None
    text = article.sentences[indexes[0]].text
    return text if len(text) <= _TITLE_CHARS else text[: _TITLE_CHARS - 3].rsplit(" ", 1)[0] + "..."


def _story_id(article: Article, section: int) -> str:
    key = " ".join(words(article.section_text(section)))
    return "story:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def build_stories(
    articles: list[Article], pairs: Callable[[list[Unit]], set[tuple[int, int]]] = candidate_pairs
) -> list[Story]:
    """Stories with labelled members, largest first. `pairs` chooses the pairs checked exactly
    (LSH candidates; `all_pairs` for the exhaustive baseline)."""
    units = build_units(articles)
    groups, containers = cluster(units, pairs)
    sections_per_article: dict[int, int] = {}
    for unit in units:
        sections_per_article[unit.article] = sections_per_article.get(unit.article, 0) + 1
    stories: list[Story] = []
    for group in groups:
        canonical = _canonical(units, group, articles)
        head = units[canonical]
        article = articles[head.article]
        in_group = set(group)
        hosts = [i for i, near in containers.items() if in_group.intersection(near)]
        members = _members(units, articles, group + hosts, canonical, set(hosts), sections_per_article)
        title = article.sections[head.section].title or article.title or _opening(article, head.section)
        stories.append(Story(_story_id(article, head.section), article.id, head.section, title, members))
    stories.sort(key=lambda story: (-len(story.members), story.id))
    return stories


def _members(
    units: list[Unit],
    articles: list[Article],
    indexes: list[int],
    canonical: int,
    hosts: set[int],
    sections_per_article: dict[int, int],
) -> list[Member]:
    by_article: dict[int, list[int]] = {}
    for i in indexes:
        by_article.setdefault(units[i].article, []).append(i)
    members = []
    for article_index, unit_indexes in by_article.items():
        article = articles[article_index]
        best = max(unit_indexes, key=lambda i: (i == canonical, similarity(units[i], units[canonical])))
        score = 1.0 if best == canonical else similarity(units[best], units[canonical])
        label = _label(units[best], units[canonical], best == canonical)
        if sections_per_article[article_index] > 1 or any(i in hosts for i in unit_indexes):
            label = "contains"
        sections = sorted(units[i].section for i in unit_indexes)
        members.append(Member(article.id, label, sections, round(score, 3), article.url))
    order = {"canonical": 0, "copy": 1, "rewrite": 2, "contains": 3}
    members.sort(key=lambda m: (order[m.label], -m.similarity, m.article))
    return members


def _label(unit: Unit, canonical: Unit, is_canonical: bool) -> str:
    if is_canonical:
        return "canonical"
    if wraps(unit, canonical):
        return "contains"
    both_ways = min(
        containment(unit.shingles, canonical.shingles), containment(canonical.shingles, unit.shingles)
    )
    return "copy" if both_ways >= COPY else "rewrite"
