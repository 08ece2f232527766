"""From articles to a `MediaReport`: stories, organisations, persons, countries, goods, figures.

The screening link and the goods classifier are passed in (any object with the documented
`match` / `scan_text` method), so that the core runs and is tested without them. Evidence is
counted per story, never per copy. No I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import Any, Protocol

import ahocorasick
from normality import ascii_text

from dualuse.media import entities as ent
from dualuse.media.conflicts import figure_conflicts
from dualuse.media.figures import FoundFigure, figures
from dualuse.media.lexicon import lexicon
from dualuse.media.roles import mention_role
from dualuse.media.stories import build_stories
from dualuse.media.text import words
from dualuse.media.types import (
    Article,
    Evidence,
    Figure,
    ListMatch,
    Measure,
    MediaReport,
    Mention,
    Organisation,
    Provenance,
    Sentence,
    Story,
    story_index,
)


class NameMatching(Protocol):
    """`dualuse.names.NameMatcher` or anything with its `match`."""

    def match(
        self, name: str, *, country: str | None = None, schema: str | None = None, limit: int = 5
    ) -> Sequence[Any]: ...


class GoodsScanning(Protocol):
    """`dualuse.goods.GoodsClassifier` or anything with its `scan_text`."""

    def scan_text(self, text: str) -> Sequence[Any]: ...


def no_country(_: str) -> str | None:
    return None


@dataclass(slots=True)
class MediaOptions:
    matcher: NameMatching | None = None
    goods: GoodsScanning | None = None
    resolve_country: Callable[[str], str | None] = no_country
    match_limit: int = 3
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Context:
    """A sentence with what precedes it in its section (the headline and the sentence before)."""

    article: Article
    sentence: Sentence
    previous: str
    title: str


def _contexts(articles: list[Article]) -> list[_Context]:
    contexts = []
    for article in articles:
        previous: dict[int, str] = {}
        for sentence in article.sentences:
            title = article.sections[sentence.section].title or article.title or ""
            contexts.append(_Context(article, sentence, previous.get(sentence.section, ""), title))
            previous[sentence.section] = sentence.text
    return contexts


def ingest(articles: list[Article], options: MediaOptions | None = None) -> MediaReport:
    """Cluster `articles` into stories and extract everything with provenance."""
    opts = options or MediaOptions()
    stories = build_stories(articles)
    story_by_section = story_index(stories)
    contexts = _contexts(articles)
    org_mentions = _organisation_mentions(contexts, opts.resolve_country)
    org_names = {m.name for m in org_mentions}
    org_spans = _spans(org_mentions)
    persons = [
        m
        for m in _simple_mentions(contexts, "person", ent.persons, opts)
        if m.name not in org_names and not _inside(m, org_spans)
    ]
    name_spans = _spans(org_mentions + persons)
    countries = [
        m for m in _simple_mentions(contexts, "country", ent.countries, opts) if not _inside(m, name_spans)
    ]
    report = MediaReport(
        articles=articles,
        stories=stories,
        organisations=_organisations(org_mentions, stories, story_by_section, articles, opts),
        persons=persons,
        countries=countries,
        goods=[m for m in _goods(contexts, opts.goods) if not _inside(m, org_spans)],
        figures=_figures(contexts),
        notes=list(opts.notes),
    )
    for story in stories:
        in_story = [f for f in report.figures if story_by_section.get(_section_key(f.provenance)) == story.id]
        story.figure_conflicts = figure_conflicts(story, in_story)
    return report


_Spans = dict[tuple[str, int], list[tuple[int, int]]]


def _spans(mentions: list[Mention]) -> _Spans:
    """Character spans of mentions, by (article, sentence)."""
    spans: _Spans = {}
    for mention in mentions:
        where = mention.provenance
        spans.setdefault((where.article, where.sentence), []).append((where.start, where.end))
    return spans


def _inside(mention: Mention, spans: _Spans) -> bool:
    """Whether the mention lies within another one's span (a country word inside a company name)."""
    where = mention.provenance
    return any(
        start <= where.start and where.end <= end
        for start, end in spans.get((where.article, where.sentence), [])
    )


def _section_key(provenance: Provenance) -> tuple[str, int]:
    return provenance.article, provenance.section


def _provenance(context: _Context, start: int, end: int) -> Provenance:
    sentence = context.sentence
    return Provenance(
        article=context.article.id,
        section=sentence.section,
        sentence=sentence.index,
        start=sentence.start + start,
        end=sentence.start + end,
        text=sentence.text[start:end],
    )


def _simple_mentions(
    contexts: list[_Context],
    kind: str,
    finder: Callable[[str, list[ent.Token], ent.CountryResolver], list[ent.Found]],
    opts: MediaOptions,
) -> list[Mention]:
    mentions = []
    for context in contexts:
        text = context.sentence.text
        for found in finder(text, ent.tokenize(text), opts.resolve_country):
            provenance = _provenance(context, found.start, found.end)
            mentions.append(Mention(kind, found.name, found.method, provenance, text, found.country))
    return mentions


