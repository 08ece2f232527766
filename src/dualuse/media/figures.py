"""Percentages, money amounts and years in a sentence, with what they measure.

"about 90% of Russia's microelectronics in 2023 came from China" gives value 90 (unit "%"),
qualifier "about", subject "Russia's microelectronics", period "2023", origin "China". The
qualifier bounds the value ("nearly 70%" is at most 70, "more than 70%" above it), which is how
copies of one story that disagree are found. No I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dualuse.media.types import Measure

_QUALIFIERS = (
    r"just under|just over|more than|less than|fewer than|at least|up to|as much as|close to|upwards of|"
    r"nearly|almost|about|around|approximately|roughly|some|over|under|above|below|an estimated|estimated"
)
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_SCALE = r"million|billion|trillion|thousand|mln|bn|m|k|тыс\.?|млн|млрд|трлн"
_CURRENCY_BEFORE = r"US\$|USD\s?|\$|€|EUR\s?|£|GBP\s?|¥|CNY\s?|RMB\s?|RUB\s?|₽"
_CURRENCY_AFTER = (
    r"dollars|euros|pounds|yuan|rubles|roubles|USD|EUR|RUB|CNY|долларов|доллара|рублей|руб|евро|юаней"
)

PERCENT = re.compile(
    rf"(?:(?P<qual>{_QUALIFIERS})\s+)?(?P<num>{_NUMBER})\s*(?:%|per\s?cent|percent)", re.IGNORECASE
)
MONEY = re.compile(
    rf"(?:(?P<qual>{_QUALIFIERS})\s+)?(?:(?P<cur>{_CURRENCY_BEFORE})\s*(?P<num>{_NUMBER})(?:\s*(?P<scale>{_SCALE})\b)?"
    rf"|(?P<num2>{_NUMBER})\s*(?P<scale2>{_SCALE})?\s+(?P<cur2>{_CURRENCY_AFTER})\b)",
    re.IGNORECASE,
)
YEAR = re.compile(r"(?<![\d$€£.,])\b(19[5-9]\d|20[0-4]\d)\b(?![\d%])")
_PERIOD = re.compile(
    r"\b(?:(?:first|second|third|fourth|last|final)\s+(?:quarter|half)|q[1-4]|h[12]|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december))"
    r"(?:\s+of)?\s+(?:19|20)\d\d\b|\b(?:in|during|since|by|from|for)\s+(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_ORIGIN = re.compile(
    r"\b(?:came|come|comes|coming|imported|sourced|originat\w*)\s+from\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)"
)
_SUBJECT_STOP = re.compile(
    r"\s+(?:came|come|comes|coming|was|were|is|are|has|have|had|that|which|who|used|came|rose|fell|jumped|"
    r"reached|grew|went|passed|in\s+(?:19|20)\d\d|in\s+the\s+(?:first|second|third|fourth|last)|during|"
    r"according|said|says|will|would|could|should|may|might)\b|\s+and\s+(?=(?:nearly|about|more|over|almost|\d))|[,;:()]",
    re.IGNORECASE,
)
_CLAUSE_VERB = re.compile(
    r"\b(?:jumped|rose|fell|reached|grew|increased|decreased|doubled|tripled|totalled|totaled|hit|amounted|"
    r"climbed|dropped|surged|was|were|is|are|valued|worth|cost|costs)\b",
    re.IGNORECASE,
)
_VALUE_VERBS = frozenset({"worth", "valued", "cost", "costs"})
_TRANSFER_VERB = re.compile(
    r"\b(?:shipped|sold|sent|supplied|provided|exported|delivered|bought|imported|received|ordered)\b",
    re.IGNORECASE,
)
_COMPLEMENTIZER = re.compile(r"\b(?:that|said|says|show|shows|showed)\s+", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r",\s+(?:alongside|while|whereas|but)\b|;\s+", re.IGNORECASE)
_SCALES = {
    "тыс": 1e3,
    "тыс.": 1e3,
    "млн": 1e6,
    "млрд": 1e9,
    "трлн": 1e12,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_CURRENCIES = {
    "us$": "USD", "usd": "USD", "$": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR", "euros": "EUR",
    "£": "GBP", "gbp": "GBP", "pounds": "GBP", "¥": "CNY", "cny": "CNY", "rmb": "CNY", "yuan": "CNY",
    "rub": "RUB", "₽": "RUB", "rubles": "RUB", "roubles": "RUB", "долларов": "USD", "доллара": "USD",
    "рублей": "RUB", "руб": "RUB", "евро": "EUR", "юаней": "CNY",
}  # fmt: skip


@dataclass(slots=True)
class FoundFigure(Measure):
    """A measure and its character span in the sentence."""

    start: int
    end: int


def bounds(value: float, qualifier: str | None) -> tuple[float, float]:
    """The range of values the wording allows."""
    q = (qualifier or "").casefold()
    above = value * (1 + 1e-9) + 1e-9
    below = value * (1 - 1e-9) - 1e-9
    if q in {"nearly", "almost", "just under", "close to"}:
        return value * 0.85, value
    if q in {"more than", "over", "above", "upwards of", "just over"}:
        return above, value * 1.5
    if q in {"less than", "under", "below", "fewer than"}:
        return 0.0, below
    if q == "at least":
        return value, value * 1.5
    if q in {"up to", "as much as"}:
        return 0.0, value
    if q:
        return value * 0.9, value * 1.1
    return value * 0.97, value * 1.03


def figures(sentence: str) -> list[FoundFigure]:
    """Every percentage, money amount and stand-alone year in `sentence`."""
    found = [_percent(sentence, m) for m in PERCENT.finditer(sentence)]
    found += [_money(sentence, m) for m in MONEY.finditer(sentence) if not _inside(m.span(), found)]
    periods = list(_PERIOD.finditer(sentence))
    for year in YEAR.finditer(sentence):
        if not _inside(year.span(), found) and not any(f.period and year.group(1) in f.period for f in found):
            found.append(_year(sentence, year, periods))
    return sorted(found, key=lambda f: f.start)


def _clause(sentence: str, position: int) -> tuple[int, int]:
    """Bounds of the clause holding `position` ("..., alongside 70 per cent ..." starts a new one)."""
    low, high = 0, len(sentence)
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.end() <= position:
            low = match.end()
        elif match.start() >= position:
            high = match.start()
            break
    return low, high


def _inside(span: tuple[int, int], found: list[FoundFigure]) -> bool:
    return any(f.start <= span[0] and span[1] <= f.end for f in found)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _percent(sentence: str, match: re.Match[str]) -> FoundFigure:
    value = _number(match.group("num"))
    qualifier = match.group("qual")
    subject = _subject_after_of(sentence, match.end()) or _subject_before(sentence, match.start())
    where = (match.group(0), match.start(), match.end())
    return _make("percentage", sentence, where, value, "%", qualifier, subject)


def _money(sentence: str, match: re.Match[str]) -> FoundFigure:
    number = match.group("num") or match.group("num2")
    scale = (match.group("scale") or match.group("scale2") or "").casefold()
    currency = (match.group("cur") or match.group("cur2") or "").strip().casefold()
    value = _number(number) * _SCALES.get(scale, 1.0)
    qualifier = match.group("qual")
    subject = _subject_after_in(sentence, match.end()) or _subject_before(sentence, match.start())
    unit = _CURRENCIES.get(currency, currency.upper())
    return _make(
        "money", sentence, (match.group(0), match.start(), match.end()), value, unit, qualifier, subject
    )


def _make(
    kind: str,
    sentence: str,
    where: tuple[str, int, int],
    value: float,
    unit: str,
    qualifier: str | None,
    subject: str | None,
) -> FoundFigure:
    text, start, end = where
    low, high = bounds(value, qualifier)
    period, origin = _period(sentence, (start, end)), _origin(sentence, end)
    return FoundFigure(
        kind, text, value, unit, _lower(qualifier), low, high, subject, period, origin, start, end
    )


def _year(sentence: str, match: re.Match[str], periods: list[re.Match[str]]) -> FoundFigure:
    value = float(match.group(1))
    period = next((_period_text(p) for p in periods if p.start() <= match.start() < p.end()), match.group(1))
    subject = _subject_before(sentence, match.start())
    text, start, end = match.group(1), match.start(), match.end()
    return FoundFigure("year", text, value, "year", None, value, value, subject, period, None, start, end)


def _lower(value: str | None) -> str | None:
    return value.casefold() if value else None


def _clip(text: str) -> str | None:
    stop = _SUBJECT_STOP.search(text)
    subject = (text[: stop.start()] if stop else text).strip(" .")
    words = subject.split()
    return " ".join(words[:10]) if len(words) > 0 else None


def _subject_after_of(sentence: str, end: int) -> str | None:
    """ "90% of Russia's microelectronics imports in 2023 came ..." -> "Russia's microelectronics imports"."""
    rest = sentence[end:]
    match = re.match(r"\s+of\s+(?:the\s+)?", rest)
    return _clip(rest[match.end() :]) if match else None


def _subject_after_in(sentence: str, end: int) -> str | None:
    """ "$900 million in machine tool imports" -> "machine tool imports"."""
    rest = sentence[end:]
    match = re.match(
        r"\s+(?:in|of|worth of)\s+(?!(?:19|20)\d\d\b)(?!the\s+(?:first|second|third|fourth|last))", rest
    )
    return _clip(rest[match.end() :]) if match else None


def _subject_before(sentence: str, start: int) -> str | None:
    """The clause's subject when the figure follows its verb ("imports jumped from $200 million"),
    the goods before "worth" ("sold 46 CNC lathes worth $4.2 million"), or an opening "Of X,"
    ("Of Russia's US$900 million in imports, nearly 70% came ...")."""
    head = sentence[:start]
    opening = re.match(r"\s*Of\s+(.+?),", head)
    if opening:
        return _clip(opening.group(1) + " ")
    verbs = list(_CLAUSE_VERB.finditer(head))
    if not verbs:
        return None
    verb = verbs[-1]
    before = head[: verb.start()]
    splitter = _TRANSFER_VERB if verb.group(0).casefold() in _VALUE_VERBS else _COMPLEMENTIZER
    subject = splitter.split(before)[-1].strip(" ,")
    subject = re.sub(r"\s+(?:will|would|could|should|may|might|can)$", "", subject, flags=re.IGNORECASE)
    subject = re.sub(r"^(?:the\s+|and\s+|while\s+|but\s+)", "", subject, flags=re.IGNORECASE)
    words = subject.split()
    return " ".join(words[-10:]) if words else None


def _period(sentence: str, position: tuple[int, int]) -> str | None:
    """The time phrase nearest to the figure in its clause ("the fourth quarter of 2023", "2023")."""
    low, high = _clause(sentence, position[0])
    best: tuple[int, str] | None = None
    for match in _PERIOD.finditer(sentence, low, high):
        # A time phrase right after the figure ("$500 million in 2022") binds closer than one before.
        after = match.start() - position[1]
        distance = after if after >= 0 else 2 * max(0, position[0] - match.end())
        text = _period_text(match)
        if best is None or distance < best[0]:
            best = (distance, text)
    return best[1] if best else None


def _period_text(match: re.Match[str]) -> str:
    """ "in 2023" -> "2023"; "the fourth quarter of 2023" stays whole."""
    return re.sub(r"^(?:in|during|since|by|from|for)\s+", "", match.group(0), flags=re.IGNORECASE)


def _origin(sentence: str, end: int) -> str | None:
    match = _ORIGIN.search(sentence, end, _clause(sentence, end)[1])
    return match.group(1) if match else None
