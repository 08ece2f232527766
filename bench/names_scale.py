"""Scaling benchmark for the name matcher: query latency as the lists grow.

    .venv/bin/python bench/names_scale.py [--sizes 58000,250000,1000000] [--queries 300]
        [--passes 3] [--seed 7]

For each target size N (names plus aliases), the matcher is built over the real default lists
plus SYNTHETIC entities until N names are reached, and the same queries (drawn from the real
lists only, with `names_bench.make_queries`: a third listed names as written, a third damaged,
a third unlisted combinations) are timed at every size. All sizes are built first and kept in
memory (about 1.7 KB per name), then timed in interleaved passes (every size in each pass), so
that the shared machine's drift in speed over minutes does not favour one size. The smallest
size (the real lists, or close to them) is the baseline of the same run. Reported per size:
build CPU time, the memory the matcher adds (RSS growth), match latency (CPU time of the
calling thread) p50 and p99 of each query's best of `--passes` first passes (the query-time
caches are cleared between passes), the median over passes of each pass's p99, the candidate
look-up alone (one first pass: the index's share of the latency), and the top-5 and candidate
recall on the listed and damaged queries (does the right entity stay in the top 5 as the
haystack grows?), with the misses that are ties: the entity scores exactly as high as the fifth
hit (exact namesakes).

Synthetic entities (ids `synthetic:<n>`, list `synthetic`) copy a random real entity's schema,
countries and name structure (word count, order, punctuation, alias count) and swap its words:
each word that is common in that schema's names (legal forms, "GROUP", "TRADING", frequent
given names) is kept, so common words keep their real frequency; each rarer word is replaced,
consistently across the entity's names, by a random rare word of the same schema, script and
case drawn from the real names, and a quarter of those replacements get a one-letter edit (a
new spelling, as transliteration variants give) so that the vocabulary grows with the lists.
That is enough for a scaling test: what the index's per-query work depends on is how many
names share each query word or a near spelling of it (posting lengths and neighbour counts),
and these names give realistic word frequencies and a growing vocabulary. What it does not
show: recall against a real large list (synthetic aliases are not real variants of one
party), real OpenSanctions' mix of scripts and name styles, or how often a real screened name
collides with a real listed one; the words of unspaced scripts (Chinese) are swapped whole.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import regex
from rich.console import Console

from dualuse.lists import load_default
from dualuse.model import Entity
from dualuse.names import NameMatcher, scorer
from names_bench import Query, candidate_ids, make_queries, percentile, ranked_ids, recall, rss_mb, timed

# A word in at least this share of a schema's names (and at least COMMON_MIN of them) is kept
# as written in synthetic names: legal forms and generic words keep their real frequency.
COMMON_SHARE = 0.002
COMMON_MIN = 5
NEW_SPELLING_RATE = 0.25
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]+")
_DIGIT = regex.compile(r"\d")
console = Console(stderr=True)


def name_count(entities: Sequence[Entity]) -> int:
    return sum(1 + len(entity.aliases) + len(entity.weak_aliases) for entity in entities)


def word_class(schema: str, word: str) -> tuple[str, str, bool]:
    """Words are swapped only for words of the same schema, script and case."""
    script = unicodedata.name(word[0], "UNKNOWN").split()[0]
    return schema, script, word.isupper()


@dataclass(slots=True)
class WordPools:
    """Rare words of the real names, by class (with repeats: draws follow real frequency),
    and the common words that synthetic names keep."""

    rare: dict[tuple[str, str, bool], list[str]]
    common: set[tuple[str, str]]

    @classmethod
    def from_entities(cls, entities: Sequence[Entity]) -> WordPools:
        counts: Counter[tuple[str, str]] = Counter()
        names_per_schema: Counter[str] = Counter()
        for entity in entities:
            for name in entity.all_names():
                names_per_schema[entity.schema] += 1
                # dict, not set: first-seen order keeps the pools (and the draws) the same every run
                words = dict.fromkeys(_WORD.findall(name))
                counts.update((entity.schema, word) for word in words)
        common = {
            (schema, word)
            for (schema, word), count in counts.items()
            if count >= max(COMMON_MIN, COMMON_SHARE * names_per_schema[schema])
        }
        rare: dict[tuple[str, str, bool], list[str]] = defaultdict(list)
        for (schema, word), count in counts.items():
            if (schema, word) not in common:
                rare[word_class(schema, word)].extend([word] * count)
        return cls(dict(rare), common)


def respelt(word: str, rng: random.Random) -> str:
    """One-letter edit after the first letter, within the word's own letters (keeps its
    script and case)."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    match rng.randrange(3):
        case 0:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        case 1:
            return word[:i] + word[i] + word[i:]
        case _:
            return word[:i] + rng.choice(word[1:]) + word[i + 1 :]


