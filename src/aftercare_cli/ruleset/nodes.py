"""YAML nodes -> typed values of the rules format: texts (in each language), lists, choices, spans, clock times.

Durations and clock times are read from the text the clinic typed (`8:00`
stays 8:00, not the integer 480 that YAML 1.1 would make of it). Each reader
reports what is wrong to a `Problems` (see `compose`) as
`file:line:col: path: message` and returns None.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import yaml

from aftercare_cli.escapes import escaped, has_unsafe
from aftercare_cli.model import DailyTime, Span, Written
from aftercare_cli.ruleset.compose import STANDARD_TAG, Node, Problems, is_null
from aftercare_cli.ruleset.timing.fit import E, parse_choice, parse_daily_time
from aftercare_cli.ruleset.timing.text import parse_offset, parse_span, parse_span_or_range

T = TypeVar("T")

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_PLAIN_TAGS = {
    STANDARD_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
}


def peek_scalar(node: Node) -> str | None:
    """The node's text if it is one plain value (not a mapping, a list or nothing), to tell shapes apart."""
    if isinstance(node, yaml.ScalarNode) and not is_null(node) and node.tag == STANDARD_TAG + "str":
        return str(node.value)
    return None


def peek_text(node: Node, key: str) -> str | None:
    """A mapping's plain value for `key`, read before the mapping is checked (to name it in messages)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key and isinstance(value, yaml.ScalarNode):
                return str(value.value) or None
    return None


# --- typed readers ---------------------------------------------------------------


def mapping(node: yaml.Node, where: str, allowed: Sequence[str], problems: Problems) -> dict[str, yaml.Node] | None:
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
        if key == "<<" or key_node.tag == STANDARD_TAG + "merge":
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


def named(node: yaml.Node | None, where: str, problems: Problems) -> list[tuple[yaml.Node, str, yaml.Node]]:
    """A mapping whose keys are the file's own names (a clinic's services): (key node, name, value node) each;
    a key that is not one line of text, or that is given twice (in any case), is a problem. Absent: none."""
    if node is None or is_null(node) or not _tag_ok(node, where, problems):
        return []
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, where, f"expected name: value lines here, found {_shape(node)}")
        return []
    found: list[tuple[yaml.Node, str, yaml.Node]] = []
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        name = stripped_text(key_node, where, problems, single_line=True)
        if not name:
            if name == "":
                problems.add(key_node, where, "a name that is empty; write the name as the export spells it")
            continue
        folded = " ".join(name.casefold().split())
        if folded in lines:
            problems.add(key_node, f"{where}.{name}", f"given twice (first on line {lines[folded]}); keep one")
            continue
        lines[folded] = key_node.start_mark.line + 1
        found.append((key_node, name, value_node))
    return found


def sequence(node: yaml.Node, where: str, problems: Problems) -> Iterator[tuple[int, yaml.Node]]:
    """A list's items with their indexes; nothing (and the problem said) if `node` is not a list."""
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
    return "nothing" if is_null(node) else f"the value {_clip(str(node.value))!r}"


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _tag_ok(node: yaml.Node, where: str, problems: Problems) -> bool:
    # Composing never runs code, but a custom tag means the author expected
    # something this format does not do: say so instead of ignoring it.
    if node.tag in _PLAIN_TAGS:
        return True
    shown = node.tag.replace(STANDARD_TAG, "!!", 1)
    problems.add(node, where, f"the YAML tag {shown!r} is not allowed in rules; remove it")
    return False


def scalar_text(node: yaml.Node, where: str, problems: Problems) -> str | None:
    """The text as typed: `No` stays "No", `012` stays "012", `8:00` stays "8:00"."""
    if not isinstance(node, yaml.ScalarNode):
        problems.add(node, where, f"expected a single value, found {_shape(node)}")
        return None
    if not _tag_ok(node, where, problems):
        return None
    if is_null(node):
        return ""  # `~`, `null` or nothing: an empty value, never the word "null" shown to a patient
    text = str(node.value)
    if has_unsafe(text, multiline=True):
        found = "".join(dict.fromkeys(char for char in text if has_unsafe(char, multiline=True)))
        problems.add(
            node, where, f"contains control, bidi or line-separator characters ({escaped(found)}); remove them"
        )
        return None
    return text


