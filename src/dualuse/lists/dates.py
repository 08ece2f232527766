"""Dates as the lists write them ("10 Dec 1948", "circa 1951", "08/24/2022") to ISO 8601.

Partial dates stay partial ("1948", "1948-12"): a year-only DOB must not become 1 January.
"""

from __future__ import annotations

import re
from datetime import datetime

_FORMATS = (
    ("%d %b %Y", "%Y-%m-%d"),
    ("%d %B %Y", "%Y-%m-%d"),
    ("%b %Y", "%Y-%m"),
    ("%B %Y", "%Y-%m"),
    ("%Y-%m-%d", "%Y-%m-%d"),
    ("%m/%d/%Y", "%Y-%m-%d"),
    ("%Y", "%Y"),
)
_RANGE = re.compile(r"\s+to\s+", re.IGNORECASE)
_APPROXIMATE = re.compile(r"^(circa|approximately|about|c\.)\s+", re.IGNORECASE)


def iso_date(text: str) -> str | None:
    """One date in ISO form (possibly partial), or None when the text is not a date."""
    cleaned = _APPROXIMATE.sub("", text.strip().rstrip("."))
    for source, target in _FORMATS:
        try:
            return datetime.strptime(cleaned, source).strftime(target)
        except ValueError:
            continue
    return None


def iso_dates(text: str) -> list[str]:
    """Every date in a value such as "1960 to 1962" or "circa 1951"; empty when none parse."""
    found = (iso_date(part) for part in _RANGE.split(text))
    return [date for date in found if date]
