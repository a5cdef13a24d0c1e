"""Edges of the rules format found by review: each was a traceback, a silent loss or a false word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aftercare_cli.errors import RulesError
from aftercare_cli.model import Span
from aftercare_cli.timing_words import span_words
from conftest import plan_for, ruleset_from

HEAD = "treatment: {id: t, name: T, clinic: C, source: s}\nrules:\n"


def _file(tmp_path: Path, rules: str) -> str:
    path = tmp_path / "rules.yaml"
    path.write_text(HEAD + rules, encoding="utf-8")
    return str(path)


def test_a_length_of_months_less_days_is_said_not_recursed() -> None:
    from datetime import timedelta

    assert span_words(Span(timedelta(days=-10), "d", 2)) == "2 months less 10 days"
    assert span_words(Span(timedelta(days=40), "d", -1)) == "40 days less 1 month"
    assert span_words(Span(timedelta(days=-10), "d")) == "10 days"  # wholly before: its length


def test_a_window_from_days_until_months_plans_and_says_its_length(run_cli, tmp_path: Path) -> None:
    rules = _file(tmp_path, '  - {id: w, kind: avoid, title: "No sun for <for>", start: 10d, until: 2mo}\n')
    assert run_cli("rules", "check", rules)[0] == 0
    code, out, _ = run_cli("plan", "--rules", rules, "--at", "2026-11-26 14:30", "--tz", "UTC")
    assert code == 0
    assert "No sun for 2 months less 10 days" in out


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "{id: f, kind: follow_up, title: Book, after: 4w, at: wake}",
            'give a clock time for the reminder, e.g. at: "10:00"',
        ),
        ("{id: f, kind: follow_up, title: Book, after: 2h}", "a follow-up is at least a day after the treatment"),
        ('{id: f, kind: follow_up, title: Book, after: 4w, repeat: "0013"}', "'0013' is not a number of sessions"),
    ],
)
def test_a_follow_up_the_planner_cannot_keep_is_refused_with_its_line(rule: str, message: str) -> None:
    with pytest.raises(RulesError) as caught:
        ruleset_from(f"- {rule}")
    (problem,) = caught.value.problems
    assert message in problem


FOLLOW_UP = "  - {id: f, kind: follow_up, title: Book in <after>, after: 4w-6w, repeat: 2}\n"


def test_a_follow_up_is_a_row_of_the_desk_view(run_cli, tmp_path: Path) -> None:
    code, out, _ = run_cli("plan", "--rules", _file(tmp_path, FOLLOW_UP), "--at", "2026-11-26 14:30", "--tz", "UTC")
    assert code == 0
    assert "Book in 4 to 6 weeks" in out
    assert "sessions 4-6 wk apart, 2 times" in out


def test_a_muted_follow_up_rings_no_alarm_and_cannot_be_set(run_cli, tmp_path: Path) -> None:
    rules = _file(tmp_path, FOLLOW_UP)
    at = ("--at", "2026-11-26 14:30", "--tz", "UTC")
    code, out, _ = run_cli("plan", "--rules", rules, *at, "--mute", "f", "--format", "json")
    assert code == 0
    assert [item["remind"] for item in json.loads(out)["items"]] == [False, False]
    code, _, err = run_cli("plan", "--rules", rules, *at, "--set", "f.at=11:00")
    assert code == 2
    assert "a follow_up rule has no timing to set" in err


def test_a_bedtime_the_clocks_skip_is_still_bedtime() -> None:
    # London springs forward at 01:00 on Sun 29 Mar: a 01:30 bedtime happens at 02:30, and is kept.
    from datetime import time

    from aftercare_cli.model import Patient

    rules = ruleset_from("- {id: e, kind: do, title: Evening cream, at: bedtime, for: 3d}")
    plan = plan_for(rules, "2026-03-27T14:30", "Europe/London", patient=Patient(wake=time(9), bedtime=time(1, 30)))
    assert [f"{item.start:%a %H:%M}" for item in plan.items] == ["Sat 01:30", "Sun 02:30", "Mon 01:30"]
    assert plan.skipped == ()
