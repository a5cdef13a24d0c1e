"""The JSON Schema for editors agrees with the loader."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from aftercare_cli.errors import RulesError
from aftercare_cli.ruleset.files import bundled_rules_dir
from aftercare_cli.ruleset.loader import load_ruleset_text
from aftercare_cli.ruleset.schema import rules_schema, rules_schema_json
from conftest import HEADER

ROOT = Path(__file__).resolve().parents[2]
RULE_FILES = [*sorted(bundled_rules_dir().glob("*.yaml")), *sorted((ROOT / "examples").glob("*.yaml"))]
VALIDATOR = jsonschema.Draft202012Validator(rules_schema())


def test_the_schema_is_itself_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(rules_schema())


def test_the_committed_schema_file_is_current() -> None:
    # Editors point at schema/aftercare-rules.schema.json; regenerate with `aftercare rules schema`.
    assert (ROOT / "schema" / "aftercare-rules.schema.json").read_text(encoding="utf-8") == rules_schema_json()


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_every_bundled_and_example_file_is_valid(path: Path) -> None:
    VALIDATOR.validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    load_ruleset_text(path.read_text(encoding="utf-8"), str(path))


# Mistakes a schema can express: both the schema and the loader must refuse each.
INVALID_RULES = {
    "unknown key": "- {id: a, kind: do, title: A, evry: 4h}",
    "unknown kind": "- {id: a, kind: maybe, title: A}",
    "missing title": "- {id: a, kind: tip}",
    "duration without unit": "- {id: a, kind: do, title: A, start: '4'}",
    "bad duration": "- {id: a, kind: do, title: A, start: 4 hours}",
    "bad clock": "- {id: a, kind: do, title: A, at: ['25:00'], for: 1d}",
    "bad id": "- {id: A B, kind: tip, title: A}",
    "for and until": "- {id: a, kind: do, title: A, for: 1d, until: 2d}",
    "every and at": "- {id: a, kind: do, title: A, every: 4h, at: ['08:00'], for: 1d}",
    "anchor without every": "- {id: a, kind: do, title: A, anchor: wake, for: 1d}",
    "window without end": "- {id: a, kind: avoid, title: A}",
    "series without end": "- {id: a, kind: do, title: A, every: 4h}",
    "timing on a tip": "- {id: a, kind: tip, title: A, every: 4h}",
    "end note on a reminder": "- {id: a, kind: do, title: A, end_note: Over}",
    "sleep policy on a window": "- {id: a, kind: avoid, title: A, for: 1d, when_asleep: keep}",
    "title on two lines": '- {id: a, kind: tip, title: "A\\nB"}',
    "list where a value goes": "- {id: a, kind: tip, title: [A]}",
    "empty rules": "[]",
    "told on an expectation": "- {id: a, kind: expect, title: A, until: told}",
    "told start on an as-needed step": "- {id: a, kind: as_needed, title: A, start: told, for: 1d}",
    "a reminders' horizon without until told": "- {id: a, kind: do, title: A, at: [wake], for: 1w, remind_for: 1w}",
    "an expectation's start without an end": "- {id: a, kind: expect, title: A, start: 1d}",
    "a routine's interval on an expectation": "- {id: a, kind: expect, title: A, every: 4h, for: 1d}",
    "a sign's contact that is no choice": "- {id: a, kind: warning, title: A, contact: gp}",
    "a contact on a tip": "- {id: a, kind: tip, title: A, contact: none}",
    "vague words with an until": "- {id: a, kind: avoid, title: A, until: 2d, for_words: until healed}",
    "told as a length": "- {id: a, kind: avoid, title: A, for: told}",
    "an end note with no end": "- {id: a, kind: avoid, title: A, until: told, end_note: Over}",
}


@pytest.mark.parametrize("name", list(INVALID_RULES))
def test_schema_and_loader_refuse_the_same_files(name: str) -> None:
    rules = INVALID_RULES[name]
    text = HEADER.replace("rules:\n", f"rules: {rules}\n") if rules == "[]" else HEADER + f"  {rules}\n"
    assert list(VALIDATOR.iter_errors(yaml.safe_load(text))), f"the schema accepts: {name}"
    with pytest.raises(RulesError):
        load_ruleset_text(text, "x.yaml")


def test_schema_output_is_json(run_cli) -> None:
    code, out, _ = run_cli("rules", "schema")
    assert code == 0
    assert json.loads(out)["title"] == "aftercare rules"
