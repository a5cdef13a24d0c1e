"""YAML rule files -> validated, frozen RuleSets. The only module that imports yaml.

The file is composed into YAML nodes, never constructed into Python objects:
no tag can run code, every value keeps its line and column, and durations and
clock times are read from the text the clinic typed (`8:00` stays 8:00, not
the integer 480 that YAML 1.1 would make of it). The validator walks only the
shapes the format defines, so alias bombs and cycles are never expanded.
Every problem is collected and reported at once as `file:line:col: path: message`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Protocol, TypeVar

import yaml

from aftercare_cli.errors import RulesError
from aftercare_cli.model import (
    Anchor,
    Contact,
    DailyTime,
    Kind,
    Peel,
    Rule,
    RuleSet,
    Timing,
    Treatment,
    WhenAsleep,
)
from aftercare_cli.placeholders import placeholder_problems
from aftercare_cli.rulefiles import read_rules_text, rule_files
from aftercare_cli.timetext import parse_duration
from aftercare_cli.timings import KIND_KEYS, TIMING_KEYS, E, build_timing, parse_choice, parse_daily_time
from aftercare_cli.visible import lookalikes, visible

T = TypeVar("T")

# libyaml is ~10x faster and refuses deep nesting itself; the pure-Python
# loader is the fallback where PyYAML was built without it.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FORMAT_VERSION = 1
MAX_PROBLEMS = 50
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")

TOP_KEYS = ("format", "treatment", "peels", "rules")
TREATMENT_KEYS = ("id", "name", "clinic", "source", "contact")
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
    "not_during",
    "end_note",
)
_STANDARD_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {
    _STANDARD_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
}
# Characters that would reach a terminal or calendar as control sequences.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class _Mark(Protocol):
    """A place in the file: PyYAML's pure-Python and libyaml marks both have these."""

    line: int
    column: int


class _Problems:
    """Collects `file:line:col: path: message` lines for one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: list[str] = []

    def add(self, node: yaml.Node | None, where: str, message: str) -> None:
        self.add_at(node.start_mark if node is not None else None, where, message)

    def add_at(self, mark: _Mark | None, where: str, message: str) -> None:
        position = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        line = f"{self.path}{position}: {where}: {message}" if where else f"{self.path}{position}: {message}"
        self.lines.append(visible(line))  # file text in a path or a message must not reach a terminal raw


def load_rulesets(path: Path) -> list[RuleSet]:
    """Every treatment under `path` (a file or a folder), or one RulesError with every problem."""
    rulesets: list[RuleSet] = []
    problems: list[str] = []
    for file in rule_files(path):
        try:
            rulesets.append(load_ruleset_text(read_rules_text(file), str(file)))
        except RulesError as error:
            problems.extend(error.problems)
    problems.extend(_duplicate_treatments(rulesets))
    if problems:
        raise RulesError(_capped(problems))
    return rulesets


def load_ruleset_text(text: str, path: str = "<rules>") -> RuleSet:
    """One file's text -> RuleSet, or a RulesError listing every problem in it."""
    problems = _Problems(path)
    root = _compose(text, problems)
    ruleset = _read_ruleset(root, problems) if root is not None else None
    if problems.lines or ruleset is None:
        raise RulesError(_capped(problems.lines or [f"{path}: no rules found"]))
    return ruleset


def _compose(text: str, problems: _Problems) -> yaml.Node | None:
    try:
        if ("&" in text or "*" in text) and _refuse_aliases(text, problems):
            return None
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problems.add_at(mark, "", _yaml_message(error, _line_at(text, mark)))
    except yaml.YAMLError as error:  # e.g. a reader error on a non-printable character
        problems.add(None, "", f"not valid YAML: {_one_line(str(error))}")
    except RecursionError:  # the pure-Python loader on deep nesting
        problems.add(None, "", "nested too deeply to be a rules file")
    return None


