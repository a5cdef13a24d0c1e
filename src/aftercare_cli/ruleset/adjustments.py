"""Per-patient adjustments made at the desk (`--set keep-cool.for=72h`): a RuleSet -> the adjusted RuleSet.

Only timing can be adjusted, never what a rule tells the patient: the words
are the clinic's. Values are read exactly as in a rules file and checked by
the same `check_timing`, and every adjusted rule keeps the fields set and the
clinic's own timing (`Rule.adjusted`), so the table, the JSON and the
calendar can say what changed, each in its own voice.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import replace

from aftercare_cli import option_names as opt
from aftercare_cli.errors import UsageError
from aftercare_cli.model import Adjusted, Anchor, End, Kind, Peel, Rule, RuleSet, Timing, WhenAsleep, Written
from aftercare_cli.placeholders import placeholder_problems
from aftercare_cli.ruleset.timing.fit import (
    check_timing,
    parse_choice,
    parse_daily_time,
    settable_keys,
    start_at_earlier,
)
from aftercare_cli.ruleset.timing.text import parse_offset, parse_span

_SETTING = re.compile(r"(?P<rule>[^.=\s]+)\.(?P<field>[a-z_]+)=(?P<value>.*)", re.DOTALL)
_SYNTAX_HINT = f"write RULE.FIELD=VALUE, e.g. {opt.SET} keep-cool.for=72h (see 'aftercare rules list' for rule ids)"


def apply_adjustments(ruleset: RuleSet, settings: Sequence[str], peel: Peel) -> RuleSet:
    """The rule set with each `RULE.FIELD=VALUE` applied, in order; a UsageError for a bad one.

    Every adjusted rule keeps what changed against the clinic's own timing (`Rule.adjusted`).
    """
    rules = {rule.id: rule for rule in ruleset.rules}
    changed: dict[str, list[str]] = {}
    for setting in settings:
        match = _SETTING.fullmatch(setting.strip())
        if match is None:
            raise UsageError(f"{opt.SET} {setting!r} is not a setting", _SYNTAX_HINT)
        rule_id, field, value = match["rule"], match["field"], match["value"].strip()
        if rule_id not in rules:
            close = difflib.get_close_matches(rule_id, list(rules), n=1)
            hint = f"did you mean {close[0]}?" if close else f"rules: {', '.join(rules)}"
            raise UsageError(f"{opt.SET} {setting!r}: no rule {rule_id!r} in {ruleset.treatment.id}", hint)
        if not rules[rule_id].applies_to(peel.id):
            only = ", ".join(rules[rule_id].only_for_peels)
            raise UsageError(
                f"{opt.SET} {setting!r}: rule {rule_id!r} applies only to the peel {only}, not {peel.id}",
                f"add {opt.PEEL} {rules[rule_id].only_for_peels[0]}, or leave this rule alone",
            )
        rules[rule_id] = _adjusted(rules[rule_id], field, value, setting)
        _refuse_untrue_words(rules[rule_id], setting)
        changed.setdefault(rule_id, [])
        if field not in changed[rule_id]:
            changed[rule_id].append(field)
    for rule in ruleset.rules:
        if rule.id in changed and rule.timing is not None:
            rules[rule.id] = replace(rules[rule.id], adjusted=Adjusted(tuple(changed[rule.id]), rule.timing))
    return replace(ruleset, rules=tuple(rules[rule.id] for rule in ruleset.rules))


def _refuse_untrue_words(rule: Rule, setting: str) -> None:
    """A setting that leaves the rule's text naming a timing it no longer has (`<days>` after a `for`) is refused:
    the words a patient reads must stay true."""
    texts = (rule.title, rule.label, rule.details, rule.end_note)
    for text in (said for written in texts for _language, said in written.languages()):
        for problem in placeholder_problems(text, rule.timing):
            placeholder = problem.split(" ", 1)[0]
            raise UsageError(
                f"{opt.SET} {setting!r}: rule {rule.id!r} says {placeholder} in its text, which this leaves it without",
                "its words would no longer be true for this patient; leave this rule as the clinic wrote it",
            )


def _adjusted(rule: Rule, field: str, value: str, setting: str) -> Rule:
    allowed = settable_keys(rule.kind)
    if field not in allowed:
        kind = rule.kind.value
        what = f"{kind} rules can set {', '.join(allowed)}" if allowed else f"a {kind} rule has no timing to set"
        if not allowed and rule.timing is not None and rule.kind in (Kind.EXPECT, Kind.AS_NEEDED):
            what = f"the days of an {kind} rule are the clinic's; only do and avoid rules are set at the desk"
        raise UsageError(f"{opt.SET} {setting!r}: {field!r} cannot be set", what)
    timing = rule.timing
    assert timing is not None  # every do/avoid rule has one
    try:
        adjusted = _set(timing, field, value)
    except ValueError as error:
        raise UsageError(f"{opt.SET} {setting!r}: {error}") from None
    if adjusted.start.before != timing.start.before:
        side = "before" if timing.start.before else "after"
        raise UsageError(
            f"{opt.SET} {setting!r}: rule {rule.id!r} is a step the clinic wrote for {side} the treatment, and this "
            "moves it to the other side",
            "its words are written for one side of the treatment; keep the start on it, or leave the rule alone",
        )
    problems: list[str] = []
    if not check_timing(adjusted, rule.kind, lambda _key, message: problems.append(message)):
        raise UsageError(f"{opt.SET} {setting!r}: {problems[0]}")
    return replace(rule, timing=adjusted)


def _set(timing: Timing, field: str, value: str) -> Timing:
    """`timing` with one field set as the desk typed it; what the desk did not change stays as the clinic wrote
    it (a range's bounds, a vague length's words while the end stays a `for`, the days it is bound to)."""
    if field == "start":
        return replace(timing, start=start_at_earlier(parse_offset(value)), days=None)
    if field in ("for", "until"):
        words = timing.end_words if field == "for" else Written()
        span = parse_span(value) if field == "for" else parse_offset(value)  # an until may be before, too
        return replace(timing, end=End(span, field), end_words=words, days=None)
    if field == "every":
        return replace(timing, every=parse_span(value))
    if field == "anchor":
        return replace(timing, anchor=parse_choice(Anchor, value))
    if field == "at":
        return replace(timing, at=tuple(parse_daily_time(part) for part in value.split(",")))
    return replace(timing, when_asleep=parse_choice(WhenAsleep, value))


# Kinds whose rules tell the patient what not to do (or what to watch for): dropping one by a typo could
# harm, so `--skip` needs `--force-skip` for them, named in the refusal as here. A new kind of the same
# nature is one more entry: (what it is, what it tells the patient).
NEEDS_FORCE_SKIP = {
    Kind.AVOID: ("an avoid window", "what the patient must not do"),
    Kind.WARNING: ("a warning sign", "what the patient must watch for"),
}
# Kinds whose steps never ring: `--mute` has nothing to silence (an avoid window rings only its end note).
NEVER_RING = (Kind.TIP, Kind.WARNING, Kind.AS_NEEDED, Kind.EXPECT)


def apply_desk_choices(
    ruleset: RuleSet, skips: Sequence[str], mutes: Sequence[str], peel: Peel, force_skip: bool = False
) -> RuleSet:
    """The rule set with each `--skip RULE` marked skipped and each `--mute RULE` muted; a UsageError for a bad one.

    A skipped rule stays in the rule set (the plan says it was skipped); the planner makes nothing of it.
    """
    rules = {rule.id: rule for rule in ruleset.rules}
    skip_ids = [_desk_rule(ruleset, rules, opt.SKIP, given, peel).id for given in skips]
    mute_ids = [_desk_rule(ruleset, rules, opt.MUTE, given, peel).id for given in mutes]
    for rule_id in dict.fromkeys(skip_ids):
        rule = rules[rule_id]
        if rule_id in mute_ids:
            raise UsageError(
                f"{opt.SKIP} {rule_id} and {opt.MUTE} {rule_id}: a step cannot be both left out and kept silent",
                f"keep {opt.SKIP} to drop it, or {opt.MUTE} to keep it without an alarm",
            )
        if rule.kind in NEEDS_FORCE_SKIP and not force_skip:
            what, why = NEEDS_FORCE_SKIP[rule.kind]
            raise UsageError(
                f"{opt.SKIP} {rule_id}: it is {what} (\u201c{rule.title.default}\u201d), {why}: "
                "a typo must not drop it",
                f"if the clinic decided so for this patient, add {opt.FORCE_SKIP}",
            )
        rules[rule_id] = replace(rule, skipped=True)
    for rule_id in dict.fromkeys(mute_ids):
        rule = rules[rule_id]
        timing = rule.timing
        silent = timing is not None and (timing.deferred or (timing.open and timing.horizon is None))
        if rule.kind in NEVER_RING or (rule.kind is Kind.AVOID and not rule.end_note) or silent:
            raise UsageError(
                f"{opt.MUTE} {rule_id}: it rings no alarm to silence",
                f"{opt.MUTE} is for reminders; {opt.SKIP} leaves a step out",
            )
        rules[rule_id] = replace(rule, muted=True)
    return replace(ruleset, rules=tuple(rules[rule.id] for rule in ruleset.rules))


def _desk_rule(ruleset: RuleSet, rules: dict[str, Rule], option: str, given: str, peel: Peel) -> Rule:
    rule_id = given.strip()
    if rule_id not in rules:
        close = difflib.get_close_matches(rule_id, list(rules), n=1)
        hint = f"did you mean {close[0]}?" if close else f"rules: {', '.join(rules)}"
        raise UsageError(f"{option} {rule_id!r}: no rule {rule_id!r} in {ruleset.treatment.id}", hint)
    rule = rules[rule_id]
    if not rule.applies_to(peel.id):
        raise UsageError(
            f"{option} {rule_id!r}: rule {rule_id!r} applies only to the peel {', '.join(rule.only_for_peels)}, "
            f"not {peel.id}",
            "it is not in this plan: leave it out",
        )
    return rule
