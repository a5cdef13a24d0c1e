"""The loader: every class of mistake, hostile files, and the bundled rules' content."""

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest

from aftercare_cli.errors import RulesError
from aftercare_cli.model import Contact, Kind, Span, Written
from aftercare_cli.outputs.clinic_texts import details, item_title
from aftercare_cli.ruleset.files import bundled_rules_dir
from aftercare_cli.ruleset.loader import load_ruleset_text, load_rulesets
from conftest import HEADER, plan_for, ruleset_from

SOURCE = Path(__file__).resolve().parents[3] / "shared" / "source" / "microdermabrasion-aftercare.txt"


def problems(text: str) -> list[str]:
    with pytest.raises(RulesError) as caught:
        load_ruleset_text(text, "x.yaml")
    return list(caught.value.problems)


def rule_problems(rules_yaml: str) -> list[str]:
    with pytest.raises(RulesError) as caught:
        ruleset_from(rules_yaml)
    return list(caught.value.problems)


@pytest.mark.parametrize(
    ("rules_yaml", "expected"),
    [
        ("- {id: a, kind: do, title: A, evry: 4h}", "rules[a].evry: unknown key; did you mean 'every'?"),
        ("- {id: a, kind: do, title: [A]}", "rules[a].title: expected a single value, found a list"),
        ("- {id: a, kind: maybe, title: A}", "rules[a].kind: 'maybe' is not one of do, avoid, tip"),
        ("- {id: a, kind: do, title: A, start: 4}", "rules[a].start: '4' has no unit; write it as 4m, 4h or 4d"),
        ("- {id: a, kind: do, title: A, every: 1m, for: 1d}", "rules[a].every: an interval under 15m is too small"),
        ("- {id: a, kind: do, title: A, start: 2d, until: 1d}", "rules[a].until: ends before it starts"),
        ("- {id: a, kind: avoid, title: A, for: 1d, only_for_peel: tca}", "rules[a].only_for_peel: no peel 'tca'"),
        ("- {id: a, kind: avoid, title: A}", "rules[a]: an avoid window needs 'for' or 'until'"),
        ("- {id: a, kind: do, title: A, every: 4h}", "rules[a]: a repeating reminder needs 'for' or 'until'"),
        ("- {id: a, kind: do, title: A, for: 1d, until: 2d}", "give either 'for'"),
        ("- {id: a, kind: tip, title: A, every: 4h}", "rules[a].every: not used by a 'tip' rule"),
        ("- {id: a, kind: do, title: A, at: ['25:00'], for: 1d}", "rules[a].at[0]: '25:00' is not a clock time"),
        ("- {id: A B, kind: tip, title: A}", "'A B' is not an id"),
        ('- {id: a, kind: tip, title: "A\\x1b[31m"}', "contains control, bidi or line-separator characters (\\x1b)"),
        ("- {id: a, kind: tip}", "rules[a].title: missing"),
        ("- {id: a, kind: do, title: A, for: 400d}", "longer than a year"),
        ("- {id: a, kind: do, title: Cream for <fro>, for: 1d}", "unknown placeholder <fro>; use <for>, <until>"),
        ("- {id: a, kind: do, title: A, details: every <every>, start: 1h}", "<every> names a timing this rule"),
        ("- {id: a, kind: tip, title: A, details: for <for>}", "rules[a].details: <for> names a timing"),
        ("- {id: a, kind: avoid, title: A, for: 1d, end_note: <x>}", "rules[a].end_note: unknown placeholder <x>"),
        (
            "- {id: a, kind: do, title: A, start: 1h, not_during: b}\n- {id: b, kind: do, title: B, start: 1h}",
            "rules[a].not_during: 'b' is not an avoid rule of this treatment (avoid rules: none)",
        ),
        ("- {id: a, kind: avoid, title: A, for: 1d, not_during: a}", "rules[a].not_during: not used by a 'avoid'"),
        (
            "- !!python/object/apply:os.system [echo hi]",
            "the YAML tag '!!python/object/apply:os.system' is not allowed",
        ),
    ],
)
def test_each_class_of_mistake_is_reported_with_its_place(rules_yaml: str, expected: str) -> None:
    found = rule_problems(rules_yaml)
    assert any(expected in p for p in found), found
    assert all(p.startswith("demo.yaml:") for p in found)


def test_duplicate_keys_and_rule_ids_name_both_lines() -> None:
    found = rule_problems("""
        - id: a
          kind: tip
          title: One
          title: Two
        - {id: a, kind: tip, title: Three}
    """)
    assert any("demo.yaml:10:5: rules[a].title: duplicate key (first on line 9)" in p for p in found), found
    assert any("rule id 'a' is used twice (first on line 7)" in p for p in found), found


