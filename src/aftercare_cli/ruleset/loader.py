"""Rules files -> validated, frozen RuleSets: the document reader of the rules format.

`compose` makes the text into YAML nodes safely and `nodes` reads typed values; this module
knows the format's shape (treatment, peels, rules) and how its parts refer to
each other. It walks only the shapes the format defines, and every problem
is collected and reported at once as `file:line:col: path: message`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from aftercare_cli.digest import sha256_hex
from aftercare_cli.errors import RulesError
from aftercare_cli.escapes import lookalikes
from aftercare_cli.language_tags import ENGLISH, catalogue_languages, has_catalogue, language_tag
from aftercare_cli.model import (
    Clock,
    Contact,
    Kind,
    Peel,
    Rule,
    RuleSet,
    Treatment,
)
from aftercare_cli.placeholders import placeholder_problems
from aftercare_cli.ruleset import nodes
from aftercare_cli.ruleset.compose import Node, Problems, compose, is_null
from aftercare_cli.ruleset.files import read_rules_file, rule_files
from aftercare_cli.ruleset.phases import phase_problems
from aftercare_cli.ruleset.timing.fields import read_follow_up, read_timing
from aftercare_cli.ruleset.timing.fit import (
    DAY_KEYS,
    KIND_KEYS,
    RANGE_KEYS,
    STRETCH_KEYS,
    STRETCH_KINDS,
    TIMING_KEYS,
    WARNING_CONTACTS,
)

FORMAT_VERSION = 1
MAX_PROBLEMS = 50

TOP_KEYS = ("format", "treatment", "peels", "rules")
TREATMENT_KEYS = ("id", "name", "clinic", "source", "contact", "variant", "languages", "clock")
CONTACT_KEYS = ("phone", "web")
PEEL_KEYS = ("id", "label", "default")
RULE_KEYS = (
    "id",
    "kind",
    "title",
    "label",
    "details",
    "products",
    "only_for_peel",
    *TIMING_KEYS,
    *RANGE_KEYS,
    *DAY_KEYS,
    "after",
    "repeat",
    "not_during",
    "continues",
    "end_note",
    "contact",
)
# The keys some kind has and another has not: a rule giving one its kind has not is refused.
_KIND_ONLY_KEYS = set().union(*KIND_KEYS.values())


def load_rulesets(path: Path) -> list[RuleSet]:
    """Every treatment under `path` (a file or a folder), or one RulesError with every problem.

    Its texts are kept in every language the file is written in: a plan is said in whichever is asked.
    """
    rulesets: list[RuleSet] = []
    problems: list[str] = []
    for file in rule_files(path):
        try:
            text, fingerprint = read_rules_file(file)
            rulesets.append(load_ruleset_text(text, str(file), fingerprint))
        except RulesError as error:
            problems.extend(error.problems)
    problems.extend(_duplicate_treatments(rulesets))
    if problems:
        raise RulesError(_capped(problems))
    return rulesets


def load_ruleset_text(text: str, path: str = "<rules>", fingerprint: str = "") -> RuleSet:
    """One file's text -> RuleSet, or a RulesError listing every problem.

    `fingerprint` is the file's (`files.read_rules_file`); a text that is no file's is fingerprinted as UTF-8.
    """
    problems = Problems(path)
    root = compose(text, problems)
    ruleset = _read_ruleset(root, problems) if root is not None else None
    if problems.lines or ruleset is None:
        raise RulesError(_capped(problems.lines or [f"{path}: no rules found"]))
    fingerprint = fingerprint or sha256_hex(text.encode("utf-8"))
    return replace(ruleset, treatment=replace(ruleset.treatment, fingerprint=fingerprint))


# --- reading the document ----------------------------------------------------


def _read_ruleset(root: Node, problems: Problems) -> RuleSet | None:
    top = nodes.mapping(root, "", TOP_KEYS, problems)
    if top is None:
        return None
    if "format" in top:
        version = nodes.stripped_text(top["format"], "format", problems)
        if version is not None and version != str(FORMAT_VERSION):
            problems.add(top["format"], "format", f"this tool reads format {FORMAT_VERSION}, not {version!r}")
    treatment = _read_treatment(top.get("treatment"), root, problems)
    peels, default_peel = _read_peels(top.get("peels"), root, problems)
    rules = _read_rules(top.get("rules"), root, {p.id for p in peels}, problems)
    if treatment is None or rules is None or default_peel is None or problems.lines:
        return None
    return RuleSet(treatment, peels, default_peel, rules, problems.path)


def _read_treatment(node: Node | None, parent: Node, problems: Problems) -> Treatment | None:
    if node is None:
        problems.add(parent, "treatment", "missing; give id, name, clinic and source")
        return None
    fields = nodes.mapping(node, "treatment", TREATMENT_KEYS, problems)
    if fields is None:
        return None
    languages = _read_languages(fields.get("languages"), problems)
    problems.languages = languages  # read first: every text after it may be given per language (None: unreadable)
    treatment_id = nodes.required_text(fields, node, "treatment", "id", problems)
    texts = {
        key: nodes.required_written(fields, node, "treatment", key, problems, single_line=key != "source")
        for key in ("name", "clinic", "source")
    }
    nodes.check_id(fields.get("id"), treatment_id, "treatment.id", problems)
    contact = _read_contact(fields.get("contact"), problems)
    variant = nodes.optional_written(fields, "treatment", "variant", problems, single_line=True)
    clock = nodes.choice(fields, node, "treatment", "clock", Clock, problems)
    name, clinic, source = texts["name"], texts["clinic"], texts["source"]
    if treatment_id is None or name is None or clinic is None or source is None or contact is None:
        return None
    return Treatment(
        treatment_id,
        name,
        clinic,
        source,
        contact=contact,
        variant=variant,
        languages=languages or (ENGLISH,),
        clock=clock or Clock.H24,
    )


def _read_languages(node: Node | None, problems: Problems) -> tuple[str, ...] | None:
    """`languages: [en, de]`: BCP 47 tags, each once, each with a catalogue of the tool's words; () if absent.

    None for a list with a problem: it is said once, and the texts are then not checked against a wrong list.
    """
    if node is None:
        return ()
    where = "treatment.languages"
    before = len(problems.lines)
    languages: list[str] = []
    without_catalogue = 0  # problems of the tool's catalogues, not of the list: its texts are still checked
    for _index, item in nodes.sequence(node, where, problems):
        tag = nodes.stripped_text(item, where, problems, single_line=True)
        if tag is None:
            continue
        spelled = language_tag(tag)
        if spelled is None:
            problems.add(item, where, f"{tag!r} is not a language code; write one such as en, de, es-MX or ar")
        elif spelled != tag:
            problems.add(item, where, f"write {tag!r} as {spelled!r}, as language codes are spelled")
        elif tag.lower() in (language.lower() for language in languages):
            problems.add(item, where, f"{tag!r} is listed twice")
        else:
            languages.append(tag)
            if not has_catalogue(tag):
                without_catalogue += 1
                have = ", ".join(catalogue_languages())
                problems.add(
                    item,
                    where,
                    f"{tag!r}: the tool's own words have no catalogue in this language (it has {have}); "
                    "add one as CONTRIBUTING.md says (Adding a language)",
                )
    if not languages and len(problems.lines) == before:
        problems.add(node, where, "lists no language; give at least one, the default first, e.g. [en, de]")
    broken = len(problems.lines) - before > without_catalogue
    return None if broken or not languages else tuple(languages)


def _read_contact(node: Node | None, problems: Problems) -> Contact | None:
    """The clinic's phone and web page, both optional; an empty `contact:` is no contact."""
    if node is None or is_null(node):
        return Contact()
    fields = nodes.mapping(node, "treatment.contact", CONTACT_KEYS, problems)
    if fields is None:
        return None
    phone, web = (
        nodes.optional_text(fields, "treatment.contact", key, problems, single_line=True) for key in CONTACT_KEYS
    )
    return Contact(phone or "", web or "")


