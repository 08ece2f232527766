"""Name matching: find listed parties under any spelling, fast, and say why.

`NameMatcher(entities).match(name, ...)` returns `NameHit`s scored 0..1; a score at or above
`DEFAULT_THRESHOLD` is an alert. See docs/matching.md.
"""

from dualuse.names.matcher import DEFAULT_THRESHOLD, NameHit, NameMatcher
from dualuse.names.scorer import TokenMatch

__all__ = ["DEFAULT_THRESHOLD", "NameHit", "NameMatcher", "TokenMatch"]
