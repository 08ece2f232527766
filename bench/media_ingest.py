"""Adverse-media benchmark: acceptance on the shared news samples, and story clustering at scale.

Run: .venv/bin/python bench/media_ingest.py [--no-lists] [--sizes 100,300,600] [--repeat 3]

1. Acceptance on ../shared/data/news (three scraped copies of one April 2024 story; not
   redistributable, hence read from the shared folder and never copied): stories, member labels,
   dropped lines, the suppliers SOURCE.md names with their evidence sentence, and their entries
   on the default lists (`load_default()`), unless --no-lists.
2. Scale: a synthetic corpus of invented stories with copies, edited copies and two-story pages.
   Story clustering with MinHash LSH Ensemble candidates (the shipped path) is timed against the
   exhaustive baseline that checks every pair exactly, in the same run; both must give the same
   partition (the LSH recall check). Times are the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from dualuse.countries import to_iso2
from dualuse.media import MediaOptions, ingest, read_articles
from dualuse.media.articles import build_article
from dualuse.media.stories import Unit, all_pairs, build_stories, build_units, candidate_pairs
from dualuse.media.types import Article, Story

SAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "news"
SHARED = Path("/work/shared/data/news")
# The suppliers the samples' SOURCE.md names (the check, not an input to the code).
NAMED_SUPPLIERS = (
    "Wuhan Global Sensor Technology",
    "Wuhan Tongsheng Technology",
    "Hikvision",
    "iRay Technology",
    "North China Research Institute of Electro-Optics",
)


def acceptance(with_lists: bool) -> None:
    folder = SAMPLES if SAMPLES.is_dir() else SHARED
    if not folder.is_dir():
        print("shared news samples not found; acceptance skipped")
        return
    options = MediaOptions(resolve_country=to_iso2)
    if with_lists:
        from dualuse.lists import load_default
        from dualuse.names import NameMatcher

        started = time.perf_counter()
        lists = load_default()
        options.matcher = NameMatcher(lists.entities)
        print(f"default lists {lists.version}: {len(lists.entities):,} entities, "
              f"loaded and indexed in {time.perf_counter() - started:.1f} s")  # fmt: skip
    started = time.perf_counter()
    report = ingest(read_articles([folder]), options)
    print(f"ingest of {len(report.articles)} articles: {time.perf_counter() - started:.2f} s")
    print(f"\nstories: {len(report.stories)}")
    for story in report.stories:
        print(f"  {story.id} canonical {story.canonical_article} section {story.canonical_section}")
        for member in story.members:
            where = f"sections {member.sections} similarity {member.similarity}"
            print(f"    {member.label:9} {member.article} {where}")
    print("\ndropped lines per article:")
    for article in report.articles:
        reasons: dict[str, int] = {}
        for line in article.dropped:
            reasons[line.reason] = reasons.get(line.reason, 0) + 1
        print(f"  {article.id}: {reasons}")
    print("\nnamed suppliers (SOURCE.md):")
    print(f"  {'supplier':50} {'found':6} {'supplies':8} {'stories':7} list entry")
    for name in NAMED_SUPPLIERS:
        org = next((o for o in report.organisations if any(name in n for n in o.names)), None)
        if org is None:
            print(f"  {name:50} {'NO':6}")
            continue
        entry = "; ".join(f"{m.entity_id} {m.name}" for m in org.list_matches) or "-"
        print(
            f"  {name:50} {'yes':6} {'yes' if org.supplies_russia else 'no':8} {org.story_count:<7} {entry}"
        )
        print(f"      evidence: {org.evidence[0].sentence[:150]}")
    suppliers = [o.name for o in report.organisations if o.supplies_russia]
    print(f"\nall organisations tied to supply: {suppliers}")


_OPENERS = ("The", "In", "According to", "While", "Meanwhile", "Officials said")
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "nu",
    "sa",
    "te",
    "vo",
    "ri",
    "pa",
    "du",
    "ge",
    "zo",
    "ha",
    "bi",
    "ne",
    "ru",
    "to",
    "li",
    "ma",
    "ko",
]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3)))


def _story(rng: random.Random, vocabulary: list[str]) -> list[str]:
    """An invented story: a headline and paragraphs of sentences with names and figures."""
    names = [f"{_word(rng).title()} {_word(rng).title()} Trading LLC" for _ in range(3)]

    def sentence() -> str:
        words = rng.choices(vocabulary, k=rng.randint(12, 24))
        words.insert(rng.randint(0, len(words)), rng.choice(names))
        if rng.random() < 0.3:
            words.insert(rng.randint(0, len(words)), f"{rng.randint(5, 95)}% of {rng.choice(vocabulary)}")
        # Real sentences mostly open with a function word, which is not taken for a name.
        return " ".join([rng.choice(_OPENERS), *words]) + "."

    headline = " ".join(rng.choices(vocabulary, k=9)).capitalize()
    return [headline, *(" ".join(sentence() for _ in range(3)) for _ in range(rng.randint(5, 9)))]


def corpus(size: int, seed: int = 7) -> list[Article]:
    """About `size` articles: invented stories, exact copies, edited copies and two-story pages."""
    rng = random.Random(seed)
    vocabulary = [_word(rng) for _ in range(4000)]
    articles: list[Article] = []
    stories = [_story(rng, vocabulary) for _ in range(max(2, size // 3))]
    while len(articles) < size:
        kind = rng.random()
        story = rng.choice(stories)
        if kind < 0.5:
            lines = story
        elif kind < 0.8:
            lines = [line for line in story if rng.random() > 0.2] or story
        else:
            lines = [*story, *rng.choice(stories)]
        articles.append(build_article(f"doc{len(articles)}", "bench", "\n\n".join(lines)))
    return articles


def _partition(stories: list[Story]) -> set[frozenset[tuple[str, str]]]:
    return {frozenset((m.article, m.label) for m in story.members) for story in stories}


def _stories(articles: list[Article], pairs: Callable[[list[Unit]], set[tuple[int, int]]]) -> list[Story]:
    return build_stories(articles, pairs)


def _timed(run: Callable[[], list[Story]], repeat: int) -> tuple[float, list[Story]]:
    times, result = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def scale(sizes: list[int], repeat: int) -> None:
    print("\nstory clustering: LSH candidates (shipped) against every pair checked (baseline), same run")
    columns = [
        ("articles", 8),
        ("units", 6),
        ("pairs LSH", 10),
        ("pairs all", 10),
        ("LSH s", 8),
        ("all s", 8),
    ]
    print(" ".join(f"{name:>{width}}" for name, width in columns), f"{'stories':>8} same")
    for size in sizes:
        articles = corpus(size)
        units: list[Unit] = build_units(articles)
        lsh_time, lsh = _timed(partial(_stories, articles, candidate_pairs), repeat)
        all_time, exhaustive = _timed(partial(_stories, articles, all_pairs), repeat)
        same = _partition(lsh) == _partition(exhaustive)
        print(f"{size:>8} {len(units):>6} {len(candidate_pairs(units)):>10} {len(all_pairs(units)):>10} "
              f"{lsh_time:>8.2f} {all_time:>8.2f} {len(lsh):>8} {'yes' if same else 'NO'}")  # fmt: skip


def throughput(size: int) -> None:
    """The whole pipeline (cleaning, stories, extraction; no list matching) on the synthetic corpus."""
    texts = [article.text for article in corpus(size)]
    started = time.perf_counter()
    articles = [build_article(f"doc{i}", "bench", text) for i, text in enumerate(texts)]
    report = ingest(articles, MediaOptions(resolve_country=to_iso2))
    elapsed = time.perf_counter() - started
    rate = f"{elapsed:.2f} s, {size / elapsed:.0f} articles/s"
    print(f"\nwhole pipeline on {size} articles (no list matching): {rate}, "
          f"{len(report.organisations)} organisations, {len(report.figures)} figures")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-lists", action="store_true", help="skip matching against the default lists")
    parser.add_argument("--sizes", default="100,300,600", help="corpus sizes for the scale run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    acceptance(with_lists=not args.no_lists)
    sizes = [int(s) for s in args.sizes.split(",")]
    scale(sizes, args.repeat)
    throughput(max(sizes))


if __name__ == "__main__":
    main()
