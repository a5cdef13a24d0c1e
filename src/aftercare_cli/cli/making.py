"""The desk's values -> a Plan: the treatment time, the treatment and peel, what the desk changed, the planner.

Shared by `plan` (one patient) and `batch` (a row each), so a row of an export
is checked and planned exactly as the same options of `plan` are, and a rule
left with no reminder is refused the same way by both.
"""

from __future__ import annotations

from dataclasses import field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from aftercare_cli import option_names as opt
from aftercare_cli.cli.inputs.choices import pick_peel, pick_treatment
from aftercare_cli.cli.inputs.language import pick_language
from aftercare_cli.cli.inputs.treatment_time import parse_treatment_time
from aftercare_cli.cli.notices import warn
from aftercare_cli.core.planner import make_plan
from aftercare_cli.frozen import frozen
from aftercare_cli.model import A_YEAR, Patient, Peel, Plan, RuleSet
from aftercare_cli.speech import speaking
from aftercare_cli.voices import voice_of


@frozen
class DeskChoices:
    """What the desk changed for this patient: `--set`, `--skip` (with `--force-skip`), `--mute`."""

    adjustments: list[str] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)
    mutes: list[str] = field(default_factory=list)
    force_skip: bool = False


@frozen
class Request:
    """One patient's plan as the desk asked for it, in the text it was typed in (or a row gave)."""

    at: str
    zone: ZoneInfo
    patient: Patient
    treatment: str | None = None
    peel: str | None = None
    desk: DeskChoices = field(default_factory=DeskChoices)
    source: str = opt.AT  # where the treatment time came from, for its messages: --at, or a row's "time"
    label: str = ""  # which patient a warning is about, where there are many: "row 5"
    lang: str | None = None  # the language asked for (`--lang`); None: the rules' default
    lang_source: str = opt.LANG  # where the language came from, for its messages: --lang, or a row's "lang"


def build_plan(rulesets: list[RuleSet], request: Request, now: datetime) -> Plan:
    """The patient's plan from the loaded rules (read in `request.lang`); a UsageError or PlanError says what is wrong.

    Planned in the plan's own voice: the words the planner and the desk's changes write (a step moved
    "out of your sleep hours", "72 hours instead of 24 hours") are in the plan's language.
    """
    treated_at = parse_treatment_time(request.at, request.zone, now, source=request.source)
    if abs(treated_at - now) > A_YEAR:  # most likely a mistyped year
        today = now.astimezone(request.zone)
        about = f"{request.label}: " if request.label else ""
        warn(
            f"{about}the treatment date {treated_at.date().isoformat()} is more than a year from today "
            f"({today.date().isoformat()}); check {request.source}"
        )
    ruleset = pick_treatment(rulesets, request.treatment, request.peel)
    peel = pick_peel(ruleset, request.peel)
    lang = pick_language(ruleset.treatment, request.lang, request.lang_source)
    with speaking(voice_of(lang, ruleset.treatment.clock)):
        return _planned(ruleset, peel, treated_at, request, lang)


def _planned(ruleset: RuleSet, peel: Peel, treated_at: datetime, request: Request, lang: str) -> Plan:
    desk = request.desk
    if desk.adjustments:  # only then: the adjustments and their words load on this path alone
        from aftercare_cli.ruleset.adjustments import apply_adjustments

        ruleset = apply_adjustments(ruleset, desk.adjustments, peel)
    if desk.skips or desk.mutes or desk.force_skip:
        from aftercare_cli.ruleset.adjustments import apply_desk_choices

        ruleset = apply_desk_choices(ruleset, desk.skips, desk.mutes, peel, desk.force_skip)
    the_plan = replace(make_plan(ruleset, peel, treated_at, request.zone, request.patient), lang=lang)
    refuse_empty_rules(the_plan, ruleset.path, desk.adjustments)
    return the_plan


def desk_plan(the_plan: Plan, desk_lang: str | None) -> Plan:
    """The same plan for the desk's screen, said in its language (`--desk-lang`): planned once, said twice.

    The desk's language may be one the rules are not written in, where the tool's words have a catalogue:
    the clinic's texts are then in the rules' default language.
    """
    if desk_lang is None:
        return the_plan
    return replace(the_plan, lang=pick_language(the_plan.treatment, desk_lang, opt.DESK_LANG, desk=True))


def refuse_empty_rules(the_plan: Plan, path: str, adjustments: list[str]) -> None:
    """Nothing disappears without a word: a rule with no reminder is refused, unless the plan says it skipped them.

    An adjusted one is the desk's doing (exit 2); the clinic's own rule is the rules' (exit 1).
    """
    from aftercare_cli.core.empty_rules import empty_rules

    for empty in empty_rules(the_plan):
        if empty.rule.adjusted or not empty.told:  # the words only when there is something to refuse
            from aftercare_cli.cli.desk_messages import emptied, empty_rule_refused

            if empty.rule.adjusted:
                raise emptied(empty, adjustments, the_plan.patient)
            raise empty_rule_refused(empty, path, the_plan.patient)
