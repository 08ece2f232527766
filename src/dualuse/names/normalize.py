"""Turn a name as written into comparable forms: ASCII tokens, phonetic skeletons, legal forms.

Script conversion uses the field's libraries: rigour (Cyrillic, Greek, Armenian, Georgian,
Hangul) backed by ICU through normality for the other scripts, pypinyin for Chinese (traditional
characters made simplified by ICU first). Romanisation
schemes disagree (BGN/PCGN "Tekhnopark", ISO "Tehnopark", English "Technopark"; "Yakovlev" /
"Iakovlev"; "Dmitriy" / "Dmitry" / "Dmitrii"), so every token also gets a consonant skeleton in
which those spellings meet. Legal forms (rigour's org-type database plus `legal_forms.tsv`) are
set aside at the start and end of organisation names. Hangul syllables and Chinese family
names share symbols with their Latin spellings (`ko_syllables.tsv`, `han_surnames.tsv`: "이" /
"Lee" / "Yi" / "Ri"; pinyin "chen" / Cantonese "Chan"). No I/O beyond the
packaged tables. (rigour's person-name symbol tagger would cover more, but it takes most of a
minute to initialise per process, too slow for a screening service to start.)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import icu
from pypinyin import lazy_pinyin
from rapidfuzz.distance import OSA
from rigour.names import extract_org_types
from rigour.text.translit import ascii_text

from dualuse.names.tables import chinese_org_terms, hangul_syllables, legal_form_phrases, spelling_groups
from dualuse.scripts import HAN_CHARACTERS

KIND_PERSON = "person"
KIND_ORGANIZATION = "organization"
KIND_ANY = "any"

READING_AS_WRITTEN = "as written"
READING_PINYIN = "Chinese in pinyin"
READING_ZH_TERMS = "Chinese business words translated"

# Apostrophes, and the marks transliteration leaves for Arabic ayin and hamza ("s?yd" for
# سعيد): inside a word they join, they do not split.
_APOSTROPHES = re.compile(r"['’ʼʻʿʾ`´‘?]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DOTTED_LETTERS = re.compile(r"(?:[a-z]\.){2,}|(?:[a-z]\.)+[a-z]")
_HAN = re.compile(f"[{HAN_CHARACTERS}]+")
_HANGUL_SYLLABLE = re.compile(r"([\uac00-\ud7af])")
_MAX_LEGAL_PHRASE = 6
_MIN_FUZZY_LEGAL_WORD = 6

# Spellings that romanisation schemes disagree on, most specific first. "ch" and "kh" both go
# to "h" so that "Technopark", "Tekhnopark" and "Tehnopark" meet.
_DIGRAPHS = (
    ("shch", "sh"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("dzh", "j"),
    ("zh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("ch", "h"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("ts", "c"),
    ("tz", "c"),
    ("x", "ks"),
)
# Voiced/unvoiced pairs and letters with one sound: romanisations of Hangul, Arabic and Hebrew
# disagree on these ("gim" / "kim", "dwd" / "david").
_LETTERS = str.maketrans({"b": "p", "d": "t", "g": "k", "z": "s", "v": "f", "w": "f", "q": "k", "c": "k"})
_DROPPED = str.maketrans("", "", "aeiouy")


@dataclass(frozen=True, slots=True)
class Token:
    """One comparable word of a name.

    `converted` says the word was written in another script and transliterated, so that an
    explanation can say "transliterated" and skeleton matches on short words are trusted.
    """

    text: str
    skeleton: str
    converted: bool = False
    source: str = ""
    symbols: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class LegalForm:
    phrase: str
    generic: str


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name reduced to comparable tokens, with the legal forms set aside."""

    original: str
    tokens: tuple[Token, ...]
    legal_forms: tuple[LegalForm, ...] = ()
    reading: str = READING_AS_WRITTEN

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(token.text for token in self.tokens)


@lru_cache(maxsize=200_000)
def skeleton(text: str) -> str:
    """Consonant skeleton of an ASCII token: romanisation variants of one word meet here."""
    key = text
    for pattern, replacement in _DIGRAPHS:
        key = key.replace(pattern, replacement)
    key = key.translate(_LETTERS).translate(_DROPPED)
    return "".join(char for index, char in enumerate(key) if index == 0 or key[index - 1] != char)


# Analyses of listed names, shared between the objects built over one list in a process (the
# matcher analyses every listed name; the free-text scanner needs the same readings and would
# otherwise spend as long again). Bounded: cleared when full.
_REMEMBERED: dict[tuple[str, str], tuple[NameForm, ...]] = {}
_REMEMBERED_LIMIT = 1_000_000


def remember_analysis(name: str, kind: str, forms: Sequence[NameForm]) -> None:
    """Keep `analyse_name(name, kind)`'s answer, so that later calls for it cost a look-up."""
    if len(_REMEMBERED) >= _REMEMBERED_LIMIT:
        _REMEMBERED.clear()
    _REMEMBERED[(name, kind)] = tuple(forms)