def synthetic_entity(number: int, template: Entity, pools: WordPools, rng: random.Random) -> Entity:
    swaps: dict[str, str] = {}

    def draw(word: str) -> str:
        if word not in swaps:
            new = rng.choice(pools.rare.get(word_class(template.schema, word), [word]))
            swaps[word] = respelt(new, rng) if rng.random() < NEW_SPELLING_RATE else new
        return swaps[word]

    def swap(found: regex.Match[str]) -> str:
        word = found.group()
        if word not in swaps and (template.schema, word) in pools.common:
            return word
        return draw(word)

    def rename(name: str) -> str:
        new = _DIGIT.sub(lambda _: str(rng.randrange(10)), _WORD.sub(swap, name))
        words = list(_WORD.finditer(name))
        if new == name and words:
            # Made of common words only: swap one anyway, or the entity would be a copy of a
            # real one (a namesake of every such name at every size).
            pick = rng.choice(words)
            new = name[: pick.start()] + draw(pick.group()) + name[pick.end() :]
        return new

    return Entity(
        id=f"synthetic:{number}",
        list_id="synthetic",
        schema=template.schema,
        name=rename(template.name),
        aliases=[rename(alias) for alias in template.aliases],
        weak_aliases=[rename(alias) for alias in template.weak_aliases],
        countries=list(template.countries),
    )


def grown(real: Sequence[Entity], target: int, pools: WordPools, seed: int) -> list[Entity]:
    """The real entities plus synthetic ones until `target` names (same seed: same prefix)."""
    rng = random.Random(seed)
    entities = list(real)
    names = name_count(entities)
    while names < target:
        entity = synthetic_entity(len(entities) - len(real), rng.choice(real), pools, rng)
        entities.append(entity)
        names += 1 + len(entity.aliases) + len(entity.weak_aliases)
    return entities


@dataclass(frozen=True, slots=True)
class SizeResult:
    names: int
    entities: int
    build_cpu: float
    build_wall: float
    rss_added: float
    p50_best: float
    p99_best: float
    p99_pass_median: float
    top5: float
    misses: int
    tied: int
    candidates: float
    candidates_p50: float
    candidates_p99: float


def clear_query_caches(matcher: NameMatcher) -> None:
    """Forget what earlier queries computed, so that each pass is a first pass (the name
    normalisation caches stay: a long-running screener has them warm)."""
    matcher._index._lookups.clear()
    scorer._text_similarity.cache_clear()


def timed_pass(matcher: NameMatcher, queries: Sequence[Query]) -> tuple[list[float], list[list[str]]]:
    """CPU time of each query in a first pass, and the entity ids each query got."""
    clear_query_caches(matcher)
    cpu, _, results = timed(ranked_ids(matcher), queries)
    return cpu, results


def tied_misses(
    matcher: NameMatcher, queries: Sequence[Query], results: Sequence[list[str]]
) -> tuple[int, int]:
    """Listed and damaged queries whose entity is not in the top 5, and how many of those score
    exactly as high as the fifth hit (exact namesakes, which the synthetic names include: no
    name matcher can tell them apart by name alone)."""
    misses = tied = 0
    for query, found in zip(queries, results, strict=True):
        if not query.expected or query.expected in found:
            continue
        misses += 1
        hits = matcher.match(query.text, limit=50, threshold=0)
        score = next((hit.score for hit in hits if query.expected in (hit.entity_id, *hit.also_listed)), None)
        tied += score is not None and len(hits) >= 5 and score == hits[4].score
    return misses, tied


@dataclass(frozen=True, slots=True)
class Built:
    entities: list[Entity]
    matcher: NameMatcher
    build_cpu: float
    build_wall: float
    rss_added: float


def build(entities: list[Entity]) -> Built:
    names = name_count(entities)
    before = rss_mb()
    with console.status(f"building the matcher over {names:,} names"):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        matcher = NameMatcher(entities, cache=False)
        build_wall, build_cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
    rss_added = rss_mb() - before
    console.print(
        f"{names:,} names: built in {build_cpu:.1f} s CPU ({build_wall:.1f} s wall), +{rss_added:.0f} MB"
    )
    return Built(entities, matcher, build_cpu, build_wall, rss_added)


