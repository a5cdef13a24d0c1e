"""Shared helpers: the bundled rules, small rule sets from YAML text, and the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from datetime import time as dt_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from aftercare_cli.cli import run as shell
from aftercare_cli.cli.inputs.choices import pick_peel
from aftercare_cli.core.planner import make_plan
from aftercare_cli.model import End, Kind, Patient, Peel, Plan, Rule, RuleSet, Span, Timing, Treatment, Written
from aftercare_cli.ruleset.files import bundled_rules_dir
from aftercare_cli.ruleset.loader import load_ruleset_text, load_rulesets

GOLDEN = Path(__file__).parent / "golden"


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C and a hang-up as a terminal sends them, whoever started the test run.

    Tests send SIGINT and SIGHUP to the processes they start and expect exit 130 and 129. A run started
    in the background (`nohup`, or `&` in a script without job control) has both ignored, and every process
    it starts inherits that: Python then leaves Ctrl-C ignored. The run's own are set back to the defaults,
    which is what its children then start with.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "SIGHUP"):  # not on Windows
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


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


def ruleset_of(*rules: Rule, clinic: str = "Clinic") -> RuleSet:
    """A rule set of these rules, built in code: one treatment ("T"), one peel ("custom")."""
    treatment = Treatment("t", Written.once("T"), Written.once(clinic), Written.once("tests"))
    return RuleSet(treatment, (Peel("custom", Written.once("Custom")),), "custom", rules)


def rule_of(
    rule_id: str,
    kind: Kind,
    title: str,
    details: str = "",
    products: tuple[str, ...] = (),
    *,
    timing: Timing | None = None,
    end_note: str = "",
) -> Rule:
    """A rule built in code, its texts the same in every language."""
    return Rule(
        rule_id,
        kind,
        Written.once(title),
        Written.once(details),
        tuple(Written.once(product) for product in products),
        timing=timing,
        end_note=Written.once(end_note),
    )


def hours(count: float) -> Span:
    """A span of exact hours, as a timing made in code has (no units written)."""
    return Span(timedelta(hours=count))


def until(count: float) -> End:
    """An end `count` exact hours after the treatment."""
    return End(hours(count), "until")


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


# A night-shift patient, asleep 07:00-15:00 (`--wake 15:00 --sleep 07:00`): days cross midnight.
NIGHT_SHIFT = Patient(wake=dt_time(15), bedtime=dt_time(7))


@dataclass(frozen=True, order=True)
class Event:
    """A calendar event as a reader gives it: its instants in UTC, its texts, and its alarms' texts."""

    start: datetime
    end: datetime
    summary: str
    description: str
    alarms: tuple[str, ...]


@dataclass(frozen=True)
class Faces:
    """Every face of one plan: the desk view and the timeline at 80 columns, the JSON, the calendar read by two
    independent readers (icalendar and Home Assistant's strict `ical`), and the handout's text."""

    glance: str
    glance_when: str  # the desk view's "when" column alone (its last 36 columns), lines joined
    timeline: str
    json: dict[str, Any]
    events: tuple[Event, ...]  # read by icalendar, in time order
    strict_events: tuple[Event, ...]  # read by `ical`, in time order
    handout: str  # the page's text, tags removed and spaces collapsed
    handout_html: str

    def event(self, summary_part: str) -> Event:
        """The one event whose title holds `summary_part`, as both readers read it (they must agree)."""
        found = [e for e in self.events if summary_part in e.summary]
        strict = [e for e in self.strict_events if summary_part in e.summary]
        assert len(found) == 1, [e.summary for e in self.events]
        assert found == strict
        return found[0]

    @property
    def overview(self) -> str:
        """The overview note's description (the first event, at the treatment)."""
        (note,) = [e for e in self.events if e.summary.startswith("Your aftercare plan")]
        return note.description


