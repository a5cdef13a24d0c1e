"""A treatment's variants that are not peels: `variant: Area` says "Area: body"; --peel chooses as before."""

from __future__ import annotations

import json

from aftercare_cli.outputs.jsondoc import plan_json
from aftercare_cli.outputs.rules_list import ruleset_lines
from aftercare_cli.outputs.wording import treatment_title
from aftercare_cli.ruleset.loader import load_ruleset_text
from conftest import plan_for

AREAS = """\
treatment: {id: laser, name: Laser hair removal, clinic: C, source: s, variant: Area}
peels:
  - {id: face, label: face, default: true}
  - {id: body, label: body}
rules:
  - {id: shave, kind: do, title: Shave, start: 1h}
"""


def test_the_variant_kind_names_the_variant() -> None:
    ruleset = load_ruleset_text(AREAS, "laser.yaml")
    plan = plan_for(ruleset, "2026-11-26T10:00", "UTC", "body")
    assert treatment_title(plan) == "Laser hair removal (Area: body)"
    assert json.loads(plan_json(plan))["variant"] == "Area"
    assert "  Area (peels): face (face, default), body (body)" in ruleset_lines(ruleset)


def test_without_a_variant_kind_peels_read_as_before(bundled) -> None:
    plan = plan_for(bundled, "2026-11-26T10:00", "UTC", "jessner")
    assert treatment_title(plan) == "Microdermabrasion (Jessner peel)"