def _refuse_aliases(text: str, problems: _Problems) -> bool:
    """Anchors and aliases make a small file expand without bound when read; no clinic needs them."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.add_at(
                event.start_mark,
                "",
                "YAML anchors and aliases (&name, *name) are not allowed in rules files; write each value out",
            )
            return True
    return False


def _line_at(text: str, mark: object) -> str:
    lines = text.splitlines()
    number = getattr(mark, "line", -1)
    return lines[number] if 0 <= number < len(lines) else ""


def _yaml_message(error: yaml.MarkedYAMLError, line: str) -> str:
    problem = _one_line(error.problem or error.context or "not valid YAML")
    context = _one_line(error.context or "")
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indent or "'\\t'" in problem:
        return "a tab character; indent with spaces, not tabs"
    if "expected a single document" in problem or "another document" in problem:
        return "more than one YAML document ('---'); keep one treatment per file"
    if "maximum nesting depth" in problem:
        return "nested too deeply to be a rules file"
    if "mapping values are not allowed" in problem:
        value = line.split(": ", 1)[1] if ": " in line else ""
        if ": " in value:
            return "a ': ' inside a value; put the whole value in quotes, e.g. title: \"Note: ...\""
        return "this line is indented further than the key above it; line up the keys of one item"
    if "expected '-' indicator" in problem:
        return "this line is indented less than the item it belongs to; line it up with that item's other keys"
    if "did not find expected key" in problem:
        return "the indentation does not match the lines above; line up each '- ' item, and the keys of one item"
    if "while scanning a quoted scalar" in context:
        return "a quote is opened and never closed; close it on the same line"
    if "while parsing a flow" in context:
        return "a '[' or '{' is not closed, or its items are not separated by commas"
    return f"not valid YAML: {problem}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- reading the document ----------------------------------------------------


def _read_ruleset(root: yaml.Node, problems: _Problems) -> RuleSet | None:
    top = _mapping(root, "", TOP_KEYS, problems)
    if top is None:
        return None
    if "format" in top:
        version = _text(top["format"], "format", problems)
        if version is not None and version != str(FORMAT_VERSION):
            problems.add(top["format"], "format", f"this tool reads format {FORMAT_VERSION}, not {version!r}")
    treatment = _read_treatment(top.get("treatment"), root, problems)
    peels, default_peel = _read_peels(top.get("peels"), root, problems)
    rules = _read_rules(top.get("rules"), root, {p.id for p in peels}, problems)
    if treatment is None or rules is None or default_peel is None or problems.lines:
        return None
    return RuleSet(treatment, peels, default_peel, rules, problems.path)


def _read_treatment(node: yaml.Node | None, parent: yaml.Node, problems: _Problems) -> Treatment | None:
    if node is None:
        problems.add(parent, "treatment", "missing; give id, name, clinic and source")
        return None
    fields = _mapping(node, "treatment", TREATMENT_KEYS, problems)
    if fields is None:
        return None
    values = {
        key: _required_text(fields, node, "treatment", key, problems, single_line=key != "source")
        for key in ("id", "name", "clinic", "source")
    }
    _check_id(fields.get("id"), values["id"], "treatment.id", problems)
    contact = _read_contact(fields.get("contact"), problems)
    if any(value is None for value in values.values()) or contact is None:
        return None
    return Treatment(**{key: value or "" for key, value in values.items()}, contact=contact)


def _read_contact(node: yaml.Node | None, problems: _Problems) -> Contact | None:
    """The clinic's phone and web page, both optional; an empty `contact:` is no contact."""
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _STANDARD_TAG + "null"):
        return Contact()
    fields = _mapping(node, "treatment.contact", CONTACT_KEYS, problems)
    if fields is None:
        return None
    phone, web = (_optional_text(fields, "treatment.contact", key, problems, single_line=True) for key in CONTACT_KEYS)
    return Contact(phone or "", web or "")