# One name per script the lists carry: analysing them loads what the converters load on first
# use (pypinyin's dictionaries, ICU transliterators), which would otherwise stall a first query.
_WARM_UP_NAMES = (
    "武汉高德红外股份有限公司",
    "ООО Техноконт",
    "Наталля Міхайлаўна",
    "شركة الخليج",
    "김정은",
    "Ελληνική Εταιρεία",
    "חברה בע״מ",
    "Հայաստան",
    "საქართველო",
    "ミツビシ",
)


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Load every script converter now rather than on a first query that needs it (once per
    process: every matcher built calls it)."""
    for name in _WARM_UP_NAMES:
        analyse_name(name)


def has_han(text: str) -> bool:
    """Whether `text` has Chinese characters (which get a second, translated reading)."""
    return _HAN.search(text) is not None


def analyse_name(name: str, kind: str = KIND_ANY) -> list[NameForm]:
    """All comparable readings of a name (one, or two for Chinese), empty when nothing is left."""
    remembered = _REMEMBERED.get((name, kind))
    if remembered is not None:
        return list(remembered)
    text = unicodedata.normalize("NFKC", name).strip()
    readings = [(text, READING_AS_WRITTEN)]
    if has_han(text):
        text = _simplified(text)
        readings = [(_pinyin_reading(text), READING_PINYIN), (_terms_reading(text), READING_ZH_TERMS)]
    forms: list[NameForm] = []
    seen: set[tuple[str, ...]] = set()
    for reading_text, reading in readings:
        form = _form(name, reading_text, reading, kind)
        if form.tokens and form.texts not in seen:
            seen.add(form.texts)
            forms.append(form)
    return forms


def _form(original: str, text: str, reading: str, kind: str) -> NameForm:
    text = _HANGUL_SYLLABLE.sub(r" \1 ", text)
    transliterated = reading != READING_AS_WRITTEN
    with_symbols = kind != KIND_ORGANIZATION
    tokens = [
        _token(word, piece, transliterated or _is_non_latin(word), with_symbols)
        for word in text.split()
        for piece in _ascii_tokens(word)
    ]
    if kind == KIND_PERSON:
        return NameForm(original, tuple(tokens), (), reading)
    content, legal = _set_aside_legal_forms(tokens)
    return NameForm(original, tuple(content), tuple(legal), reading)


@lru_cache(maxsize=500_000)
def _token(word: str, piece: str, converted: bool, with_symbols: bool) -> Token:
    """Tokens are shared between names: most words recur across a list."""
    symbols = _spelling_symbols(word, piece) if with_symbols else frozenset()
    return Token(text=piece, skeleton=skeleton(piece), converted=converted, source=word, symbols=symbols)


@lru_cache(maxsize=200_000)
def _is_non_latin(word: str) -> bool:
    if word.isascii():
        return False
    return any(char.isalpha() and not unicodedata.name(char, "LATIN").startswith("LATIN") for char in word)


# ASCII spellings of the non-ASCII words met so far. rigour transliterates about 25 µs per
# character, so a Russian name costs a millisecond; the lists' own words are kept with the
# stored name index (`names.cache`), so that a process reading it starts with them.
_TRANSLITERATED: dict[str, str] = {}
_TRANSLITERATED_LIMIT = 1_000_000


def transliterations() -> dict[str, str]:
    """The non-ASCII words transliterated in this process, and their ASCII spellings."""
    return dict(_TRANSLITERATED)


def remember_transliterations(spellings: dict[str, str]) -> None:
    """Take these ASCII spellings (from `transliterations` in an earlier process) as known."""
    if len(_TRANSLITERATED) + len(spellings) > _TRANSLITERATED_LIMIT:
        _TRANSLITERATED.clear()
    _TRANSLITERATED.update(spellings)


def _ascii(word: str) -> str:
    if word.isascii():
        return str(ascii_text(word))
    known = _TRANSLITERATED.get(word)
    if known is None:
        known = _TRANSLITERATED[word] = str(ascii_text(word))
        if len(_TRANSLITERATED) > _TRANSLITERATED_LIMIT:
            _TRANSLITERATED.clear()
    return known


@lru_cache(maxsize=200_000)
def _ascii_tokens(word: str) -> tuple[str, ...]:
    folded = _APOSTROPHES.sub("", _ascii(word).lower())
    if _DOTTED_LETTERS.fullmatch(folded):
        folded = folded.replace(".", "")  # "F.Z.E." is "fze", "S.A." is "sa"
    pieces = [piece for piece in _NON_ALNUM.split(folded) if piece]
    if _is_arabic(word) and len(pieces) == 1 and pieces[0].startswith("al") and len(pieces[0]) > 4:
        # The Arabic article is written joined (الرحمن); listed names write "Al-Rahman".
        return ("al", pieces[0][2:])
    return tuple(pieces)


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in word)


@lru_cache(maxsize=1)
def _traditional_to_simplified() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Traditional-Simplified")


def _simplified(text: str) -> str:
    """Traditional characters (Hong Kong, Taiwan) as simplified ones, so that one table of
    business words serves both (ICU's Traditional-Simplified transform)."""
    return str(_traditional_to_simplified().transliterate(text))


def _pinyin_reading(text: str) -> str:
    return _HAN.sub(lambda run: " " + " ".join(lazy_pinyin(run.group(0))) + " ", text)


def _terms_reading(text: str) -> str:
    """Translate known Chinese business words; other Han runs become one pinyin word each."""
    return _HAN.sub(lambda run: " " + _translate_han_run(run.group(0)) + " ", text)


def _translate_han_run(run: str) -> str:
    terms = chinese_org_terms()
    longest = max(len(term) for term in terms)
    out: list[str] = []
    pending = ""
    position = 0
    while position < len(run):
        for size in range(min(longest, len(run) - position), 0, -1):
            english = terms.get(run[position : position + size])
            if english:
                break
        else:
            pending += run[position]
            position += 1
            continue
        if pending:
            out.append("".join(lazy_pinyin(pending)))
            pending = ""
        out.append(english)
        position += size
    if pending:
        out.append("".join(lazy_pinyin(pending)))
    return " ".join(out)


def _spelling_symbols(word: str, piece: str) -> frozenset[str]:
    """Keys shared by a Hangul syllable or Chinese family name and its Latin spellings."""
    if _HANGUL_SYLLABLE.fullmatch(word):
        return frozenset({"ko:" + word}) if word in hangul_syllables() else frozenset()
    return spelling_groups().get(piece, frozenset())


def _set_aside_legal_forms(tokens: list[Token]) -> tuple[list[Token], list[LegalForm]]:
    """Strip legal-form phrases from the start and the end; never strip the whole name."""
    content = list(tokens)
    legal: list[LegalForm] = []
    while content:
        found = _legal_form_at_edge(content)
        if found is None:
            break
        start, end, generic = found
        remaining = content[:start] + content[end:]
        if not remaining:
            break
        legal.append(LegalForm(" ".join(token.text for token in content[start:end]), generic))
        content = remaining
    return content, legal


def _legal_form_at_edge(tokens: list[Token]) -> tuple[int, int, str] | None:
    """(start, end, generic) of the longest legal-form phrase at either edge of the tokens."""
    texts = tuple(token.text for token in tokens)
    phrases = legal_form_phrases()
    for size in range(min(_MAX_LEGAL_PHRASE, len(texts)), 0, -1):
        for start in (len(texts) - size, 0):
            phrase = texts[start : start + size]
            generic = phrases.get(phrase) or _rigour_legal_form(phrase) or _misspelt_legal_form(phrase)
            if generic:
                return start, start + size, generic
    return None


@lru_cache(maxsize=50_000)
def _misspelt_legal_form(phrase: tuple[str, ...]) -> str | None:
    """A spelled-out legal form with slips or swapped words ("Liimted Liability Company",
    "Obshchestvo s Otvetstvennostyu Ogranichennoi"): every long word within two edits of a
    word of a listed phrase of the same length, short words equal."""
    if len(phrase) < 2 or not any(len(word) >= _MIN_FUZZY_LEGAL_WORD for word in phrase):
        return None
    for listed, generic in _phrases_by_initials().get(_initials(phrase), ()):
        if _same_words_loosely(sorted(phrase), sorted(listed)):
            return generic
    return None


def _initials(phrase: tuple[str, ...]) -> str:
    return "".join(sorted(word[0] for word in phrase))


@lru_cache(maxsize=1)
def _phrases_by_initials() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Multi-word legal forms by the sorted first letters of their words (a cheap pre-filter)."""
    grouped: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for listed, generic in legal_form_phrases().items():
        if len(listed) >= 2:
            grouped.setdefault(_initials(listed), []).append((listed, generic))
    return grouped


def _same_words_loosely(left: list[str], right: list[str]) -> bool:
    remaining = list(right)
    for word in left:
        match = next((other for other in remaining if _loosely_equal(word, other)), None)
        if match is None:
            return False
        remaining.remove(match)
    return True


def _loosely_equal(word: str, other: str) -> bool:
    if word == other:
        return True
    if min(len(word), len(other)) < _MIN_FUZZY_LEGAL_WORD or word[0] != other[0]:
        return False
    return OSA.distance(word, other) <= 2


@lru_cache(maxsize=50_000)
def _rigour_legal_form(phrase: tuple[str, ...]) -> str | None:
    """rigour's org-type database, when it recognises the whole phrase as one legal form."""
    joined = " ".join(phrase)
    for matched, generic in extract_org_types(joined, generic=True):
        if matched == joined:
            return str(generic)
    return None
