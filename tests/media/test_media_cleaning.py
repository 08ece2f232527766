"""Cleaning scraped plain text: furniture goes, every article sentence stays."""

from __future__ import annotations

from pathlib import Path

from dualuse.media.articles import build_article
from dualuse.media.cleaning import clean_lines

FIXTURES = Path(__file__).parent.parent / "fixtures" / "media" / "articles"

ARTICLE = [
    "Exporter in Bishkek sent drone engines to a Russian plant, officials say",
    "Home | World | Business | Markets",
    "2K",
    "Officials say that Altyn Logistics LLC shipped drone engines to a plant near Moscow in 2024.",
    "Share on Facebook",
    "The engines were declared as spare parts for agricultural machinery.",
    "Trucks at the border crossing near Bishkek. (Photo: Border Service)",
    "A company spokesman declined to comment.",
    "Trucks at the border crossing near Bishkek. (Photo: Border Service)",
    "See also: Ten things to know about export controls",
    "Follow us on Telegram",
    "Categorias",
    "Mercado de sacos de papel: crescimento e previsão até 2032",
    "O mercado de sacos de papel comercial foi estimado em 5,15 bilhões de dólares e deve crescer...",
    "Por marketblog77 2024-12-05 08:46:41 0 1K",
]
SENTENCES = [ARTICLE[0], ARTICLE[3], ARTICLE[5], ARTICLE[6], ARTICLE[7]]


def test_share_follow_navigation_and_counters_are_dropped_with_reasons() -> None:
    cleaned = clean_lines(ARTICLE)
    reasons = {text: reason for _, text, reason in cleaned.dropped}
    assert reasons["Home | World | Business | Markets"] == "navigation"
    assert reasons["2K"] == "counter"
    assert "share" in reasons["Share on Facebook"]
    assert reasons["See also: Ten things to know about export controls"] == "link or share line"
    assert reasons["Follow us on Telegram"] == "link or share line"


def test_every_article_sentence_is_kept_in_order() -> None:
    assert [line.text for line in clean_lines(ARTICLE).kept] == SENTENCES


def test_repeated_photo_caption_is_kept_once() -> None:
    cleaned = clean_lines(ARTICLE)
    caption = ARTICLE[6]
    assert [line.text for line in cleaned.kept].count(caption) == 1
    assert (9, caption, "repeated") in cleaned.dropped


def test_trailing_spam_posts_in_another_language_are_cut() -> None:
    dropped = {text: reason for _, text, reason in clean_lines(ARTICLE).dropped}
    for line in ARTICLE[12:]:
        assert dropped[line] == "trailing unrelated posts"


def test_an_article_ending_in_an_ordinary_sentence_loses_nothing() -> None:
    lines = ["First sentence of a plain report about exports.", "Second and last sentence of the report."]
    assert [line.text for line in clean_lines(lines).kept] == lines


def test_short_unpunctuated_last_line_alone_is_not_taken_for_spam() -> None:
    lines = ["The report was published on Tuesday by the monitor.", "Reporting by Anna Berg"]
    assert len(clean_lines(lines).kept) == 2


def test_rewrite_fixture_keeps_its_sentences_and_drops_the_portuguese_block() -> None:
    article = build_article("rewrite", "rewrite", (FIXTURES / "wire_rewrite.txt").read_text(encoding="utf-8"))
    assert "Altyn Logistics LLC sent them on to Russia within days" in article.text
    assert "Maria Jensen, a researcher at the Baltic Trade Monitor" in article.text
    for spam in ("Mercado", "Por marketblog77", "Jogos", "Tweet", "Follow us"):
        assert spam not in article.text
    assert article.text.count("Containers at a logistics terminal near Bishkek") == 1


def test_sentences_carry_offsets_into_the_cleaned_text() -> None:
    article = build_article("a", "a", "\n".join(ARTICLE))
    for sentence in article.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
    assert article.sentences[1].text.startswith("Officials say that Altyn Logistics LLC")


def test_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    text = "Mr. Lee met Gen. Cavoli at the U.S. embassy. Then Wuhan Tongsheng Technology Co. Ltd. was named."
    article = build_article("a", "a", text)
    assert [s.text for s in article.sentences] == [
        "Mr. Lee met Gen. Cavoli at the U.S. embassy.",
        "Then Wuhan Tongsheng Technology Co. Ltd. was named.",
    ]


def test_headlines_split_a_page_into_sections_but_subheadings_do_not() -> None:
    text = (FIXTURES / "roundup.txt").read_text(encoding="utf-8")
    article = build_article("roundup", "roundup", text)
    titles = [section.title for section in article.sections]
    assert titles[1:] == [
        "Shell companies in Hong Kong and Kyrgyzstan shipped chips to Russian drone maker, report says",
        "City council approves new harbour bridge after years of debate",
    ]
    with_subheading = "Headline about a shipment of drone engines to Russia\n\n"
    with_subheading += "A lead paragraph of the story that is longer than its headline, as leads are.\n\n"
    with_subheading += "Working jointly on drones\n\nMore text of the same story follows here."
    assert len(build_article("s", "s", with_subheading).sections) == 1