def _read_peels(node: yaml.Node | None, parent: yaml.Node, problems: _Problems) -> tuple[tuple[Peel, ...], str | None]:
    if node is None:  # a treatment without variants
        return (), ""
    peels: list[Peel] = []
    defaults: list[str] = []
    before = len(problems.lines)
    for index, item in _sequence(node, "peels", problems):
        where = f"peels[{index}]"
        fields = _mapping(item, where, PEEL_KEYS, problems)
        if fields is None:
            continue
        peel_id = _required_text(fields, item, where, "id", problems)
        label = _required_text(fields, item, where, "label", problems, single_line=True)
        _check_id(fields.get("id"), peel_id, f"{where}.id", problems)
        if peel_id is not None and any(p.id == peel_id for p in peels):
            problems.add(fields["id"], f"{where}.id", f"peel {peel_id!r} is defined twice")
        if "default" in fields and _boolean(fields["default"], f"{where}.default", problems) and peel_id:
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


def _read_rules(
    node: yaml.Node | None, parent: yaml.Node, peel_ids: set[str], problems: _Problems
) -> tuple[Rule, ...] | None:
    if node is None:
        problems.add(parent, "rules", "missing; list the aftercare rules")
        return None
    rules: list[Rule] = []
    seen: dict[str, yaml.Node] = {}
    positions: dict[str, tuple[yaml.Node, str]] = {}
    for index, item in _sequence(node, "rules", problems):
        rule_id = _peek_id(item)
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
    windows = [rule.id for rule in rules if rule.kind is Kind.AVOID]
    for rule in rules:
        for name in rule.not_during:
            if name not in windows:
                item, where = positions[rule.id]
                problems.add(
                    item,
                    f"{where}.not_during",
                    f"{name!r} is not an avoid rule of this treatment (avoid rules: {', '.join(windows) or 'none'})",
                )
    return tuple(rules)


