"""The one reading of the clock per run, so every output of a run agrees on "now"; tests set it instead of waiting."""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> datetime:
    """Now, aware, in UTC."""
    return datetime.now(timezone.utc)