def _read_peels(node: Node | None, parent: Node, problems: Problems) -> tuple[tuple[Peel, ...], str | None]:
    if node is None:  # a treatment without variants
        return (), ""
    peels: list[Peel] = []
    defaults: list[str] = []
    before = len(problems.lines)
    for index, item in nodes.sequence(node, "peels", problems):
        where = f"peels[{index}]"
        fields = nodes.mapping(item, where, PEEL_KEYS, problems)
        if fields is None:
            continue
        peel_id = nodes.required_text(fields, item, where, "id", problems)
        label = nodes.required_written(fields, item, where, "label", problems, single_line=True)
        nodes.check_id(fields.get("id"), peel_id, f"{where}.id", problems)
        if peel_id is not None and any(p.id == peel_id for p in peels):
            problems.add(fields["id"], f"{where}.id", f"peel {peel_id!r} is defined twice")
        if "default" in fields and nodes.boolean(fields["default"], f"{where}.default", problems) and peel_id:
            defaults.append(peel_id)
        if peel_id is not None and label is not None:
            peels.append(Peel(peel_id, label))
    if not peels and not problems.lines:
        problems.add(
            node, "peels", "lists no peel types; add one, or leave out peels: for a treatment without variants"
        )
    if len(defaults) > 1:
        problems.add(node, "peels", f"several defaults ({', '.join(defaults)}); mark exactly one default: true")
    if peels and not defaults:
        if len(peels) == 1:
            defaults.append(peels[0].id)
        elif len(problems.lines) == before:  # a `default:` that did not read has said so already
            problems.add(node, "peels", "no default peel; mark one with default: true")
    return tuple(peels), defaults[0] if defaults else None


