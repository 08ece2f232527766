"""Stories: copies, rewrites and pages that contain a story; different stories stay apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.media.articles import build_article
from dualuse.media.reader import read_articles
from dualuse.media.stories import build_stories
from dualuse.media.types import Article, Story

FIXTURES = Path(__file__).parent.parent / "fixtures" / "media" / "articles"
STORY_A = "Shell companies in Hong Kong and Kyrgyzstan shipped chips to Russian drone maker, report says"


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _labels(story: Story) -> dict[str, str]:
    return {member.article: member.label for member in story.members}


def _story_with(stories: list[Story], article: str) -> list[Story]:
    return [s for s in stories if article in _labels(s)]


@pytest.fixture(scope="module")
def stories() -> list[Story]:
    return build_stories(read_articles([FIXTURES]))


def test_fixture_folder_gives_three_stories(stories: list[Story]) -> None:
    assert len(stories) == 3


def test_copy_rewrite_and_roundup_page_join_the_original_story(stories: list[Story]) -> None:
    (story,) = _story_with(stories, "wire_original.txt")
    labels = _labels(story)
    assert labels["wire_rewrite.txt"] == "rewrite"
    assert labels["roundup.txt"] == "contains"
    assert sorted([labels["wire_original.txt"], labels["wire_copy.html"]]) == ["canonical", "copy"]
    assert story.title == STORY_A


def test_a_different_story_on_the_same_topic_does_not_merge(stories: list[Story]) -> None:
    (lathes,) = _story_with(stories, "same_topic_other_story.txt")
    assert "wire_original.txt" not in _labels(lathes)
    assert _labels(lathes)["https://feed.example/lathes"] in {"copy", "canonical"}


def test_a_page_with_two_stories_contains_each_and_does_not_join_them(stories: list[Story]) -> None:
    holding = _story_with(stories, "roundup.txt")
    assert len(holding) == 2
    assert all(_labels(story)["roundup.txt"] == "contains" for story in holding)
    bridge = next(s for s in holding if "unrelated.txt" in _labels(s))
    assert "wire_original.txt" not in _labels(bridge)


def _article(article_id: str, text: str) -> Article:
    return build_article(article_id, article_id, text)


def test_a_concatenation_without_headlines_still_contains_both_stories() -> None:
    body_a = "\n\n".join(_text("wire_original.txt").split("\n\n")[1:])
    body_c = "\n\n".join(_text("unrelated.txt").split("\n\n")[1:])
    articles = [
        _article("a.txt", _text("wire_original.txt")),
        _article("c.txt", _text("unrelated.txt")),
        _article("page.txt", body_a + "\n\n" + body_c),
    ]
    stories = build_stories(articles)
    assert len(stories) == 2
    for story in stories:
        assert _labels(story)["page.txt"] == "contains"
        assert len(_labels(story)) == 2


def test_a_page_adding_an_unseen_story_contains_the_known_one_and_is_not_its_canonical() -> None:
    body_a = "\n\n".join(_text("wire_original.txt").split("\n\n")[1:])
    body_c = "\n\n".join(_text("unrelated.txt").split("\n\n")[1:])
    articles = [_article("page.txt", body_a + "\n\n" + body_c), _article("a.txt", _text("wire_original.txt"))]
    (story,) = build_stories(articles)
    assert _labels(story) == {"a.txt": "canonical", "page.txt": "contains"}


def test_a_lone_article_is_its_own_canonical_story() -> None:
    stories = build_stories([_article("c.txt", _text("unrelated.txt"))])
    (story,) = stories
    assert (story.canonical_article, _labels(story)) == ("c.txt", {"c.txt": "canonical"})


def test_story_ids_do_not_depend_on_reading_order() -> None:
    names = ["wire_original.txt", "wire_rewrite.txt", "unrelated.txt"]
    forward = build_stories([_article(n, _text(n)) for n in names])
    backward = build_stories([_article(n, _text(n)) for n in reversed(names)])
    assert sorted(s.id for s in forward) == sorted(s.id for s in backward)


def test_a_fuller_version_of_the_same_story_is_not_taken_for_a_page_that_wraps_it() -> None:
    full = _text("wire_original.txt")
    shortened = "\n\n".join(full.split("\n\n")[:5])
    (story,) = build_stories([_article("full.txt", full), _article("short.txt", shortened)])
    assert "contains" not in _labels(story).values()
    assert story.canonical_article == "full.txt"
