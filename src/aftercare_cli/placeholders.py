"""Rule text that names its own timing: "do not wet your skin for <for>". Which placeholders there are, and
which span of a timing each names; no words (`timing_words.fill` says them).

Every face fills each placeholder from the rule's timing as the patient gets it
(after any `--set`), so the words can never disagree with the plan. Angle
brackets because they mean nothing to YAML: the syntax works inside plain,
unquoted values, where `{...}` or `[...]` would start a mapping or a list.
"""

from __future__ import annotations

import re

from aftercare_cli.model import Span, Timing

PLACEHOLDER = re.compile(r"<([A-Za-z_][A-Za-z0-9_]*)>")
# Each name stands for a span of the rule's timing, said in the units the clinic wrote it in:
# <for> how long the rule lasts ("24 hours"), <until> when it ends counted from the treatment,
# <every> the interval of a series ("4 hours"), <start> when it starts counted from the treatment,
# <days> the days or nights a rule is bound to ("days 3 to 7", "the night after treatment"),
# <after> a follow-up's time after the treatment ("4 to 6 weeks"). A start or end the clinic will give (`told`)
# is said in words: "when your clinic tells you", "until your clinic tells you otherwise".
SPAN_NAMES = ("for", "until", "every", "start", "days", "after")
NAMES = tuple(f"<{name}>" for name in SPAN_NAMES)


def placeholder_problems(text: str, timing: Timing | None) -> list[str]:
    """What is wrong with the placeholders in `text` for a rule with this timing (none: no problems)."""
    problems = []
    for name in dict.fromkeys(PLACEHOLDER.findall(text)):
        if name not in SPAN_NAMES:
            problems.append(f"unknown placeholder <{name}>; use {', '.join(NAMES)}")
        elif timing is None or not has_span(timing, name):
            problems.append(f"<{name}> names a timing this rule does not have; give the rule '{name}' or remove it")
    return problems


def has_span(timing: Timing, name: str) -> bool:
    """Whether the timing has what the placeholder `<name>` names."""
    return timing.days is not None if name == "days" else named_span(timing, name) is not None


def named_span(timing: Timing, name: str) -> Span | None:
    """The span `name` (one of SPAN_NAMES) stands for in this timing, with the units to say it in; None if none.

    The end the clinic wrote keeps its units; the one implied (`for` from `until`
    and `start`, or `until` from `start` and `for`) is said in the units of both.
    """
    if name == "days" or (timing.days is not None and name != "every"):
        return None  # days are said by `day_words`; a day-bound rule has no start or end of its own to name
    if name == "after":  # a follow-up's: how long after the treatment, and after each session
        return timing.start if timing.repeat else None
    if name == "start":
        return timing.start
    if name == "every":
        return timing.every
    if timing.end is not None and timing.end.open:  # the clinic will say when it ends: said in words, no length
        return timing.end.span
    return timing.length if name == "for" else timing.until


def named_range(timing: Timing, name: str) -> tuple[Span, Span] | None:
    """The bounds of the span `name` stands for, where it was written as a range (or comes from one); else None."""
    if name == "every":
        return timing.every.range if timing.every is not None else None
    if name in ("after", "start"):
        return timing.start.range
    end = timing.end
    if end is None or end.span.range is None or name not in ("for", "until"):
        return None
    low, high = end.span.range
    if name == end.key:  # the one written
        return low, high
    if name == "for":  # implied by an `until` range: each bound less the start
        return low.minus(timing.start), high.minus(timing.start)
    return timing.start.plus(low), timing.start.plus(high)