def test_every_problem_is_reported_at_once() -> None:
    found = rule_problems("""
        - {id: a, kind: do, title: A, every: 1m, for: 1d}
        - {id: b, kind: avoid, title: B}
        - {id: c, kind: tip, title: C, colour: red}
    """)
    assert len(found) == 3


def test_clock_times_and_durations_never_depend_on_yaml_typing() -> None:
    # Unquoted 8:00 is the integer 480 to YAML 1.1; the loader reads the text.
    ruleset = ruleset_from("""
        - {id: a, kind: do, title: No, at: [8:00, 20:30], for: 1d}
    """)
    (rule,) = ruleset.rules
    assert rule.title == Written.once("No")  # not the boolean False
    assert rule.timing is not None
    assert [str(t.clock) for t in rule.timing.at] == ["08:00:00", "20:30:00"]


def test_peel_problems() -> None:
    text = "treatment: {id: t, name: T, clinic: C, source: s}\npeels:\n  - {id: a, label: A}\n  - {id: b, label: B}\n"
    assert any("no default peel" in p for p in problems(text + "rules:\n  - {id: x, kind: tip, title: X}\n"))
    many = text.replace("label: A}", "label: A, default: true}").replace("label: B}", "label: B, default: True}")
    assert any("several defaults" in p for p in problems(many + "rules:\n  - {id: x, kind: tip, title: X}\n"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("a: [1\n", "a '[' or '{' is not closed"),
        ("a: '1\n", "a quote is opened and never closed"),
        ("treatment:\n\tid: x\n", "indent with spaces, not tabs"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("- just a list\n", "expected key: value lines here"),
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
    ],
)
def test_broken_yaml_is_one_clear_problem(text: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rulesets(path)
    assert any(expected in p for p in caught.value.problems), caught.value.problems


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    bomb = "\n".join(levels) + "\n" + HEADER + "  - {id: x, kind: tip, title: *a11, products: *a11}\n"
    started = time.monotonic()
    with pytest.raises(RulesError) as caught:
        load_ruleset_text(bomb, "bomb.yaml")
    assert time.monotonic() - started < 2  # a bound, not a benchmark: expansion would take hours
    assert any("anchors and aliases (&name, *name) are not allowed" in p for p in caught.value.problems)


def test_a_cyclic_alias_is_refused() -> None:
    with pytest.raises(RulesError):
        load_ruleset_text(HEADER + "  - &r {id: x, kind: tip, title: X, products: [*r]}\n", "cycle.yaml")


def test_hostile_files(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("title: café\n".encode("latin-1"))
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"# padding\n" * 1_000_000)
    cases = {
        latin1: "latin1.yaml:1:11: not UTF-8 text (byte 0xE9)",
        fifo: "not a regular file",
        huge: "too large for a rules file",
        tmp_path / "missing.yaml": "no such file",
    }
    for path, expected in cases.items():
        with pytest.raises(RulesError) as caught:
            load_rulesets(path)
        assert expected in caught.value.problems[0], caught.value.problems


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "  - {id: x, kind: tip, title: X}\n").encode())
    (ruleset,) = load_rulesets(path)
    assert ruleset.treatment.id == "demo"


def test_a_folder_of_rules_and_duplicate_treatments(tmp_path: Path) -> None:
    body = HEADER + "  - {id: x, kind: tip, title: X}\n"
    (tmp_path / "a.yaml").write_text(body)
    (tmp_path / "b.yaml").write_text(body.replace("id: demo", "id: other"))
    assert [r.treatment.id for r in load_rulesets(tmp_path)] == ["demo", "other"]
    (tmp_path / "c.yaml").write_text(body)
    with pytest.raises(RulesError) as caught:
        load_rulesets(tmp_path)
    assert "c.yaml: treatment.id: 'demo' is also defined in" in caught.value.problems[0]
    assert "a.yaml" in caught.value.problems[0]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(RulesError, match=r"no \.yaml rule files"):
        load_rulesets(empty)


# --- the bundled rules encode the clinic's text --------------------------------


def test_every_bundled_rules_file_loads(bundled) -> None:
    for path in bundled_rules_dir().glob("*.yaml"):
        assert load_rulesets(path)


