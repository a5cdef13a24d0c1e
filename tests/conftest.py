"""Shared helpers: the bundled rules, small rule sets from YAML text, and the CLI."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aftercare_cli.cli import run as shell
from aftercare_cli.cli.selection import pick_peel
from aftercare_cli.core.planner import make_plan
from aftercare_cli.model import Patient, Plan, RuleSet
from aftercare_cli.ruleset.files import bundled_rules_dir
from aftercare_cli.ruleset.loader import load_ruleset_text, load_rulesets

GOLDEN = Path(__file__).parent / "golden"

HEADER = """\
treatment: {id: demo, name: Demo, clinic: Test Clinic, source: tests}
peels:
  - {id: custom, label: Customised peel, default: true}
  - {id: jessner, label: Jessner peel}
rules:
"""


# The four clock changes the tests cross, each with a treatment at 20:00 the evening before:
# a night of reminders then has two that read the same clock time an hour apart (back), or skips an hour (forward).
CLOCK_CHANGES = [
    pytest.param("Pacific/Auckland", "2026-04-04T20:00", id="auckland-back-0300"),
    pytest.param("Pacific/Auckland", "2026-09-26T20:00", id="auckland-forward-0200"),
    pytest.param("Europe/London", "2026-10-24T20:00", id="london-back-0200"),
    pytest.param("Europe/London", "2026-03-28T20:00", id="london-forward-0100"),
]
# An hourly reminder kept through the night: ten instants an hour apart, whatever the clocks do.
HOURLY_THROUGH_THE_NIGHT = "- {id: hourly, kind: do, title: Hourly, every: 1h, for: 10h, when_asleep: keep}"


def ruleset_from(rules_yaml: str) -> RuleSet:
    """A rule set whose `rules:` list is the given YAML (indented for you)."""
    return load_ruleset_text(HEADER + textwrap.indent(textwrap.dedent(rules_yaml), "  "), "demo.yaml")


def plan_for(
    ruleset: RuleSet,
    treated_at: str,
    zone: str,
    peel: str | None = None,
    patient: Patient | None = None,
) -> Plan:
    tz = ZoneInfo(zone)
    start = datetime.fromisoformat(treated_at).replace(tzinfo=tz)
    return make_plan(ruleset, pick_peel(ruleset, peel), start, tz, patient or Patient())


@pytest.fixture(scope="session")
def bundled() -> RuleSet:
    (ruleset,) = load_rulesets(bundled_rules_dir())
    return ruleset


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run `aftercare ARGS...` in-process: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = shell.run(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def check_golden(name: str, actual: str | bytes) -> None:
    """Compare byte for byte (line endings included) with tests/golden/NAME.

    After an intended change: UPDATE_GOLDEN=1 python -m pytest
    """
    path = GOLDEN / name
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} changed; regenerate with UPDATE_GOLDEN=1 if intended"