def _read_rules(node: Node | None, parent: Node, peel_ids: set[str], problems: Problems) -> tuple[Rule, ...] | None:
    if node is None:
        problems.add(parent, "rules", "missing; list the aftercare rules")
        return None
    rules: list[Rule] = []
    seen: dict[str, Node] = {}
    positions: dict[str, tuple[Node, str]] = {}
    for index, item in nodes.sequence(node, "rules", problems):
        rule_id = nodes.peek_text(item, "id")
        where = f"rules[{rule_id or index}]"
        if rule_id is not None and rule_id in seen:
            first = seen[rule_id].start_mark.line + 1
            problems.add(item, where, f"rule id {rule_id!r} is used twice (first on line {first}); ids must be unique")
        elif rule_id is not None:
            seen[rule_id] = item
        rule = _read_rule(item, where, peel_ids, problems)
        if rule is not None:
            rules.append(rule)
            positions[rule.id] = (item, where)
    if not rules and not problems.lines:
        problems.add(node, "rules", "lists no rules; add at least one")
    windows = {rule.id: rule for rule in rules if rule.kind is Kind.AVOID}
    for rule in rules:
        for name in rule.not_during:
            item, where = positions[rule.id]
            timing = windows[name].timing if name in windows else None
            if name not in windows:
                problems.add(
                    item,
                    f"{where}.not_during",
                    f"{name!r} is not an avoid rule of this treatment (avoid rules: {', '.join(windows) or 'none'})",
                )
            elif timing is not None and (timing.open or timing.deferred):
                problems.add(
                    item,
                    f"{where}.not_during",
                    f"{name!r} has no end or no start in the plan ('told'); a step cannot wait it out",
                )
    phase_problems(rules, positions, problems)
    return tuple(rules)


