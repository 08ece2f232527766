"""Name matching: find listed parties under any spelling, fast, and say why.

`NameMatcher(entities).match(name, ...)` returns `NameHit`s scored 0..1; a score at or above
`DEFAULT_THRESHOLD` is an alert. See docs/matching.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dualuse.names.threshold import DEFAULT_THRESHOLD

if TYPE_CHECKING:
    from dualuse.names.matcher import NameHit, NameMatcher
    from dualuse.names.scorer import TokenMatch

__all__ = ["DEFAULT_THRESHOLD", "NameHit", "NameMatcher", "TokenMatch"]


def __getattr__(name: str) -> Any:
    # The matcher pulls in ICU, rigour and numpy (about a second): load it when first used, so
    # that commands which never match a name start fast.
    if name in ("NameHit", "NameMatcher"):
        from dualuse.names import matcher

        return getattr(matcher, name)
    if name == "TokenMatch":
        from dualuse.names.scorer import TokenMatch

        return TokenMatch
    raise AttributeError(name)