def stripped_text(node: yaml.Node, where: str, problems: Problems, single_line: bool = False) -> str | None:
    """A scalar's text as typed, stripped; None if it is not text, or not one line where one is required."""
    text = scalar_text(node, where, problems)
    if text is None:
        return None
    text = text.strip()
    if single_line and "\n" in text:
        problems.add(node, where, "must fit on one line; put more in 'details'")
        return None
    return text


def written(node: yaml.Node, where: str, problems: Problems, single_line: bool = False) -> Written | None:
    """A text the patient reads: one string (the same in every language) or one per declared language, all kept.

    A mapping must give every language of `treatment.languages` and no other: a half-translated
    sheet is refused, never filled in from another language.
    """
    if not isinstance(node, yaml.MappingNode):
        text = stripped_text(node, where, problems, single_line)
        return Written.once(text) if text is not None else None
    if problems.languages is None:  # `languages:` has a problem, said once: no text is checked against it,
        # and the first one stands in, so that what refers to it (a peel's id) reads on without more messages
        first = next((value for _, value in node.value if isinstance(value, yaml.ScalarNode)), None)
        return Written.once(str(first.value).strip()) if first is not None else None
    if not problems.languages:
        problems.add(node, where, "a text per language needs languages: under treatment, e.g. languages: [en, de]")
        return None
    declared = ", ".join(problems.languages)
    texts: dict[str, str | None] = {}
    for key_node, value in node.value:
        language = scalar_text(key_node, where, problems)
        if language is None:
            return None
        if not language:
            problems.add(key_node, where, "a text with no language before it; write its code, e.g. de:")
        elif language not in problems.languages:
            problems.add(key_node, f"{where}.{language}", f"not one of the file's languages ({declared})")
        elif language in texts:
            problems.add(key_node, f"{where}.{language}", "given twice")
        else:
            texts[language] = stripped_text(value, f"{where}.{language}", problems, single_line)
            if texts[language] == "":
                problems.add(value, f"{where}.{language}", "is empty; write the text in this language")
                texts[language] = None  # said once: not "is empty" again by the reader that asked
    for language in problems.languages:
        if language not in texts:
            problems.add(node, where, f"no {language!r} text; give every language the file declares ({declared})")
    values = {key_node.value: value for key_node, value in node.value if isinstance(key_node, yaml.ScalarNode)}
    problems.translations[where] = [(values[language], text) for language, text in texts.items() if text]
    if any(not texts.get(language) for language in problems.languages):
        return None  # said above: a missing or empty language
    return Written(tuple((language, texts[language] or "") for language in problems.languages))


def required_text(
    fields: dict[str, yaml.Node], parent: yaml.Node, where: str, key: str, problems: Problems, single_line: bool = False
) -> str | None:
    """`fields[key]` as one text (an id, a language code); missing or empty is a problem."""
    return _required(
        fields, parent, where, key, problems, lambda node, path: stripped_text(node, path, problems, single_line)
    )


def required_written(
    fields: dict[str, yaml.Node], parent: yaml.Node, where: str, key: str, problems: Problems, single_line: bool = False
) -> Written | None:
    """`fields[key]` as a text the patient reads (one per language may be given); missing or empty is a problem."""
    return _required(
        fields, parent, where, key, problems, lambda node, path: written(node, path, problems, single_line)
    )


def _required(
    fields: dict[str, yaml.Node],
    parent: yaml.Node,
    where: str,
    key: str,
    problems: Problems,
    read: Callable[[yaml.Node, str], T | None],
) -> T | None:
    """`fields[key]` as `read` reads it (None: its problem said); missing, or read as empty, is a problem."""
    path = f"{where}.{key}"
    if key not in fields:
        problems.add(parent, path, "missing")
        return None
    text = read(fields[key], path)
    if text is not None and not text:
        problems.add(fields[key], path, "is empty")
        return None
    return text


def optional_text(
    fields: dict[str, yaml.Node], where: str, key: str, problems: Problems, single_line: bool = False
) -> str | None:
    """`fields[key]` as one text, or None if absent; present but empty is a problem."""
    if key not in fields:
        return None
    text = stripped_text(fields[key], f"{where}.{key}", problems, single_line)
    if text == "":
        problems.add(fields[key], f"{where}.{key}", "is empty; write the text, or remove the key")
        return None
    return text


