"""What the clinic's staff read about a plan or a rules file that cannot be made: built here, and only here,
always in English (errors, `rules check`, `--set` refusals), whatever language the plan or the desk speaks.

The core and the rules reader find what is wrong as values (`core.empty_rules`, `ruleset.reach`); these
are their words, with the timing words every face shares (`timing_words`), said in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from aftercare_cli import option_names as opt
from aftercare_cli.core.empty_rules import EmptyRule
from aftercare_cli.errors import PlanError, UsageError
from aftercare_cli.language_tags import ENGLISH
from aftercare_cli.model import Anchor, Patient, Span, clock_24h
from aftercare_cli.outputs.wording import skipped_because
from aftercare_cli.ruleset.reach import Unreached
from aftercare_cli.speech import day, speaking
from aftercare_cli.timing_words import repeat_words, span_words
from aftercare_cli.voices import voice_of

_MINUTES_HINT = " (m is minutes; days are d, weeks w)"


@contextmanager
def _in_english() -> Iterator[None]:
    with speaking(voice_of(ENGLISH)):
        yield


def unreached_problem(found: Unreached, path: str) -> str:
    """`rules check`'s line for a rule some treatment times leave with no reminder, with how to mend it."""
    patient = Patient()  # what `unreached` checks against: the default sleep hours
    with _in_english():
        unit = _MINUTES_HINT if found.length < timedelta(hours=1) else ""
        length, gap = span_words(Span(found.length)), span_words(Span(found.gap))
        timing = found.rule.timing
        assert timing is not None  # a do rule has one
        where = f"{path}: " if path else ""
        if found.clocks:
            what = repeat_words(timing, patient, short=True)
            if not timing.at:
                what += f", {clock_24h(found.clocks[0])} to {clock_24h(found.clocks[-1])}"
            problem = (
                f"it lasts {length}, less than the {gap} between two of its reminders ({what}): a treatment at "
                f"some times of day would get none; make it last at least {gap}{unit}"
            )
        else:
            count = "one reminder" if found.count == 1 else f"{found.count} reminders"
            asleep = f"{clock_24h(patient.bedtime)}-{clock_24h(patient.wake)}"
            problem = (
                f"its {count} ({repeat_words(timing, short=True)} for {length}) can all fall in one night's sleep "
                f"({asleep}), where they are skipped: a treatment in the evening would get none; make it last "
                f"longer, or give it when_asleep: wake (moved to the wake-up) or when_asleep: keep (kept in the "
                f"night, for a step meant then){unit}"
            )
        return f"{where}rules[{found.rule.id}]: {problem}"


def empty_rule_why(empty: EmptyRule, patient: Patient) -> str:
    """Why a rule made no reminder: "its reminder is skipped, in your sleep hours", "none of its times (...) ..."."""
    with _in_english():
        if empty.skipped:
            count = "its reminder is" if len(empty.skipped) == 1 else f"its {len(empty.skipped)} reminders are all"
            return f"{count} skipped, {skipped_because(empty.skipped[0])}"
        timing = empty.rule.timing
        assert timing is not None  # a do rule has one
        first, last = empty.first, empty.last
        span = f"{_when(first)} and " + (clock_24h(last.time()) if last.date() == first.date() else _when(last))
        if timing.at or (timing.every is not None and timing.anchor is Anchor.WAKE):
            length = timing.length or timing.horizon  # no end: its reminders' horizon
            length_words = span_words(length) if length is not None else "0 minutes"
            times = repeat_words(timing, patient, short=True)
            return f"none of its times ({times}) falls in its {length_words}, between {span}"
        # Counted from the treatment: each of them fell in the sleep hours, and an interval skips its nights.
        bed, wake = clock_24h(patient.bedtime), clock_24h(patient.wake)
        return f"its reminders between {span} all fall in the sleep hours ({bed}-{wake})"


def _when(moment: datetime) -> str:
    return f"{day(moment)} {clock_24h(moment.time())}"


def empty_rule_refused(empty: EmptyRule, path: str, patient: Patient) -> PlanError:
    """The clinic's own rule making no reminder in this plan: the rules' fault (exit 1), named with its file."""
    where = f"{path}: " if path else ""
    problem = f"{where}rule {empty.rule.id!r} makes no reminder in this plan: {empty_rule_why(empty, patient)}"
    return PlanError(problem, "check its timing with 'aftercare rules check'")


def emptied(empty: EmptyRule, settings: Sequence[str], patient: Patient) -> UsageError:
    """The refusal of settings that leave a rule with no reminder in the plan: what happened, and a hint.

    A value in minutes is the likely slip (`until=1m` typed for a month), so its hint says the units.
    """
    rule_id = empty.rule.id
    mine = [setting.strip() for setting in settings if setting.strip().startswith(f"{rule_id}.")]
    named = " ".join(f"{opt.SET} {setting!r}" for setting in mine)
    minutes = any(re.search(r"=\s*(\d+[wdh])*\d+m\s*$", setting) for setting in mine)
    hint = "m is minutes; days are d, weeks w" if minutes else "check the value; 'aftercare rules list' shows the rule"
    return UsageError(f"{named} leaves rule {rule_id!r} with no reminder: {empty_rule_why(empty, patient)}", hint)