def test_bundled_rules_encode_every_instruction_of_the_source(bundled) -> None:
    rules = {rule.id: rule for rule in bundled.rules}
    assert [p.id for p in bundled.peels] == ["custom", "jessner"]
    assert bundled.default_peel == "custom"

    def timing(rule_id: str):
        found = rules[rule_id].timing
        assert found is not None
        return found

    said = [f"{r.title.default} {r.details.default} {' '.join(p.default for p in r.products)}" for r in bundled.rules]
    text = " ".join(said).lower()
    # First 24 h: cool and calm, nothing that raises body temperature.
    assert rules["keep-cool"].kind is Kind.AVOID
    assert timing("keep-cool").until == Span(timedelta(hours=24), "h")
    for word in ("hot showers", "sauna", "steam rooms", "exercise"):
        assert word in rules["keep-cool"].title.default.lower()
    # Recovery cream, liberally, every four hours.
    assert Written.once("Balense Recovery Cream") in rules["recovery-cream"].products
    assert timing("recovery-cream").every == Span(timedelta(hours=4), "h")
    # The gentle routine and its products.
    assert {p.default for p in rules["skincare-routine"].products} >= {
        "Balense Microdermal Gentle Cleanser",
        "ReBalense Moisturiser",
    }
    # Water, and the spritz.
    assert "drink plenty of water" in text
    assert "moisturising spritz" in text
    # No picking, Jessner: no water for 12 h.
    assert rules["no-picking"].kind is Kind.AVOID
    assert rules["jessner-no-water"].only_for_peels == ("jessner",)
    assert timing("jessner-no-water").until == Span(timedelta(hours=12), "h")
    # SPF 50+ every four hours, in daylight.
    assert timing("sunscreen").every == Span(timedelta(hours=4), "h")
    assert timing("sunscreen").anchor.value == "wake"
    assert Written.once("Balense UV Defiance SPF 50+") in rules["sunscreen"].products
    # Every product the source names is in the rules.
    if SOURCE.exists():
        source = SOURCE.read_text(encoding="utf-8")
        for product in (
            "Balense Recovery Cream",
            "Balense Microdermal Gentle Cleanser",
            "ReBalense Moisturiser",
            "Balense UV Defiance SPF 50+",
        ):
            assert product in source
            assert product.lower() in text


def test_values_the_source_leaves_open_are_marked_clinic_defaults() -> None:
    text = (bundled_rules_dir() / "microdermabrasion.yaml").read_text(encoding="utf-8")
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("for: 7d", "until: 7d", "until: 3d", "every: 3h", "start: 4h", "start: 12h", "at: ")):
            assert "CLINIC DEFAULT" in line, line


def test_the_pure_python_loader_is_as_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    # Where PyYAML was built without libyaml, deep nesting must still be a clean error.
    import yaml

    from aftercare_cli.ruleset import compose as rules

    monkeypatch.setattr(rules, "_Loader", yaml.SafeLoader)
    for text, expected in (("[" * 50_000 + "]" * 50_000, "nested too deeply"), ("a: [1\n", "is not closed")):
        with pytest.raises(RulesError) as caught:
            load_ruleset_text(text, "deep.yaml")
        assert expected in caught.value.problems[0]


def test_a_flood_of_problems_is_capped() -> None:
    found = rule_problems("".join(f"- {{id: r{i}, kind: tip, title: T, colour{i}: x}}\n" for i in range(60)))
    assert len(found) == 51
    assert found[-1] == "... and 10 more problems"


def test_placeholders_work_in_plain_unquoted_values() -> None:
    rules = ruleset_from("""
        - id: dry
          kind: avoid
          title: Stay dry for <for>
          details: Do not wet your skin for <for> after treatment, until <until> have passed.
          start: 1h
          for: 12h
          end_note: The <for> are over
        - id: cream
          kind: do
          title: Cream every <every>
          start: 90m
          every: 4h
          until: 7d
          when_asleep: keep
    """)
    plan = plan_for(rules, "2026-11-26T10:00", "UTC")
    titles = [item_title(item) for item in plan.items]
    assert "Stay dry for 12 hours" in titles
    assert "The 12 hours are over" in titles
    assert "Cream every 4 hours" in titles
    dry = next(item for item in plan.items if item.rule_id == "dry")
    assert details(dry.rule) == "Do not wet your skin for 12 hours after treatment, until 13 hours have passed."


