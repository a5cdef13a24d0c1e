"""Rule text that names its own timing: "do not wet your skin for <for>".

The tool fills each placeholder from the rule's timing as the patient gets it
(after any `--set`), so the words can never disagree with the plan. Angle
brackets because they mean nothing to YAML: the syntax works inside plain,
unquoted values, where `{...}` or `[...]` would start a mapping or a list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from aftercare_cli.model import Timing
from aftercare_cli.timing_words import span_words

_PLACEHOLDER = re.compile(r"<([A-Za-z_][A-Za-z0-9_]*)>")


def _length(timing: Timing) -> timedelta | None:
    return timing.end - timing.start if timing.end is not None else None


# Each name -> the span it stands for, or None where the rule's timing has no such span.
_SPANS: dict[str, Callable[[Timing], timedelta | None]] = {
    "for": _length,  # how long the rule lasts: "24 hours"
    "until": lambda timing: timing.end,  # when it ends, counted from the treatment
    "every": lambda timing: timing.every,  # the interval of a series: "4 hours"
    "start": lambda timing: timing.start,  # when it starts, counted from the treatment
}
NAMES = tuple(f"<{name}>" for name in _SPANS)


def placeholder_problems(text: str, timing: Timing | None) -> list[str]:
    """What is wrong with the placeholders in `text` for a rule with this timing (none: no problems)."""
    problems = []
    for name in dict.fromkeys(_PLACEHOLDER.findall(text)):
        if name not in _SPANS:
            problems.append(f"unknown placeholder <{name}>; use {', '.join(NAMES)}")
        elif timing is None or _SPANS[name](timing) is None:
            problems.append(f"<{name}> names a timing this rule does not have; give the rule '{name}' or remove it")
    return problems


def fill(text: str, timing: Timing | None) -> str:
    """`text` with every placeholder replaced by its span in words; checked text only (see above)."""
    if timing is None or "<" not in text:
        return text

    def words(match: re.Match[str]) -> str:
        span = _SPANS[match[1]](timing)
        assert span is not None  # the loader refused a placeholder the timing lacks
        return span_words(span)

    return _PLACEHOLDER.sub(words, text)
