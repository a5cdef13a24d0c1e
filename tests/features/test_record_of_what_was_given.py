"""A record of what was given: one reference on the desk view, the handout and the calendar, the rules'
fingerprint, and the record's line per plan handed over (`--record`)."""

import hashlib
import json
import re
from pathlib import Path

import pytest
from icalendar import Calendar

from aftercare_cli.ruleset.loader import load_rulesets

ROOT = Path(__file__).parent.parent.parent
EVERY = ROOT / "examples" / "every-feature.yaml"
AT = ("--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland")
REFERENCE = re.compile(r"(?:Reference|Referenz|المرجع): ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})")


def _overview(ics: Path) -> str:
    """The overview note's text (its title is translated; another language marks it with its role)."""
    for event in Calendar.from_ical(ics.read_bytes()).walk("VEVENT"):
        if event.get("X-AFTERCARE-ROLE") == "overview" or str(event["SUMMARY"]).startswith("Your aftercare plan"):
            return str(event["DESCRIPTION"])
    raise AssertionError("no overview note")


@pytest.mark.parametrize(
    ("rules", "extra"),
    [
        (None, ("--peel", "jessner", "--patient", "Ana Smith")),
        (EVERY, ("--peel", "strong", "--lang", "de", "--desk-lang", "en")),
        (EVERY, ("--peel", "light", "--lang", "ar")),
    ],
)
def test_the_reference_is_the_same_on_the_desk_view_the_handout_the_calendar_and_the_json(
    run_cli, tmp_path: Path, rules: Path | None, extra: tuple[str, ...]
) -> None:
    given = ("--rules", str(rules)) if rules else ()
    files = ("--handout", str(tmp_path / "p.html"), "--ics", str(tmp_path / "p.ics"))
    code, out, err = run_cli("plan", *given, *AT, *extra, *files)
    assert code == 0, err
    on_screen = REFERENCE.findall(out)
    on_paper = REFERENCE.findall(re.sub(r"<[^>]+>", "", (tmp_path / "p.html").read_text()))  # without <bdi>
    on_phone = REFERENCE.findall(_overview(tmp_path / "p.ics"))
    code, out, _ = run_cli("plan", *given, *AT, *extra, "--format", "json")
    document = json.loads(out)
    assert on_screen == on_paper == on_phone == [document["reference"]]
    plan_id, fingerprint = document["plan_id"], document["rules_fingerprint"]
    assert document["reference"] == f"{plan_id[:4]}-{plan_id[4:8]}-{fingerprint[:4]}".upper()
    rules_file = rules or ROOT / "rules" / "microdermabrasion.yaml"
    assert fingerprint == hashlib.sha256(rules_file.read_bytes()).hexdigest()  # as `sha256sum` says it


def test_a_changed_rules_file_changes_the_reference_and_not_the_plan(run_cli, tmp_path: Path) -> None:
    original = ROOT / "rules" / "microdermabrasion.yaml"
    edited = tmp_path / "microdermabrasion.yaml"
    edited.write_bytes(original.read_bytes() + b"\n# reviewed by the clinic, 2026\n")
    documents = []
    for rules in (original, edited):
        code, out, _ = run_cli("plan", "--rules", str(rules), *AT, "--peel", "jessner", "--format", "json")
        assert code == 0
        documents.append(json.loads(out))
    assert documents[0]["plan_id"] == documents[1]["plan_id"]  # the same instructions: the same plan
    assert documents[0]["reference"][:9] == documents[1]["reference"][:9]
    assert documents[0]["reference"][10:] != documents[1]["reference"][10:]  # another version of the file
    (ruleset,) = load_rulesets(edited)
    assert ruleset.treatment.fingerprint == hashlib.sha256(edited.read_bytes()).hexdigest()


def test_a_plan_handed_over_is_recorded_in_one_line(run_cli, tmp_path: Path) -> None:
    record = tmp_path / "given.jsonl"
    handout = tmp_path / "p.html"
    args = ("plan", *AT, "--peel", "jessner", "--patient", "Ana Smith", "--record", str(record))
    assert run_cli(*args, "--handout", str(handout))[0] == 0
    code, out, _ = run_cli(*args, "--record-name", "--lang", "en")
    assert code == 0
    first, second = (json.loads(line) for line in record.read_text().splitlines())
    assert first["handed_over"] == ["screen", "handout"]
    assert second["handed_over"] == ["screen"]
    assert "patient" not in first
    assert second["patient"] == "Ana Smith"
    assert first["reference"] == REFERENCE.findall(handout.read_text())[0] == REFERENCE.findall(out)[0]
    assert (first["treatment"], first["peel"], first["lang"]) == ("microdermabrasion", "jessner", "en")
    assert first["when"].endswith("+13:00")  # the desk's clock in the plan's zone
    json_out = run_cli(*args, "--format", "json")[1]
    assert len(record.read_text().splitlines()) == 2  # the JSON goes to a program, not to the patient
    assert json.loads(json_out)["reference"] == first["reference"]


def test_the_record_is_refused_before_anything_is_written(run_cli, tmp_path: Path) -> None:
    handout = tmp_path / "p.html"
    code, out, err = run_cli("plan", *AT, "--handout", str(handout), "--record", str(tmp_path / "given.txt"))
    assert (code, out) == (2, "")
    assert (
        err == f"aftercare: error: --record {tmp_path / 'given.txt'} does not end in .jsonl; name it e.g. given.jsonl\n"
    )
    assert not handout.exists()


def test_the_record_can_be_a_setting(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = tmp_path / "given.jsonl"
    monkeypatch.setenv("AFTERCARE_RECORD", str(record))
    assert run_cli("plan", *AT)[0] == 0
    assert json.loads(record.read_text())["handed_over"] == ["screen"]