@pytest.mark.parametrize(
    ("timing", "placeholder", "said"),
    [
        ("for: 3d", "<for>", "3 days"),  # as written, never "72 hours"
        ("for: 72h", "<for>", "72 hours"),
        ("for: 48h", "<for>", "48 hours"),  # never "2 days"
        ("for: 1d12h", "<for>", "1 day 12 hours"),
        ("for: 90m", "<for>", "90 minutes"),
        ("for: 1w", "<for>", "1 week"),
        ("for: 2w", "<until>", "2 weeks"),  # `until` from a start not written: the same units
        ("{start: 4h, until: 24h}", "<for>", "20 hours"),  # implied: in the units it comes from
        ("{start: 12h, until: 3d}", "<for>", "2 days 12 hours"),
        ("{start: 30m, for: 2d}", "<until>", "2 days 30 minutes"),
        ("{start: 1d, for: 12h}", "<start>", "1 day"),
    ],
)
def test_a_duration_is_said_in_the_units_the_clinic_wrote(timing: str, placeholder: str, said: str) -> None:
    keys = timing.strip("{}")
    rules = ruleset_from(f"- {{id: w, kind: avoid, title: Stay dry, details: for {placeholder}, {keys}}}")
    (window,) = plan_for(rules, "2026-11-26T10:00", "UTC").items
    assert details(window.rule) == f"for {said}"


def test_the_written_units_change_only_words() -> None:
    # A format-1 file keeps its meaning: 3d and 72h are the same window, said two ways.
    days, hours = (
        plan_for(ruleset_from(f"- {{id: w, kind: avoid, title: Stay dry, for: {span}}}"), "2026-11-26T10:00", "UTC")
        for span in ("3d", "72h")
    )
    assert [(i.start, i.end) for i in days.items] == [(i.start, i.end) for i in hours.items]


def test_a_contact_is_optional_and_read_when_given() -> None:
    base = "treatment: {id: d, name: D, clinic: C, source: s%s}\npeels: [{id: p, label: P}]\n"
    base += "rules: [{id: a, kind: tip, title: A}]\n"
    assert load_ruleset_text(base % "", "x.yaml").treatment.contact == Contact()
    assert load_ruleset_text(base % ", contact: ", "x.yaml").treatment.contact == Contact()
    given = load_ruleset_text(base % ", contact: {phone: 09 555 0100, web: example.org}", "x.yaml")
    assert given.treatment.contact == Contact("09 555 0100", "example.org")
    with pytest.raises(RulesError, match=r"treatment\.contact\.fax: unknown key"):
        load_ruleset_text(base % ", contact: {fax: 1}", "x.yaml")


# --- hostile files, each with its control: the same file without the hazard passes ---------------------


def _amplified(size: int, count: int) -> str:
    name = "x" * size
    rules = "".join(f"  - {{id: r{i}, kind: tip, title: T, products: [*p]}}\n" for i in range(count))
    return f"p: &p {name}\n" + HEADER.replace("rules:\n", "") + "rules:\n" + rules


def test_aliases_are_refused_outright_and_fast() -> None:
    started = time.monotonic()
    with pytest.raises(RulesError) as caught:
        load_ruleset_text(_amplified(100_000, 2_000), "amplified.yaml")
    assert time.monotonic() - started < 1
    (problem,) = caught.value.problems
    assert problem == (
        "amplified.yaml:1:4: YAML anchors and aliases (&name, *name) are not allowed in rules files; "
        "write each value out"
    )
    control = HEADER + "  - {id: r0, kind: tip, title: T, products: [a name with & and * in it]}\n"
    assert load_ruleset_text(control, "control.yaml").rules[0].products == (Written.once("a name with & and * in it"),)


def test_a_merge_key_is_one_message() -> None:
    with pytest.raises(RulesError) as caught:
        ruleset_from("- {id: a, kind: tip, title: A, <<: {details: D}}")
    assert [p.split(": ", 1)[1] for p in caught.value.problems] == [
        "rules[a].<<: merge keys ('<<') are not allowed in rules files; write the keys out"
    ]


@pytest.mark.parametrize("where", ["key", "value"])
def test_a_tag_is_refused_wherever_it_stands(where: str) -> None:
    line = "- {id: a, kind: avoid, title: A, !!python/name:os.system for: 24h}"
    if where == "value":
        line = "- {id: a, kind: avoid, title: A, for: !!python/name:os.system 24h}"
    with pytest.raises(RulesError) as caught:
        ruleset_from(line)
    (problem,) = caught.value.problems  # one mistake, one message
    assert "the YAML tag '!!python/name:os.system' is not allowed" in problem
    assert ruleset_from("- {id: a, kind: avoid, title: A, for: 24h}").rules[0].timing is not None  # control