def _read_rule(node: Node, where: str, peel_ids: set[str], problems: Problems) -> Rule | None:
    before = len(problems.lines)
    fields = nodes.mapping(node, where, RULE_KEYS, problems)
    if fields is None:
        return None
    rule_id = nodes.required_text(fields, node, where, "id", problems)
    nodes.check_id(fields.get("id"), rule_id, f"{where}.id", problems)
    kind = nodes.choice(fields, node, where, "kind", Kind, problems, required=True)
    title = nodes.required_written(fields, node, where, "title", problems, single_line=True)
    label = nodes.optional_written(fields, where, "label", problems, single_line=True)
    details = nodes.optional_written(fields, where, "details", problems)
    # A product is a name (one string), or a thing the patient has ("a serum") said in each language.
    products = nodes.written_list(fields.get("products"), f"{where}.products", problems)
    peels = nodes.text_list(fields.get("only_for_peel"), f"{where}.only_for_peel", problems)
    for peel in peels:
        if peel not in peel_ids:
            problems.add(
                fields["only_for_peel"],
                f"{where}.only_for_peel",
                f"no peel {peel!r} is defined (peels: {', '.join(sorted(peel_ids)) or 'none'})"
                + (f"; {odd}" if (odd := lookalikes(peel)) else ""),
            )
    if kind is not None:
        for key in fields:
            if key in _KIND_ONLY_KEYS and key not in KIND_KEYS[kind]:
                problems.add(fields[key], f"{where}.{key}", f"not used by a {kind.value!r} rule; remove it")
    # A refused key or value has said what is wrong: the timing keys are still read, but not also checked
    # for how they fit together ("needs 'for' or 'until'" for a `for:` that was refused would be a second message).
    whole = len(problems.lines) == before
    # An as-needed step or an expectation is timed only where the clinic gave it days or a span.
    timed = kind in (Kind.DO, Kind.AVOID) or (kind in STRETCH_KINDS and any(key in fields for key in STRETCH_KEYS))
    timing = read_timing(fields, node, where, kind, problems, whole) if timed else None
    if kind is Kind.FOLLOW_UP:
        timing = read_follow_up(fields, node, where, problems)
    contact = (
        nodes.parsed(fields["contact"], f"{where}.contact", problems, _warning_contact) if "contact" in fields else ""
    )
    end_note = nodes.optional_written(fields, where, "end_note", problems, single_line=True)
    if end_note and timing is not None and (timing.open or timing.deferred):
        problems.add(
            fields["end_note"], f"{where}.end_note", "the window has no end in the plan ('told'): nothing to announce"
        )
    not_during = nodes.text_list(fields.get("not_during"), f"{where}.not_during", problems)
    continues = nodes.optional_text(fields, where, "continues", problems, single_line=True) or ""
    if len(problems.lines) > before or rule_id is None or kind is None or title is None:
        return None
    for key, text in (("title", title), ("label", label), ("details", details), ("end_note", end_note)):
        path = f"{where}.{key}"
        # Each language's text, where one per language is given: its placeholders too must fit the timing.
        for node_of, written in problems.translations.get(path, [(fields.get(key), text.in_language(""))]):
            for message in placeholder_problems(written, timing):
                problems.add(node_of, path, message)
    if len(problems.lines) > before:
        return None
    return Rule(
        rule_id,
        kind,
        title,
        details,
        products,
        peels,
        timing,
        end_note,
        label=label,
        not_during=not_during,
        continues=continues,
        contact_clinic=contact != "none",
    )


def _warning_contact(text: str) -> str:
    if text not in WARNING_CONTACTS:
        raise ValueError(
            f"{text!r} is not one of {', '.join(WARNING_CONTACTS)} (none: the sign's words say whom to contact)"
        )
    return text


def _duplicate_treatments(rulesets: list[RuleSet]) -> Iterator[str]:
    first: dict[str, str] = {}
    for ruleset in rulesets:
        treatment_id = ruleset.treatment.id
        if treatment_id in first:
            yield (
                f"{ruleset.path}: treatment.id: {treatment_id!r} is also defined in {first[treatment_id]}; "
                "each treatment id must be unique"
            )
        else:
            first[treatment_id] = ruleset.path


def _capped(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], f"... and {len(problems) - MAX_PROBLEMS} more problems"]
