"""`aftercare rules check|list`, the example file, and several rule sets."""

from pathlib import Path

from aftercare_cli.model import Anchor, Kind, WhenAsleep
from aftercare_cli.rules import load_rulesets
from conftest import HEADER, plan_for

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "every-feature.yaml"


def test_check_reports_ok_per_file(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("rules", "check", str(ROOT / "rules"), str(EXAMPLE))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{ROOT / 'rules' / 'microdermabrasion.yaml'}: ok: microdermabrasion, 2 peels, 8 rules",
        f"{EXAMPLE}: ok: example-treatment, 2 peels, 10 rules",
    ]


def test_check_reports_every_problem_with_line_and_column(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEADER + "  - {id: a, kind: do, title: A, every: 1m, for: 1d}\n  - {id: b, kind: avoid, title: B}\n")
    syntax = tmp_path / "syntax.yaml"
    syntax.write_text(HEADER + "  - title: Note: x\n")
    good = tmp_path / "good.yaml"
    good.write_text(HEADER.replace("id: demo", "id: other") + "  - {id: x, kind: tip, title: X}\n")
    code, out, err = run_cli("rules", "check", str(bad), str(syntax), str(good))
    assert code == 1
    assert out == f"{good}: ok: other, 2 peels, 1 rules\n"
    assert err.splitlines() == [
        f"{bad}:6:40: rules[a].every: an interval under 15m is too small for a reminder",
        f"{bad}:7:5: rules[b]: an avoid window needs 'for' or 'until'",
        f"{syntax}:6:16: a ': ' inside a value; put the whole value in quotes, e.g. title: \"Note: ...\"",
        "aftercare: error: 3 problems; fix them and run again",
    ]


def test_check_a_missing_file(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("rules", "check", "/no/such.yaml")
    assert code == 1 and err == "aftercare: error: /no/such.yaml: no such file\n"


def test_list_says_each_timing_in_words(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("rules", "list")
    assert code == 0
    assert "peels: custom (Customised peel, default), jessner (Jessner peel)" in out
    assert "every 4 h from 4 h until 24 h after treatment, moved to wake-up if asleep" in out
    assert "for the first 12 h; only after a Jessner peel" in out
    assert "every 4 h from wake-up to bedtime for the first 7 d" in out
    assert (
        "daily at wake-up and bedtime for the first 7 d, skipped while asleep; waits until jessner-no-water is over"
        in out
    )
    assert "advice without a time" in out


def test_several_treatments_in_a_folder(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.yaml").write_text(HEADER + "  - {id: x, kind: tip, title: X}\n")
    (tmp_path / "b.yaml").write_text(EXAMPLE.read_text())
    code, _, err = run_cli("plan", "--rules", str(tmp_path))
    assert code == 2 and "several treatments (demo, example-treatment); choose one with --treatment" in err
    code, out, _ = run_cli("plan", "--rules", str(tmp_path), "--treatment", "example-treatment", "--format", "json")
    assert code == 0 and '"treatment": "example-treatment"' in out
    code, _, err = run_cli("plan", "--rules", str(tmp_path), "--treatment", "exampel-treatment")
    assert code == 2 and "did you mean --treatment example-treatment?" in err


def test_adjusted_items_are_marked_everywhere(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    at = ("--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland", "--set", "keep-cool.for=72h")
    code, out, _ = run_cli("plan", *at, "--ics", str(tmp_path / "p.ics"))
    said = "adjusted for this patient: 72 hours instead of 24 hours"
    assert code == 0 and said in " ".join(out.split())
    assert said.capitalize() + "." in (tmp_path / "p.ics").read_bytes().decode().replace("\r\n ", "")
    code, out, _ = run_cli("plan", *at, "--timeline")
    assert code == 0 and f"({said})" in out
    code, out, _ = run_cli("plan", *at, "--format", "json")
    assert code == 0 and '"adjustment": "72 hours instead of 24 hours"' in out


def test_the_example_file_exercises_every_feature() -> None:
    (example,) = load_rulesets(EXAMPLE)
    rules = example.rules
    timings = [r.timing for r in rules if r.timing]
    assert {r.kind for r in rules} == set(Kind)
    assert {t.when_asleep for t in timings if t.every} == set(WhenAsleep)
    assert {t.anchor for t in timings if t.every} == set(Anchor)
    assert any(t.at and {d.named for d in t.at} >= {"wake", "bedtime", ""} for t in timings)
    assert any(r.only_for_peels for r in rules) and any(r.end_note for r in rules)
    assert any(t.length_from_start for t in timings) and any(t.end and not t.length_from_start for t in timings)
    assert any(t.end is None for t in timings)
    assert any(r.label for r in rules) and any(r.not_during for r in rules) and "<for>" in EXAMPLE.read_text()
    assert example.treatment.contact.phone and example.treatment.contact.web
    text = EXAMPLE.read_text()
    assert "EXAMPLE ONLY: NOT CLINICAL ADVICE" in text
    for peel in ("light", "strong"):
        assert plan_for(example, "2026-11-26T14:30", "Europe/London", peel).items


def test_every_command_has_help(run_cli) -> None:  # type: ignore[no-untyped-def]
    for command in (["plan"], ["rules", "check"], ["rules", "list"], ["rules", "schema"]):
        code, out, _ = run_cli(*command, "--help")
        assert code == 0 and "Example: aftercare" in out
