"""`aftercare rules check|list`, the example file, and several rule sets."""

from datetime import datetime, timezone
from pathlib import Path

import pytest
import typer.main
from typer.core import TyperGroup

from aftercare_cli.cli.app import app_for
from aftercare_cli.cli.inputs import clock
from aftercare_cli.model import Anchor, Kind, WhenAsleep
from aftercare_cli.ruleset.loader import load_rulesets
from conftest import HEADER, plan_for

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "every-feature.yaml"


def test_check_reports_ok_per_file(run_cli) -> None:
    code, out, err = run_cli("rules", "check", str(ROOT / "rules"), str(EXAMPLE))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{ROOT / 'rules' / 'microdermabrasion.yaml'}: ok: microdermabrasion, 2 peels, 8 rules",
        f"{EXAMPLE}: ok: example-treatment, 2 peels, 21 rules",
    ]


def test_check_reports_every_problem_with_line_and_column(run_cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEADER + "  - {id: a, kind: do, title: A, every: 1m, for: 1d}\n  - {id: b, kind: avoid, title: B}\n")
    syntax = tmp_path / "syntax.yaml"
    syntax.write_text(HEADER + "  - title: Note: x\n")
    good = tmp_path / "good.yaml"
    good.write_text(HEADER.replace("id: demo", "id: other") + "  - {id: x, kind: tip, title: X}\n")
    code, out, err = run_cli("rules", "check", str(bad), str(syntax), str(good))
    assert code == 1
    assert out == f"{good}: ok: other, 2 peels, 1 rule\n"
    assert err.splitlines() == [
        f"{bad}:6:40: rules[a].every: an interval under 15m is too small for a reminder",
        f"{bad}:7:5: rules[b]: an avoid window needs 'for' or 'until' (until: told, if the clinic will say when)",
        f"{syntax}:6:16: a ': ' inside a value; put the whole value in quotes, e.g. title: \"Note: ...\"",
        "aftercare: error: 3 problems; fix them and run again",
    ]


def test_check_a_missing_file(run_cli) -> None:
    code, _, err = run_cli("rules", "check", "/no/such.yaml")
    assert code == 1
    assert err == "aftercare: error: /no/such.yaml: no such file\n"


def test_list_says_each_timing_in_words(run_cli) -> None:
    code, out, _ = run_cli("rules", "list")
    out = " ".join(out.split())  # wrapped to the terminal: read it as words
    assert code == 0
    assert "peels: custom (Customised peel, default), jessner (Jessner peel)" in out
    # Durations as the clinic wrote them, the words its end notes use ("The 24 hours are over").
    assert "every 4 hours from 4 hours until 24 hours after treatment, moved to wake-up if asleep" in out
    assert 'for the first 24 hours; then: "The 24 hours are over' in out
    assert "for the first 12 hours; only after a Jessner peel" in out
    # A series from wake-up to bedtime, and daily times at wake-up and bedtime, never fall asleep: not said.
    assert out.endswith("every 4 hours from wake-up to bedtime for the first 7 days")  # the sunscreen, last
    assert "every 3 hours from wake-up to bedtime for the first 3 days moisturising-spritz" in out
    assert (
        "daily at wake-up and bedtime for the first 7 days; waits until jessner-no-water is over, "
        "skipped if that leaves it in the sleep hours" in out
    )
    assert "for the first 7 days, skipped while asleep" not in out
    assert "advice without a time" in out


def test_list_says_a_duration_as_written_beside_its_end_note(run_cli, tmp_path: Path) -> None:
    rules = tmp_path / "two-days.yaml"
    rules.write_text(
        "treatment: {id: demo, name: Demo, clinic: C, source: s}\n"
        "rules:\n"
        "  - {id: dry, kind: avoid, title: Stay dry, for: 48h, end_note: The <for> are over}\n"
        "  - {id: rinse, kind: do, title: Rinse, start: 1h, for: 3d, every: 90m}\n"
        "  - {id: night, kind: do, title: Night, at: ['03:00'], until: 2d}\n"
    )
    code, out, _ = run_cli("rules", "list", "--rules", str(rules))
    out = " ".join(out.split())
    assert code == 0
    assert 'for the first 48 hours; then: "The 48 hours are over"' in out  # never "2 d"
    assert "every 90 minutes for 3 days from 1 hour after treatment, skipped while asleep" in out
    assert "daily at 03:00 for the first 2 days, skipped while asleep" in out  # a clock time can fall asleep