def optional_written(
    fields: dict[str, yaml.Node], where: str, key: str, problems: Problems, single_line: bool = False
) -> Written:
    """`fields[key]` as a text the patient reads, or no text if absent (or not read: the problem is said)."""
    if key not in fields:
        return Written()
    text = written(fields[key], f"{where}.{key}", problems, single_line)
    if text is not None and not text:
        problems.add(fields[key], f"{where}.{key}", "is empty; write the text, or remove the key")
    return text or Written()


def one_or_many(node: yaml.Node | None, where: str, problems: Problems) -> list[yaml.Node]:
    """A list's items; a single value is a list of one, and an empty value none."""
    if node is None or is_null(node):
        return []
    if isinstance(node, yaml.ScalarNode):
        return [node]
    return [item for _, item in sequence(node, where, problems)]


def text_list(node: yaml.Node | None, where: str, problems: Problems) -> tuple[str, ...]:
    """One line of text or a list of them -> a tuple of texts (ids)."""
    texts = []
    for index, item in enumerate(one_or_many(node, where, problems)):
        text = stripped_text(item, f"{where}[{index}]", problems, single_line=True)
        if text:
            texts.append(text)
    return tuple(texts)


def written_list(node: yaml.Node | None, where: str, problems: Problems) -> tuple[Written, ...]:
    """One line of text or a list of them, each a text the patient reads (one per language may be given)."""
    texts = []
    for index, item in enumerate(one_or_many(node, where, problems)):
        text = written(item, f"{where}[{index}]", problems, single_line=True)
        if text:
            texts.append(text)
    return tuple(texts)


def check_id(node: yaml.Node | None, value: str | None, where: str, problems: Problems) -> None:
    """Says so if `value` is not an id (lowercase letters, digits, '-')."""
    if node is not None and value and not ID_PATTERN.fullmatch(value):
        problems.add(node, where, f"{value!r} is not an id; use lowercase letters, digits and '-', e.g. keep-cool")


def boolean(node: yaml.Node, where: str, problems: Problems) -> bool:
    """`true` or `false` (YAML 1.2's, as editors read them); anything else is a problem, read as False."""
    text = scalar_text(node, where, problems)
    if text is not None and text.lower() in ("true", "false"):  # YAML 1.2's booleans, as editors read them
        return text.lower() == "true"
    if text is not None:
        problems.add(node, where, "expected true or false")
    return False


def choice(
    fields: dict[str, yaml.Node],
    parent: yaml.Node,
    where: str,
    key: str,
    choices: type[E],
    problems: Problems,
    required: bool = False,
) -> E | None:
    """`fields[key]` as one of an enum's values; None if absent (a problem if `required`)."""
    path = f"{where}.{key}"
    if key not in fields:
        if required:
            problems.add(parent, path, f"missing; one of {', '.join(c.value for c in choices)}")
        return None
    return parsed(fields[key], path, problems, lambda typed: parse_choice(choices, typed))


def duration(node: yaml.Node, where: str, problems: Problems) -> Span | None:
    """A duration with the units it was written in (`3d` stays "3 days" in words)."""
    return parsed(node, where, problems, parse_span)


def offset(node: yaml.Node, where: str, problems: Problems) -> Span | None:
    """A `start` or `until`: a duration or range, or one before the treatment (`-10d`)."""
    return parsed(node, where, problems, parse_offset)


def duration_or_range(node: yaml.Node, where: str, problems: Problems) -> Span | None:
    """A duration, or a range of them (`3d-5d`), with the units they were written in."""
    return parsed(node, where, problems, parse_span_or_range)


def parsed(node: yaml.Node, where: str, problems: Problems, parse: Callable[[str], T]) -> T | None:
    """The node's text through `parse`; its ValueError becomes a problem at the node."""
    text = stripped_text(node, where, problems)
    if text is None:
        return None
    try:
        return parse(text)
    except ValueError as error:
        problems.add(node, where, str(error))
        return None


def daily_times(node: yaml.Node | None, where: str, problems: Problems) -> tuple[DailyTime, ...]:
    """`at:` values: `"08:00"`, `wake`, `bedtime`, one or a list."""
    items = one_or_many(node, where, problems)
    times = (parsed(item, f"{where}[{index}]", problems, parse_daily_time) for index, item in enumerate(items))
    return tuple(t for t in times if t is not None)
