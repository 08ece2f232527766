"""The default alert threshold, kept apart so that callers can read it without building
or importing the matcher (the command line shows it in `--help`)."""

DEFAULT_THRESHOLD = 0.85
"""Default alert threshold on `NameHit.score` (see docs/matching.md for how it was chosen)."""