def test_several_treatments_in_a_folder(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(HEADER + "  - {id: x, kind: tip, title: X}\n")
    (tmp_path / "b.yaml").write_text(EXAMPLE.read_text())
    code, _, err = run_cli("plan", "--rules", str(tmp_path))
    assert code == 2
    assert "several treatments (demo, example-treatment); choose one with --treatment" in err
    code, out, _ = run_cli("plan", "--rules", str(tmp_path), "--treatment", "example-treatment", "--format", "json")
    assert code == 0
    assert '"treatment": "example-treatment"' in out
    code, _, err = run_cli("plan", "--rules", str(tmp_path), "--treatment", "exampel-treatment")
    assert code == 2
    assert "did you mean --treatment example-treatment?" in err


def test_adjusted_items_are_marked_everywhere(run_cli, tmp_path: Path) -> None:
    at = ("--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland", "--set", "keep-cool.for=72h")
    code, out, _ = run_cli("plan", *at, "--ics", str(tmp_path / "p.ics"))
    said = "adjusted for this patient: 72 hours instead of 24 hours"
    assert code == 0
    assert "Adjusted for this patient: Keep cool 72 hours instead of 24 hours" in " ".join(out.split())
    assert said.capitalize() + "." in (tmp_path / "p.ics").read_bytes().decode().replace("\r\n ", "")
    code, out, _ = run_cli("plan", *at, "--timeline")
    assert code == 0
    assert f"({said})" in out
    code, out, _ = run_cli("plan", *at, "--format", "json")
    assert code == 0
    assert '"adjustment": "72 hours instead of 24 hours"' in out


def test_the_example_files_exercise_every_feature() -> None:
    (example,) = load_rulesets(EXAMPLE)
    (more,) = load_rulesets(EXAMPLE.with_name("every-feature-more.yaml"))
    rules = example.rules
    timings = [r.timing for r in rules if r.timing]
    assert {r.kind for r in (*rules, *more.rules)} == set(Kind)
    later = [r.timing for r in more.rules if r.timing]
    assert any(t.open and t.horizon for t in later)
    assert any(t.open and not t.horizon and t.end_words for t in later)
    assert any(t.deferred for t in later)
    assert any(t.start.range for t in later)
    assert any(t.start_words for t in later)
    assert any(t.days and t.days.and_nights for t in later)
    assert any(r.kind is Kind.AS_NEEDED and r.timing for r in more.rules)
    assert any(r.kind is Kind.EXPECT and r.timing for r in more.rules)
    assert any(r.kind is Kind.EXPECT and not r.timing for r in more.rules)
    assert any(not r.contact_clinic for r in more.rules)
    assert plan_for(more, "2026-11-26T14:30", "Europe/London").items
    assert {t.when_asleep for t in timings if t.every} == set(WhenAsleep)
    assert {t.anchor for t in timings if t.every} == set(Anchor)
    assert any(t.at and {d.named for d in t.at} >= {"wake", "bedtime", ""} for t in timings)
    assert any(r.only_for_peels for r in rules)
    assert any(r.end_note for r in rules)
    assert any(t.end and t.end.from_start for t in timings)
    assert any(t.end and not t.end.from_start for t in timings)
    assert any(t.end is None for t in timings)
    assert any(r.label for r in rules)
    assert any(r.not_during for r in rules)
    assert "<for>" in EXAMPLE.read_text()
    assert example.treatment.contact.phone
    assert example.treatment.contact.web
    text = EXAMPLE.read_text()
    assert "EXAMPLE ONLY: NOT CLINICAL ADVICE" in text
    for peel in ("light", "strong"):
        assert plan_for(example, "2026-11-26T14:30", "Europe/London", peel).items


def _commands(group: TyperGroup, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every registered command's words (`plan`, `rules check`, ...), walked from the app, not listed by hand."""
    found: list[tuple[str, ...]] = []
    for name, command in group.commands.items():
        if isinstance(command, TyperGroup):
            found += _commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


COMMANDS = _commands(typer.main.get_group(app_for()))


def test_the_walk_finds_the_commands() -> None:
    assert {("plan",), ("rules", "check"), ("rules", "list"), ("rules", "schema")} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(run_cli, command: tuple[str, ...]) -> None:
    code, out, _ = run_cli(*command, "--help")
    assert code == 0
    assert "Example: aftercare" in out


LASER = "treatment: {id: laser, name: Laser resurfacing, clinic: Demo Clinic, source: tests}\nrules:\n"
LASER += "  - {id: cool, kind: avoid, title: Keep cool, for: 24h}\n  - {id: spf, kind: do, title: SPF, start: 1h}\n"


def test_check_refuses_what_plan_would_refuse_for_any_peel(run_cli, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    spam = "  - {id: spam, kind: do, only_for_peel: jessner, title: S, every: 15m, for: 300h, when_asleep: keep}\n"
    big.write_text(HEADER + spam)
    code, out, err = run_cli("rules", "check", str(big))
    assert code == 1
    assert out == ""
    assert f"{big}: these rules would make about 1200 timeline items, a plan holds at most 1000" in err
    assert "rule 'spam' alone makes about 1200" in err
    code, _, plan_err = run_cli("plan", "--rules", str(big), "--peel", "jessner")
    assert code == 1
    assert err.strip().splitlines()[0] in plan_err
    assert run_cli("plan", "--rules", str(big), "--peel", "custom")[0] == 0  # the other peel is fine
    big.write_text(HEADER + spam.replace("300h", "200h"))  # control: within the cap
    assert run_cli("rules", "check", str(big))[0] == 0


def test_many_small_rules_are_blamed_together_and_tips_do_not_count(run_cli, tmp_path: Path) -> None:
    rules = tmp_path / "many.yaml"
    windows = "".join(f"  - {{id: w{i}, kind: avoid, title: W, for: 1d}}\n" for i in range(1001))
    tips = "".join(f"  - {{id: t{i}, kind: tip, title: T}}\n" for i in range(501))
    rules.write_text(HEADER + windows + tips)
    code, _, err = run_cli("rules", "check", str(rules))
    assert code == 1
    assert "about 1001 timeline items" in err
    assert "1001 rules make about 1001 together" in err
    rules.write_text(HEADER + windows[: windows.index("  - {id: w1000")] + tips)  # control: 1000 windows
    assert run_cli("rules", "check", str(rules))[0] == 0


def test_check_without_a_path_checks_what_plan_uses(run_cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("AFTERCARE_RULES", raising=False)
    code, out, _ = run_cli("rules", "check")
    assert code == 0
    assert out.startswith(str(ROOT / "rules" / "microdermabrasion.yaml") + ": ok")
    laser = tmp_path / "laser.yaml"
    laser.write_text(LASER)
    monkeypatch.setenv("AFTERCARE_RULES", str(laser))
    assert run_cli("rules", "check")[1] == f"{laser}: ok: laser, no peels, 2 rules\n"  # as `rules list` says it


def test_a_treatment_without_peels_needs_none(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc))  # the treatment day
    laser = tmp_path / "laser.yaml"
    laser.write_text(LASER)
    code, out, _ = run_cli("plan", "--rules", str(laser), "--at", "2026-11-26 10:00", "--tz", "UTC")
    title, treated = out.splitlines()[:2]
    assert code == 0
    assert title.split("Reference:")[0].rstrip() == "Laser resurfacing"  # the title with no peel, the reference
    assert treated.startswith("Treated Thu 26 Nov 2026, 10:00 UTC")
    assert "Standard" not in out
    assert "()" not in out
    code, out, _ = run_cli("plan", "--rules", str(laser), "--format", "json")
    assert code == 0
    assert '"peel": null' in out
    code, _, err = run_cli("plan", "--rules", str(laser), "--peel", "jessner")
    assert code == 2
    assert "laser has no peel types; leave out --peel" in err


def test_the_peel_names_the_treatment_in_a_folder(run_cli, tmp_path: Path) -> None:
    (tmp_path / "laser.yaml").write_text(LASER)
    (tmp_path / "micro.yaml").write_text((ROOT / "rules" / "microdermabrasion.yaml").read_text())
    code, out, _ = run_cli("plan", "--rules", str(tmp_path), "--peel", "jessner", "--format", "json")
    assert code == 0
    assert '"treatment": "microdermabrasion"' in out
    code, _, err = run_cli("plan", "--rules", str(tmp_path))
    assert code == 2
    assert "several treatments (laser, microdermabrasion); choose one with --treatment" in err
    (tmp_path / "other.yaml").write_text(HEADER.replace("id: demo", "id: other") + "  - {id: x, kind: tip, title: X}\n")
    code, _, err = run_cli("plan", "--rules", str(tmp_path), "--peel", "jessner")
    assert code == 2
    assert "the peel 'jessner' belongs to several treatments (microdermabrasion, other)" in err


def test_a_lookalike_character_is_named(run_cli) -> None:
    code, _, err = run_cli("plan", "--peel", "j\u0435ssner")
    assert code == 2
    assert "'j\u0435ssner' has characters that only look like letters: '\u0435' is CYRILLIC SMALL LETTER IE" in err
    assert run_cli("plan", "--peel", "jessner")[0] == 0  # control


def test_rules_list_as_json_for_booking_systems(run_cli) -> None:
    import json

    code, out, _ = run_cli("rules", "list", "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert document["schema"] == "aftercare-rules-list/1"
    (micro,) = document["treatments"]
    assert [p["id"] for p in micro["peels"]] == ["custom", "jessner"]
    assert micro["peels"][0]["default"] is True
    cream = next(r for r in micro["rules"] if r["id"] == "recovery-cream")
    assert cream == {
        "id": "recovery-cream",
        "kind": "do",
        "title": "Apply Balense Recovery Cream liberally",
        "label": "Cream",
        "only_for_peel": [],
        "timing": "every 4 hours from 4 hours until 24 hours after treatment, moved to wake-up if asleep",
    }


def test_rules_list_wraps_to_the_terminal(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run_cli("rules", "list")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 60


def test_check_refuses_a_rule_that_can_make_no_reminder(run_cli, tmp_path: Path) -> None:
    rules = tmp_path / "spf.yaml"
    rules.write_text(HEADER + "  - {id: sunscreen, kind: do, title: SPF, every: 2h, anchor: wake, until: 1m}\n")
    code, out, err = run_cli("rules", "check", str(rules))
    assert (code, out) == (1, "")
    assert err.startswith(f"aftercare: error: {rules}: rules[sunscreen]: it lasts 1 minute, less than the 10 hours")
    rules.write_text(HEADER + "  - {id: sunscreen, kind: do, title: SPF, every: 2h, anchor: wake, until: 1w}\n")
    assert run_cli("rules", "check", str(rules))[0] == 0