def _organisation_mentions(contexts: list[_Context], resolve: ent.CountryResolver) -> list[Mention]:
    """Finds by the extraction methods, then every other occurrence of a name already found."""
    mentions: list[Mention] = []
    for context in contexts:
        text = context.sentence.text
        found = ent.organisations(text, ent.tokenize(text), resolve)
        if ent.mentions_companies(context.previous):
            found += ent.semicolon_list(text, resolve)
        mentions.extend(_org_mention(context, item) for item in _distinct(found))
    known = sorted({m.name for m in mentions} | {_core_name(m.name) for m in mentions}, key=len, reverse=True)
    mentions.extend(_known_name_mentions(contexts, [n for n in known if len(n) >= 4], mentions))
    return mentions


def _distinct(found: list[ent.Found]) -> list[ent.Found]:
    """One find per span: the longest wins over one inside it; list finds carry their country."""
    kept: list[ent.Found] = []
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start), f.country is None)):
        overlapping = next((k for k in kept if k.start <= item.start and item.end <= k.end), None)
        if overlapping is None:
            kept.append(item)
        elif overlapping.country is None and item.country is not None:
            method = f"{overlapping.method}; {item.method}"
            kept[kept.index(overlapping)] = replace(overlapping, method=method, country=item.country)
    return kept


def _org_mention(context: _Context, found: ent.Found) -> Mention:
    text = context.sentence.text
    listed = "list" in found.method
    role = mention_role(
        text, found.start, found.end, listed=listed, context=f"{context.title} {context.previous}"
    )
    provenance = _provenance(context, found.start, found.end)
    return Mention("organisation", found.name, found.method, provenance, text, found.country, role)


def _known_name_mentions(contexts: list[_Context], names: list[str], found: list[Mention]) -> list[Mention]:
    """Occurrences of names already found elsewhere (Aho-Corasick; whole words; longest first),
    outside the spans already taken."""
    if not names:
        return []
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, name)
    automaton.make_automaton()
    taken = _spans(found)
    extra = []
    for context in contexts:
        text = context.sentence.text
        spans = list(taken.get((context.article.id, context.sentence.index), []))
        for start, end in _whole_word_hits(automaton, text):
            if not any(s <= start < e or s < end <= e for s, e in spans):
                spans.append((start, end))
                extra.append(
                    _org_mention(
                        context, ent.Found("organisation", text[start:end], start, end, "known name")
                    )
                )
    return extra


def _whole_word_hits(automaton: Any, text: str) -> list[tuple[int, int]]:
    """(start, end) of automaton hits that are whole words, longest first."""
    hits = []
    for last, name in automaton.iter(text):
        start, end = last - len(name) + 1, last + 1
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            hits.append((start, end))
    return sorted(hits, key=lambda span: (span[0] - span[1], span[0]))


@lru_cache(maxsize=65536)
def organisation_key(name: str) -> str:
    """Names that differ only by legal form, case, quotes or script compare equal."""
    # Cyrillic Х is written "kh" or "h" in Latin: one spelling for both.
    tokens = words(ascii_text(name).replace("<<", " ").replace(">>", " ").replace("kh", "h"))
    prefixes = set(lexicon().legal_prefixes) | {"the"}
    while tokens and tokens[0] in prefixes:
        tokens = tokens[1:]
    suffixes = _legal_suffix_words()
    stripped = True
    while stripped:
        stripped = False
        for suffix in suffixes:
            if len(tokens) > len(suffix) and tuple(tokens[-len(suffix) :]) == suffix:
                tokens, stripped = tokens[: -len(suffix)], True
    return " ".join(tokens)


@lru_cache(maxsize=1)
def _legal_suffix_words() -> tuple[tuple[str, ...], ...]:
    """The legal forms as word tuples, longest first ("co", "ltd" before "co")."""
    return tuple(tuple(words(suffix)) for suffix in lexicon().legal_suffixes)


def _core_name(name: str) -> str:
    """The name without a trailing legal form, as written ("Shenzhen Bright Chip")."""
    key_words = organisation_key(name).split()
    if len(key_words) < 2:
        return name
    pattern = r"\W+".join(re.escape(w) for w in key_words)
    match = re.search(pattern, name, re.IGNORECASE)
    return match.group(0) if match else name