def faces(plan: Plan, today: date | None = None) -> Faces:
    """Every face of `plan`, as its reader gets it."""
    import html
    import io
    import re

    import icalendar
    from ical.calendar_stream import IcsCalendarStream
    from rich.console import Console

    from aftercare_cli.outputs.calendar import plan_calendar
    from aftercare_cli.outputs.glance import glance_view
    from aftercare_cli.outputs.handout import plan_handout
    from aftercare_cli.outputs.jsondoc import plan_json
    from aftercare_cli.outputs.timeline import timeline_view

    def text(renderable: object) -> str:
        out = io.StringIO()
        Console(file=out, width=80, color_system=None, force_terminal=False, highlight=False).print(renderable)
        return out.getvalue()

    made = (plan.treated_at - timedelta(days=1)).astimezone(timezone.utc)  # made the day before: every alarm ahead
    ics = plan_calendar(plan, made)
    events = tuple(
        sorted(
            Event(
                e.decoded("DTSTART").astimezone(timezone.utc),
                e.decoded("DTEND").astimezone(timezone.utc),
                str(e["SUMMARY"]),
                str(e["DESCRIPTION"]),
                tuple(str(a["DESCRIPTION"]) for a in e.walk("VALARM")),
            )
            for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")
        )
    )
    strict = tuple(
        sorted(
            Event(
                e.dtstart.astimezone(timezone.utc),  # type: ignore[union-attr]
                e.dtend.astimezone(timezone.utc),  # type: ignore[union-attr]
                e.summary or "",
                e.description or "",
                tuple(a.description or "" for a in e.alarm),
            )
            for e in IcsCalendarStream.calendar_from_ics(ics.decode("utf-8")).events
        )
    )
    page = plan_handout(plan, made.astimezone(plan.treated_at.tzinfo))
    body = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    handout = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    glance = text(glance_view(plan, today))
    return Faces(
        glance,
        one_line(" ".join(line[44:] for line in glance.splitlines())),
        text(timeline_view(plan)),
        json.loads(plan_json(plan)),
        events,
        strict,
        handout,
        page,
    )


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in UTC, as the calendar's readers give them."""
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


def one_line(text: str) -> str:
    """A wrapped view's text with its lines joined and spaces collapsed: a phrase reads the same however it wraps."""
    return " ".join(text.split())


def check_golden(name: str, actual: str | bytes) -> None:
    """Compare byte for byte (line endings included) with tests/golden/NAME.

    After an intended change: UPDATE_GOLDEN=1 python -m pytest
    """
    path = GOLDEN / name
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} changed; regenerate with UPDATE_GOLDEN=1 if intended"


class HeldDesk:
    """`aftercare ARGS...` in a process of its own whose file write stops after its bytes are on disk and before
    the file takes its name (`fsync` is the pause hook), until `release`: the window for a race or a signal."""

    SCRIPT = """
import sys, time
from pathlib import Path
from aftercare_cli.outputs import atomic
ready, go = Path(sys.argv[1]), Path(sys.argv[2])
real_fsync = atomic.os.fsync
def held(fd):
    real_fsync(fd)
    ready.touch()
    for _ in range(400):  # at most 20 s
        if go.exists():
            return
        time.sleep(0.05)
atomic.os.fsync = held
from aftercare_cli.cli.run import run
sys.exit(run(sys.argv[3:]))
"""

    def __init__(self, folder: Path, args: tuple[str, ...]) -> None:
        folder.mkdir()
        self.ready, self.go = folder / "ready", folder / "go"
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.SCRIPT, str(self.ready), str(self.go), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait_until_held(self) -> None:
        for _ in range(400):  # at most 20 s
            if self.ready.exists() or self.process.poll() is not None:
                break
            time.sleep(0.05)
        assert self.ready.exists(), "the desk never reached its write"

    def release(self) -> None:
        self.go.touch()

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        """The exit code and everything on stderr."""
        _, err = self.process.communicate(timeout=timeout)
        return self.process.returncode, err


@pytest.fixture
def held_desk(tmp_path: Path) -> Iterator[Callable[..., HeldDesk]]:
    """Start a HeldDesk (its pause files under tmp_path/hold-N, apart from any output folder)."""
    started: list[HeldDesk] = []

    def start(*args: str) -> HeldDesk:
        desk = HeldDesk(tmp_path / f"hold-{len(started)}", args)
        started.append(desk)
        return desk

    yield start
    for desk in started:
        desk.process.kill()
        desk.process.communicate()