def measure_all(built: Sequence[Built], queries: Sequence[Query], passes: int) -> list[SizeResult]:
    """Time every size in each pass, one after the other: this shared machine's speed drifts
    by tens of percent over minutes, and interleaving lets the drift hit every size alike."""
    for size in built:
        size.matcher.match(queries[0].text, limit=5, threshold=0)  # warm-up: first-call set-up costs
    runs: list[list[list[float]]] = [[] for _ in built]
    results: list[list[list[str]]] = [[] for _ in built]
    with console.status(f"timing {len(queries)} queries x {passes} passes x {len(built)} sizes"):
        for _ in range(passes):
            for number, size in enumerate(built):
                cpu, results[number] = timed_pass(size.matcher, queries)
                runs[number].append(cpu)
    return [
        result(size, queries, size_runs, size_results)
        for size, size_runs, size_results in zip(built, runs, results, strict=True)
    ]


def result(
    size: Built, queries: Sequence[Query], runs: list[list[float]], results: list[list[str]]
) -> SizeResult:
    misses, tied = tied_misses(size.matcher, queries, results)
    clear_query_caches(size.matcher)
    candidate_cpu, _, candidate_results = timed(candidate_ids(size.matcher), queries)
    best = [min(times) for times in zip(*runs, strict=True)]
    return SizeResult(
        names=name_count(size.entities),
        entities=len(size.entities),
        build_cpu=size.build_cpu,
        build_wall=size.build_wall,
        rss_added=size.rss_added,
        p50_best=percentile(best, 0.5),
        p99_best=percentile(best, 0.99),
        p99_pass_median=statistics.median(percentile(run, 0.99) for run in runs),
        top5=recall(queries, results),
        misses=misses,
        tied=tied,
        candidates=recall(queries, candidate_results),
        candidates_p50=percentile(candidate_cpu, 0.5),
        candidates_p99=percentile(candidate_cpu, 0.99),
    )


def print_table(results: Sequence[SizeResult], passes: int) -> None:
    print(
        f"| names | entities | build CPU (s) | build wall (s) | RSS added (MB) | p50 best-of-{passes} (ms) "
        f"| p99 best-of-{passes} (ms) | median per-pass p99 (ms) | candidate look-up p50 / p99 (ms) "
        "| top-5 recall | top-5 misses (tied with namesakes) | candidate recall |"
    )
    print("|" + "---:|" * 12)
    for r in results:
        print(
            f"| {r.names:,} | {r.entities:,} | {r.build_cpu:.1f} | {r.build_wall:.1f} | {r.rss_added:.0f} "
            f"| {1000 * r.p50_best:.2f} | {1000 * r.p99_best:.2f} | {1000 * r.p99_pass_median:.2f} "
            f"| {1000 * r.candidates_p50:.2f} / {1000 * r.candidates_p99:.2f} "
            f"| {r.top5:.3f} | {r.misses} ({r.tied}) | {r.candidates:.3f} |"
        )
    first, last = results[0], results[-1]
    print(
        f"\nverdict: at {last.names:,} names ({last.names / first.names:.1f}x the baseline's "
        f"{first.names:,}), "
        f"p99 best-of-{passes} is {last.p99_best / first.p99_best:.2f}x the baseline "
        f"({1000 * first.p99_best:.2f} -> {1000 * last.p99_best:.2f} ms), median per-pass p99 "
        f"{last.p99_pass_median / first.p99_pass_median:.2f}x, p50 {last.p50_best / first.p50_best:.2f}x; "
        f"top-5 recall {first.top5:.3f} -> {last.top5:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="58000,250000,1000000",
        help="target name counts, comma-separated (below the real count: the real lists only)",
    )
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    real = load_default().entities
    pools = WordPools.from_entities(real)
    queries = make_queries(real, args.queries, args.seed)
    console.print(f"real lists: {len(real):,} entities, {name_count(real):,} names; {len(queries)} queries")
    built: list[Built] = []
    for size in sizes:  # every size is kept, to be timed in interleaved passes
        with console.status(f"generating synthetic entities up to {size:,} names"):
            entities = grown(real, size, pools, args.seed)
        built.append(build(entities))
    results = measure_all(built, queries, args.passes)
    print_table(results, args.passes)


if __name__ == "__main__":
    main()