def _organisations(
    mentions: list[Mention],
    stories: list[Story],
    story_by_section: dict[tuple[str, int], str],
    articles: list[Article],
    opts: MediaOptions,
) -> list[Organisation]:
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        key = organisation_key(mention.name)
        if key:
            groups.setdefault(key, []).append(mention)
    canonical = {(s.canonical_article, s.canonical_section): s.id for s in stories}
    urls = {a.id: a.url for a in articles}
    organisations = []
    for key, group in groups.items():
        names = Counter(m.name for m in group)
        display = max(names, key=lambda n: (names[n], len(n)))
        evidence = _evidence(group, story_by_section, canonical, urls)
        organisations.append(
            Organisation(
                key=key,
                name=display,
                names=[display, *sorted((n for n in names if n != display), key=lambda n: (-names[n], n))],
                schema=_schema(group),
                countries=sorted({m.country for m in group if m.country}),
                methods=sorted({part for m in group for part in m.method.split("; ")}),
                mentions=group,
                evidence=evidence,
            )
        )
    if opts.matcher is not None:
        for organisation in organisations:
            organisation.list_matches = list_matches(opts.matcher, organisation, opts.match_limit)
    organisations.sort(key=lambda o: (not o.supplies_russia, -o.story_count, -len(o.mentions), o.name))
    return organisations


def _schema(group: list[Mention]) -> str:
    lex = lexicon()
    for mention in group:
        last = words(mention.name)[-1:]
        if (
            "legal form" in mention.method
            or "list of companies" in mention.method
            or set(last) & lex.company_heads
        ):
            return "Company"
    return "Organization"


def _evidence(
    group: list[Mention],
    story_by_section: dict[tuple[str, int], str],
    canonical: dict[tuple[str, int], str],
    urls: dict[str, str | None],
) -> list[Evidence]:
    """One sentence per story: a supply sentence first, from the canonical version if it has one."""
    best: dict[str, tuple[tuple[bool, bool, int], Mention]] = {}
    for mention in group:
        where = (mention.provenance.article, mention.provenance.section)
        story_id = story_by_section.get(where)
        if story_id is None:
            continue
        rank = (mention.role != "supplier", canonical.get(where) != story_id, mention.provenance.sentence)
        if story_id not in best or rank < best[story_id][0]:
            best[story_id] = (rank, mention)
    evidence = []
    for story_id, (_, mention) in sorted(best.items()):
        article = mention.provenance.article
        sentence = mention.provenance.sentence
        evidence.append(
            Evidence(
                story_id=story_id,
                article=article,
                url=urls.get(article),
                sentence=mention.sentence_text,
                sentence_index=sentence,
                start=mention.provenance.start,
                end=mention.provenance.end,
                supply=mention.role == "supplier",
            )
        )
    return evidence


def list_matches(matcher: NameMatching, organisation: Organisation, limit: int) -> list[ListMatch]:
    """List entries for any of the organisation's names, best score per entry."""
    country = organisation.countries[0] if len(organisation.countries) == 1 else None
    best: dict[str, ListMatch] = {}
    for name in organisation.names:
        for hit in matcher.match(name, country=country, limit=limit):
            entity = hit.entity
            found = ListMatch(
                entity.id,
                entity.list_id,
                entity.name,
                hit.matched_name,
                float(hit.score),
                hit.explanation,
                list(getattr(hit, "also_listed", ())),
            )
            if entity.id not in best or found.score > best[entity.id].score:
                best[entity.id] = found
    return sorted(best.values(), key=lambda m: -m.score)[:limit]


def _goods(contexts: list[_Context], scanner: GoodsScanning | None) -> list[Mention]:
    if scanner is None:
        return []
    mentions = []
    for context in contexts:
        text = context.sentence.text
        for candidate in scanner.scan_text(text):
            evidence = [str(e) for e in getattr(candidate, "evidence", [])]
            start, end = _locate(text, evidence)
            details = {
                "hs6": getattr(candidate, "hs6", None),
                "hs_heading_text": getattr(candidate, "hs_heading_text", None),
                "chpl_tier": getattr(candidate, "chpl_tier", None),
                "categories": list(getattr(candidate, "categories", []) or []),
                "confidence": getattr(candidate, "confidence", None),
                "evidence": evidence,
                "explanation": getattr(candidate, "explanation", None),
            }
            name = text[start:end] if end > start else str(details["hs_heading_text"] or details["hs6"])
            provenance = _provenance(context, start, end)
            mentions.append(Mention("goods", name, "goods classifier", provenance, text, details=details))
    return mentions


def _locate(text: str, evidence: list[str]) -> tuple[int, int]:
    """Span of the first evidence word found in the sentence (the whole sentence when none is)."""
    folded = text.casefold()
    for word in evidence:
        position = folded.find(word.casefold())
        if word and position >= 0:
            return position, position + len(word)
    return 0, len(text)


def _figures(contexts: list[_Context]) -> list[Figure]:
    return [_figure(context, found) for context in contexts for found in figures(context.sentence.text)]


def _figure(context: _Context, found: FoundFigure) -> Figure:
    measure = {item.name: getattr(found, item.name) for item in fields(Measure)}
    provenance = _provenance(context, found.start, found.end)
    return Figure(**measure, provenance=provenance, sentence_text=context.sentence.text)
