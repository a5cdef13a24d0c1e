"""`rules check` finds the rules a treatment at some time of day leaves with no reminder, as `plan` would."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from aftercare_cli.cli.desk_messages import unreached_problem
from aftercare_cli.cli.inputs.choices import pick_peel
from aftercare_cli.core.empty_rules import empty_rules
from aftercare_cli.core.planner import make_plan
from aftercare_cli.model import Patient, RuleSet
from aftercare_cli.ruleset.reach import unreached
from conftest import ruleset_from

# Each rule on its own: (YAML, whether some treatment time of day gets no reminder from it).
RULES = [
    ("{id: r, kind: do, title: R, every: 2h, anchor: wake, until: 1m}", True),  # the "1 month"
    ("{id: r, kind: do, title: R, every: 4h, anchor: wake, for: 11h}", True),  # 19:00 to 07:00 is 12 h
    ("{id: r, kind: do, title: R, every: 4h, anchor: wake, for: 12h}", False),
    ("{id: r, kind: do, title: R, every: 3h, anchor: wake, until: 3d}", False),
    ('{id: r, kind: do, title: R, at: ["08:00"], for: 12h}', True),
    ('{id: r, kind: do, title: R, at: ["08:00"], for: 1d}', False),
    ("{id: r, kind: do, title: R, at: [wake, bedtime], for: 14h}", True),  # 07:00 to 22:00 is 15 h
    ("{id: r, kind: do, title: R, at: [wake, bedtime], for: 15h}", False),
    ("{id: r, kind: do, title: R, every: 2h, for: 6h}", True),  # three reminders fit in one night
    ("{id: r, kind: do, title: R, every: 3h, for: 12h}", False),  # 0, 3, 6, 9 h: 9 h is no longer inside
    ("{id: r, kind: do, title: R, every: 2h, for: 6h, when_asleep: wake}", False),
    ("{id: r, kind: do, title: R, every: 2h, for: 6h, when_asleep: keep}", False),
    ("{id: r, kind: do, title: R, start: 8h}", False),  # a one-off is planned, or said to be skipped
]


def reach_problems(ruleset: RuleSet) -> list[str]:
    """What `rules check` says of the rules: a line for each rule some treatment times leave empty."""
    return [unreached_problem(found, ruleset.path) for found in unreached(ruleset)]


def empty_at_some_time(ruleset: RuleSet) -> bool:
    """Whether a treatment at some time of day (every 10 minutes, on two days) leaves a rule silently empty."""
    zone = ZoneInfo("UTC")
    for minutes in range(3, 2 * 24 * 60, 10):
        treated = datetime(2026, 11, 26, tzinfo=zone) + timedelta(minutes=minutes)
        plan = make_plan(ruleset, pick_peel(ruleset, None), treated, zone, Patient())
        if any(not empty.told for empty in empty_rules(plan)):
            return True
    return False


@pytest.mark.parametrize(("rule", "can_be_empty"), RULES)
def test_check_flags_exactly_the_rules_a_plan_would_refuse(rule: str, can_be_empty: bool) -> None:
    ruleset = ruleset_from(f"- {rule}")
    assert bool(reach_problems(ruleset)) is can_be_empty
    assert empty_at_some_time(ruleset) is can_be_empty


def test_the_problem_names_the_rule_and_why() -> None:
    (problem,) = reach_problems(
        ruleset_from("- {id: sunscreen, kind: do, title: SPF, every: 2h, anchor: wake, until: 1m}")
    )
    assert problem == (
        "demo.yaml: rules[sunscreen]: it lasts 1 minute, less than the 10 hours between two of its reminders "
        "(every 2 h while awake, 07:00 to 21:00): a treatment at some times of day would get none; make it last at "
        "least 10 hours (m is minutes; days are d, weeks w)"
    )
    (problem,) = reach_problems(ruleset_from("- {id: night, kind: do, title: N, every: 2h, for: 6h}"))
    assert problem == (
        "demo.yaml: rules[night]: its 3 reminders (every 2 h for 6 hours) can all fall in one night's sleep "
        "(22:00-07:00), where they are skipped: a treatment in the evening would get none; make it last longer, "
        "or give it when_asleep: wake (moved to the wake-up) or when_asleep: keep (kept in the night, for a step "
        "meant then)"
    )


def test_the_bundled_and_example_rules_reach_every_treatment_time(bundled) -> None:
    assert reach_problems(bundled) == []
