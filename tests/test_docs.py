"""The reference stands on its own and says what the code does: every link lands, the JSON keys are the real ones.

(The key table of docs/rules-format.md is held to the code in tests/ruleset/test_key_table.py; the README's
desk view, its timeline and the layout tree in tests/test_repository.py.)
"""

import json
import re
from pathlib import Path

import pytest

from aftercare_cli.outputs.jsondoc import plan_document
from aftercare_cli.outputs.rules_list import rulesets_json
from aftercare_cli.ruleset.loader import load_rulesets
from conftest import plan_for

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*ROOT.glob("*.md"), *(ROOT / "docs").glob("*.md")])
# Pages another branch is writing: a link to one may wait for it, but only while it is not here (see the last test).

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*$", re.MULTILINE)


def prose(page: Path) -> str:
    """The page without its code: a link or a heading inside a code block or a `span` is not one."""
    return _FENCE.sub("", page.read_text(encoding="utf-8"))


def anchors(page: Path) -> set[str]:
    """The anchors GitHub makes of a page's headings: lower case, punctuation dropped, spaces as hyphens,
    a repeated one numbered."""
    made: set[str] = set()
    for heading in _HEADING.findall(prose(page)):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its words
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        anchor, count = slug, 0
        while anchor in made:
            count += 1
            anchor = f"{slug}-{count}"
        made.add(anchor)
    return made


def links(page: Path) -> list[str]:
    return _LINK.findall(_CODE.sub("", prose(page)))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_lands_on_a_file_and_heading_that_are_there(page: Path) -> None:
    broken = []
    for target in links(page):
        if re.match(r"[a-z]+:", target):  # https:, mailto:: not ours to check offline
            continue
        name, _, anchor = target.partition("#")
        landing = (page.parent / name).resolve() if name else page
        if not landing.is_relative_to(ROOT) or not landing.exists():
            broken.append(f"{target}: no such file")
        elif anchor and anchor not in anchors(landing):
            broken.append(f"{target}: no heading makes #{anchor}")
    assert broken == []


def test_the_pages_do_link() -> None:
    # The test above must have something to check: the README points at every page of the reference.
    readme = set(links(ROOT / "README.md"))
    for page in (ROOT / "docs").glob("*.md"):
        if page.name != "batch-old.md":  # kept for the lead to reconcile with docs/batch.md, not a page to read
            assert f"docs/{page.name}" in readme, f"the README's 'Where to read on' does not name {page.name}"


def test_an_anchor_is_made_as_github_makes_it() -> None:
    page = ROOT / "docs" / "calendar-and-handoff.md"
    made = anchors(page)
    assert "the-calendar-file---ics" in made
    assert "the-printed-handout---handout---pdf" in made
    assert "what-calendar-apps-really-do-and-what-the-export-does-about-it" in anchors(ROOT / "CONTRIBUTING.md")
    assert "yaml-language-server-schemaschemaaftercare-rulesschemajson" not in anchors(
        ROOT / "docs" / "rules-format.md"
    )


def _named(text: str) -> set[str]:
    return set(re.findall(r"`([a-z_]+)`", text))


def test_the_json_page_names_every_key_of_the_plan_document_and_no_other(bundled) -> None:
    document = plan_document(plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner"))
    page = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    table = page.split("| key | value |", 1)[1].split("\n\n", 1)[0]
    listed = {name for row in table.splitlines()[2:] for name in _named(row.split(" | ")[0])}
    assert listed == set(document)
    items = page.split("Each item: ", 1)[1].split("\n\n", 1)[0]
    assert set(document["items"][0]) <= _named(items)
    assert set(document["tips"][0]) <= _named(table)


def test_the_json_page_names_every_key_of_every_list_in_the_plan_document() -> None:
    # The every-feature examples hold every kind, so each list of the document has entries to read keys from.
    page = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    named = _named(page)
    seen: set[str] = set()
    for example in ("every-feature.yaml", "every-feature-more.yaml"):
        (ruleset,) = load_rulesets(ROOT / "examples" / example)
        document = plan_document(plan_for(ruleset, "2026-11-26T14:30", "Pacific/Auckland"))
        for key, value in document.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                seen.add(key)
                for entry in value:
                    assert set(entry) <= named, (example, key, set(entry) - named)
    assert {"items", "warnings", "as_needed", "expected", "ongoing", "deferred", "tips"} <= seen


def test_the_json_page_names_every_key_of_the_rules_list() -> None:
    document = json.loads(rulesets_json(load_rulesets(ROOT / "rules")))
    page = (ROOT / "docs" / "json.md").read_text(encoding="utf-8").split("## The rules list", 1)[1]
    treatment = document["treatments"][0]
    named = _named(page)
    assert set(treatment) <= named
    assert set(treatment["peels"][0]) <= named
    assert set(treatment["rules"][0]) <= named