def _peek_id(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "id" and isinstance(value, yaml.ScalarNode):
                return str(value.value) or None
    return None


def _read_rule(node: yaml.Node, where: str, peel_ids: set[str], problems: _Problems) -> Rule | None:
    before = len(problems.lines)
    fields = _mapping(node, where, RULE_KEYS, problems)
    if fields is None:
        return None
    rule_id = _required_text(fields, node, where, "id", problems)
    _check_id(fields.get("id"), rule_id, f"{where}.id", problems)
    kind = _choice(fields, node, where, "kind", Kind, problems, required=True)
    title = _required_text(fields, node, where, "title", problems, single_line=True)
    label = _optional_text(fields, where, "label", problems, single_line=True) or ""
    details = _optional_text(fields, where, "details", problems) or ""
    products = _text_list(fields.get("products"), f"{where}.products", problems)
    peels = _text_list(fields.get("only_for_peel"), f"{where}.only_for_peel", problems)
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
            if key in KIND_KEYS[Kind.DO] | KIND_KEYS[Kind.AVOID] and key not in KIND_KEYS[kind]:
                problems.add(fields[key], f"{where}.{key}", f"not used by a {kind.value!r} rule; remove it")
    # A refused key or value has said what is wrong: the timing keys are still read, but not also checked
    # for how they fit together ("needs 'for' or 'until'" for a `for:` that was refused would be a second message).
    whole = len(problems.lines) == before
    timing = _read_timing(fields, node, where, kind, problems, whole) if kind in (Kind.DO, Kind.AVOID) else None
    end_note = _optional_text(fields, where, "end_note", problems, single_line=True) or ""
    not_during = _text_list(fields.get("not_during"), f"{where}.not_during", problems)
    if len(problems.lines) > before or rule_id is None or kind is None or title is None:
        return None
    for key, text in (("title", title), ("label", label), ("details", details), ("end_note", end_note)):
        for message in placeholder_problems(text, timing):
            problems.add(fields[key], f"{where}.{key}", message)
    if len(problems.lines) > before:
        return None
    return Rule(rule_id, kind, title, details, products, peels, timing, end_note, label=label, not_during=not_during)


def _read_timing(
    fields: dict[str, yaml.Node], node: yaml.Node, where: str, kind: Kind | None, problems: _Problems, whole: bool
) -> Timing | None:
    def span(key: str) -> timedelta | None:
        return _duration(fields[key], f"{where}.{key}", problems) if key in fields else None

    before = len(problems.lines)
    start = span("start") or timedelta(0)
    length, until, every = span("for"), span("until"), span("every")
    at = _daily_times(fields.get("at"), f"{where}.at", problems)
    anchor = _choice(fields, node, where, "anchor", Anchor, problems) or Anchor.TREATMENT
    asleep = _choice(fields, node, where, "when_asleep", WhenAsleep, problems) or WhenAsleep.SKIP
    if len(problems.lines) > before or not whole:
        return None  # one mistake, one message: a value that did not read is not also "missing"
    return build_timing(
        start,
        length,
        until,
        every,
        anchor,
        at,
        asleep,
        kind,
        lambda key, message: problems.add(fields.get(key, node), f"{where}.{key}" if key else where, message),
    )


# --- node helpers --------------------------------------------------------------


def _mapping(node: yaml.Node, where: str, allowed: Sequence[str], problems: _Problems) -> dict[str, yaml.Node] | None:
    """A mapping's keys -> value nodes; unknown, duplicate or non-text keys reported."""
    if not _tag_ok(node, where, problems):
        return None
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, where, f"expected key: value lines here, found {_shape(node)}")
        return None
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.add(key_node, where, "a key must be a plain word")
            continue
        key = str(key_node.value)
        path = f"{where}.{key}" if where else key
        if not _tag_ok(key_node, path, problems):
            continue
        if key == "<<" or key_node.tag == _STANDARD_TAG + "merge":
            problems.add(key_node, path, "merge keys ('<<') are not allowed in rules files; write the keys out")
        elif key in fields:
            first = fields[key].start_mark.line + 1
            problems.add(key_node, path, f"duplicate key (first on line {first}); keep one")
        elif key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(allowed)}"
            problems.add(key_node, path, f"unknown key{hint}")
        else:
            fields[key] = value_node
    return fields


def _sequence(node: yaml.Node, where: str, problems: _Problems) -> Iterator[tuple[int, yaml.Node]]:
    if not _tag_ok(node, where, problems):
        return
    if not isinstance(node, yaml.SequenceNode):
        problems.add(node, where, f"expected a list ('- ' lines), found {_shape(node)}")
        return
    yield from enumerate(node.value)


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "key: value lines"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "nothing" if node.tag == _STANDARD_TAG + "null" else f"the value {_clip(str(node.value))!r}"


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _tag_ok(node: yaml.Node, where: str, problems: _Problems) -> bool:
    # Composing never runs code, but a custom tag means the author expected
    # something this format does not do: say so instead of ignoring it.
    if node.tag in _PLAIN_TAGS:
        return True
    shown = node.tag.replace(_STANDARD_TAG, "!!", 1)
    problems.add(node, where, f"the YAML tag {shown!r} is not allowed in rules; remove it")
    return False


def _scalar_text(node: yaml.Node, where: str, problems: _Problems) -> str | None:
    """The text as typed: `No` stays "No", `012` stays "012", `8:00` stays "8:00"."""
    if not isinstance(node, yaml.ScalarNode):
        problems.add(node, where, f"expected a single value, found {_shape(node)}")
        return None
    if not _tag_ok(node, where, problems):
        return None
    if node.tag == _STANDARD_TAG + "null":
        return ""  # `~`, `null` or nothing: an empty value, never the word "null" shown to a patient
    text = str(node.value)
    if _CONTROL.search(text.replace("\n", "").replace("\t", "")):
        problems.add(node, where, "contains control or bidi-override characters; remove them")
        return None
    return text