@pytest.mark.parametrize(
    ("escaped", "raw", "shown"),
    [("\\e[2J", "\x1b[2J", "\\x1b[2J"), ("\\u202e", "\u202e", "\\u202e"), ("\\x9b", "\x9b", "\\x9b")],
)
def test_file_text_in_a_message_is_made_visible(escaped: str, raw: str, shown: str) -> None:
    # A double-quoted YAML escape puts the raw character into the id, which every message about the rule quotes.
    with pytest.raises(RulesError) as caught:
        ruleset_from(f'- {{id: "keep-cool{escaped}", kind: tip, title: A, evry: 4h}}')
    line = caught.value.line()
    assert raw not in line
    assert f"rules[keep-cool{shown}].evry: unknown key" in line


@pytest.mark.parametrize(("key", "text"), [("details", "null"), ("details", "~"), ("end_note", "~"), ("label", "")])
def test_an_empty_text_is_refused_never_shown_as_null(key: str, text: str) -> None:
    with pytest.raises(RulesError, match=f"rules\\[a\\].{key}: is empty; write the text, or remove the key"):
        ruleset_from(f"- {{id: a, kind: avoid, title: A, for: 1d, {key}: {text}}}")
    assert ruleset_from("- {id: a, kind: avoid, title: A, for: 1d}").rules[0].details == Written()  # control


def test_a_too_long_duration_says_so() -> None:
    with pytest.raises(RulesError) as caught:
        ruleset_from("- {id: a, kind: avoid, title: A, until: 100000d}")
    (problem,) = caught.value.problems
    assert problem.endswith("rules[a].until: '100000d' is longer than a year; the longest accepted is 366d")
    assert ruleset_from("- {id: a, kind: avoid, title: A, until: 366d}").rules  # control


@pytest.mark.parametrize(
    ("rules_yaml", "only"),
    [
        ("- {id: a, kind: avoid, title: A, for: banana}", "rules[a].for: 'banana' is not a duration"),
        ("- {id: a, kind: do, title: A, every: 4x, for: 1d}", "rules[a].every: '4x' is not a duration"),
    ],
)
def test_one_mistake_is_one_message(rules_yaml: str, only: str) -> None:
    problems = rule_problems(rules_yaml)
    assert len(problems) == 1, problems
    assert only in problems[0], problems


def test_a_bad_default_is_one_message() -> None:
    text = "treatment: {id: d, name: D, clinic: C, source: s}\npeels:\n  - {id: a, label: A, default: yes}\n"
    text += "  - {id: b, label: B}\nrules:\n  - {id: x, kind: tip, title: X}\n"
    with pytest.raises(RulesError) as caught:
        load_ruleset_text(text, "x.yaml")
    assert [p.split(": ", 2)[2] for p in caught.value.problems] == ["expected true or false"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER + "  - id: a\n    kind: tip\n      title: x\n", "indented further than the key above it"),
        (HEADER + "  - id: a\n    kind: tip\n   title: x\n", "indented less than the item it belongs to"),
        (HEADER + "  - id: a\n    kind: tip\n    title: Note: x\n", "put the whole value in quotes"),
        (HEADER + "  - id: a\n    kind: tip\n    title: x\n - id: b\n", "line up each '- ' item"),
    ],
)
def test_indentation_mistakes_in_plain_words(text: str, expected: str) -> None:
    with pytest.raises(RulesError) as caught:
        load_ruleset_text(text, "x.yaml")
    (problem,) = caught.value.problems
    assert expected in problem
    assert "did not find" not in problem
    if "quotes" not in expected:
        assert "quotes" not in problem


def test_an_empty_peel_list_points_to_leaving_it_out() -> None:
    text = "treatment: {id: d, name: D, clinic: C, source: s}\npeels: []\nrules: [{id: a, kind: tip, title: A}]\n"
    with pytest.raises(RulesError, match="lists no peel types; add one, or leave out peels: for a treatment without"):
        load_ruleset_text(text, "x.yaml")
    assert load_ruleset_text(text.replace("peels: []\n", ""), "x.yaml").peels == ()  # control


def test_a_start_and_a_length_that_add_up_to_more_than_a_year_get_the_one_year_message() -> None:
    # Each value alone is within a year (parse_duration refuses any longer); the sum is checked where the end is made.
    with pytest.raises(RulesError) as caught:
        ruleset_from("- {id: a, kind: avoid, title: Sun, start: 200d, for: 200d}")
    (problem,) = caught.value.problems
    assert problem.endswith(
        "rules[a].for: 'start' plus 'for' (400d) is longer than a year; the longest accepted is 366d"
    )
