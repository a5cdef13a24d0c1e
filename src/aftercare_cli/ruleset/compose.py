"""YAML text -> nodes, safely, with YAML's own errors said in plain words. One of two modules that import yaml.

The file is composed into YAML nodes, never constructed into Python objects:
no tag can run code and every value keeps its line and column. Anchors and
aliases are refused before composing, so alias bombs are never expanded; a
YAML 1.1 line break (U+2028) is named where it stands. Every problem goes to
a `Problems` as `file:line:col: path: message`; `nodes` reads typed values.
"""

from __future__ import annotations

from typing import Protocol

import yaml

from aftercare_cli.escapes import escaped

# libyaml is ~10x faster and refuses deep nesting itself; the pure-Python
# loader is the fallback where PyYAML was built without it.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STANDARD_TAG = "tag:yaml.org,2002:"
Node = yaml.Node


def is_null(node: yaml.Node | None) -> bool:
    """`~`, `null` or nothing at all."""
    return isinstance(node, yaml.ScalarNode) and node.tag == STANDARD_TAG + "null"


class _Mark(Protocol):
    """A place in the file: PyYAML's pure-Python and libyaml marks both have these."""

    line: int
    column: int


class Problems:
    """Collects `file:line:col: path: message` lines for one file, and carries what its texts are checked
    against (the file's languages, each text's translations), which every reader is handed with it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: list[str] = []
        # The file's `languages:` once read (none declared: a text is one string; None: a list with a
        # problem, said already).
        self.languages: tuple[str, ...] | None = ()
        # Every language's text of each text read per language, by its path, for checks made after reading
        # (a placeholder names a timing the rule has, in every language): path -> [(node, text)].
        self.translations: dict[str, list[tuple[yaml.Node, str]]] = {}

    def add(self, node: yaml.Node | None, where: str, message: str) -> None:
        """A problem at `node` (its line and column), under the key path `where`."""
        self.add_at(node.start_mark if node is not None else None, where, message)

    def add_at(self, mark: _Mark | None, where: str, message: str) -> None:
        """A problem at a mark (or at the file, for None), shown through `escaped`."""
        position = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        line = f"{self.path}{position}: {where}: {message}" if where else f"{self.path}{position}: {message}"
        self.lines.append(escaped(line))  # file text in a path or a message must not reach a terminal raw


def compose(text: str, problems: Problems) -> yaml.Node | None:
    """The file's root node, composed safely; None (with the problem said) if it is not a YAML document."""
    if _refuse_yaml_line_breaks(text, problems):
        return None
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


class _Place:
    """A line and column (0-based, as YAML's marks) counted in newlines, as an editor counts them."""

    def __init__(self, text: str, index: int) -> None:
        self.line = text.count("\n", 0, index)
        self.column = index - (text.rfind("\n", 0, index) + 1)


def _refuse_yaml_line_breaks(text: str, problems: Problems) -> bool:
    """YAML 1.1 breaks lines at U+0085, U+2028 and U+2029 too: a title would silently become two lines or a
    parse error far from the cause. Name the character where it stands instead."""
    found = [index for index in map(text.find, "\x85\u2028\u2029") if index >= 0]  # str.find: C, not a loop here
    if not found:
        return False
    index = min(found)
    problems.add_at(_Place(text, index), "", f"a line-separator character ({escaped(text[index])}); remove it")
    return True


def _refuse_aliases(text: str, problems: Problems) -> bool:
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
