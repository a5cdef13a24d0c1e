"""Rule text that names its own timing: "do not wet your skin for <for>".

The tool fills each placeholder from the rule's timing as the patient gets it
(after any `--set`), so the words can never disagree with the plan. Angle
brackets because they mean nothing to YAML: the syntax works inside plain,
unquoted values, where `{...}` or `[...]` would start a mapping or a list.
"""

from __future__ import annotations

import re

from aftercare_cli.model import Timing
from aftercare_cli.timing_words import SPAN_NAMES, timing_span_words

_PLACEHOLDER = re.compile(r"<([A-Za-z_][A-Za-z0-9_]*)>")

# Each name stands for a span of the rule's timing, said in the units the clinic wrote it in:
# <for> how long the rule lasts ("24 hours"), <until> when it ends counted from the treatment,
# <every> the interval of a series ("4 hours"), <start> when it starts counted from the treatment,
# <days> the days or nights a rule is bound to ("days 3 to 7", "the night after treatment"),
# <after> a follow-up's time after the treatment ("4 to 6 weeks").
NAMES = tuple(f"<{name}>" for name in SPAN_NAMES)


def placeholder_problems(text: str, timing: Timing | None) -> list[str]:
    """What is wrong with the placeholders in `text` for a rule with this timing (none: no problems)."""
    problems = []
    for name in dict.fromkeys(_PLACEHOLDER.findall(text)):
        if name not in SPAN_NAMES:
            problems.append(f"unknown placeholder <{name}>; use {', '.join(NAMES)}")
        elif timing is None or timing_span_words(timing, name) is None:
            problems.append(f"<{name}> names a timing this rule does not have; give the rule '{name}' or remove it")
    return problems


def fill(text: str, timing: Timing | None) -> str:
    """`text` with every placeholder replaced by its span in words; checked text only (see above)."""
    if timing is None or "<" not in text:
        return text

    def words(match: re.Match[str]) -> str:
        said = timing_span_words(timing, match[1])
        assert said is not None  # the loader refused a placeholder the timing lacks
        return said

    return _PLACEHOLDER.sub(words, text)