def _text(node: yaml.Node, where: str, problems: _Problems, single_line: bool = False) -> str | None:
    text = _scalar_text(node, where, problems)
    if text is None:
        return None
    text = text.strip()
    if single_line and "\n" in text:
        problems.add(node, where, "must fit on one line; put more in 'details'")
        return None
    return text


def _required_text(
    fields: dict[str, yaml.Node],
    parent: yaml.Node,
    where: str,
    key: str,
    problems: _Problems,
    single_line: bool = False,
) -> str | None:
    path = f"{where}.{key}"
    if key not in fields:
        problems.add(parent, path, "missing")
        return None
    text = _text(fields[key], path, problems, single_line)
    if text == "":
        problems.add(fields[key], path, "is empty")
        return None
    return text


def _optional_text(
    fields: dict[str, yaml.Node], where: str, key: str, problems: _Problems, single_line: bool = False
) -> str | None:
    if key not in fields:
        return None
    text = _text(fields[key], f"{where}.{key}", problems, single_line)
    if text == "":
        problems.add(fields[key], f"{where}.{key}", "is empty; write the text, or remove the key")
        return None
    return text


def _one_or_many(node: yaml.Node | None, where: str, problems: _Problems) -> list[yaml.Node]:
    """A list's items; a single value is a list of one, and an empty value none."""
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _STANDARD_TAG + "null"):
        return []
    if isinstance(node, yaml.ScalarNode):
        return [node]
    return [item for _, item in _sequence(node, where, problems)]


def _text_list(node: yaml.Node | None, where: str, problems: _Problems) -> tuple[str, ...]:
    texts = []
    for index, item in enumerate(_one_or_many(node, where, problems)):
        text = _text(item, f"{where}[{index}]", problems, single_line=True)
        if text:
            texts.append(text)
    return tuple(texts)


def _check_id(node: yaml.Node | None, value: str | None, where: str, problems: _Problems) -> None:
    if node is not None and value and not ID_PATTERN.fullmatch(value):
        problems.add(node, where, f"{value!r} is not an id; use lowercase letters, digits and '-', e.g. keep-cool")


def _boolean(node: yaml.Node, where: str, problems: _Problems) -> bool:
    text = _scalar_text(node, where, problems)
    if text is not None and text.lower() in ("true", "false"):  # YAML 1.2's booleans, as editors read them
        return text.lower() == "true"
    if text is not None:
        problems.add(node, where, "expected true or false")
    return False


def _choice(
    fields: dict[str, yaml.Node],
    parent: yaml.Node,
    where: str,
    key: str,
    choices: type[E],
    problems: _Problems,
    required: bool = False,
) -> E | None:
    path = f"{where}.{key}"
    if key not in fields:
        if required:
            problems.add(parent, path, f"missing; one of {', '.join(c.value for c in choices)}")
        return None
    return _parsed(fields[key], path, problems, lambda typed: parse_choice(choices, typed))


def _duration(node: yaml.Node, where: str, problems: _Problems) -> timedelta | None:
    return _parsed(node, where, problems, parse_duration)


def _parsed(node: yaml.Node, where: str, problems: _Problems, parse: Callable[[str], T]) -> T | None:
    text = _text(node, where, problems)
    if text is None:
        return None
    try:
        return parse(text)
    except ValueError as error:
        problems.add(node, where, str(error))
        return None


def _daily_times(node: yaml.Node | None, where: str, problems: _Problems) -> tuple[DailyTime, ...]:
    items = _one_or_many(node, where, problems)
    times = (_parsed(item, f"{where}[{index}]", problems, parse_daily_time) for index, item in enumerate(items))
    return tuple(t for t in times if t is not None)


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
    return problems[:MAX_PROBLEMS] + [f"... and {len(problems) - MAX_PROBLEMS} more problems"]
