"""The night the clocks go back, the clock shows an hour twice: a time of the second pass says so wherever a
clock time stands alone (the desk's table, the handout's banners and grid, the words of a window). The timeline
tells the two apart by its "since" column and the clock-change line between them; the calendar and the JSON by
their instants."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aftercare_cli.outputs.handout_grid import Entry, week_grid
from aftercare_cli.outputs.moments import plan_moments
from aftercare_cli.speech import clock_at, second_time
from conftest import faces, plan_for, ruleset_from

EXAMPLES = Path(__file__).parents[2] / "examples"

# Berlin goes back from 03:00 (+02:00) to 02:00 (+01:00) on Sun 25 Oct 2026; Lord Howe Island by half an hour,
# from 02:00 (+11:00) to 01:30 (+10:30), on Sun 5 Apr 2026. Each rule's start lands in the repeated clock time:
# `once` its first pass, `again` the same clock time an hour (Lord Howe: half an hour) later, its second.
NIGHTS = [
    pytest.param("Europe/Berlin", "2026-10-25T01:30", "30m", "1h30m", "02:00", id="berlin"),
    pytest.param("Australia/Lord_Howe", "2026-04-05T01:00", "40m", "1h10m", "01:40", id="lord-howe-30-minutes"),
]


def _rules(first: str, second: str) -> str:
    return f"""
    - {{id: once, kind: do, title: Once, start: {first}, when_asleep: keep}}
    - {{id: again, kind: do, title: Again, start: {second}, when_asleep: keep}}
    - {{id: away, kind: avoid, title: Away, start: {second}, for: 2h}}
    """


@pytest.mark.parametrize(("zone", "treated", "first", "second", "clock"), NIGHTS)
def test_the_second_pass_says_so_and_the_first_does_not(
    zone: str, treated: str, first: str, second: str, clock: str
) -> None:
    plan = plan_for(ruleset_from(_rules(first, second)), treated, zone)
    once, again = (next(i.start for i in plan.items if i.rule_id == rule) for rule in ("once", "again"))
    assert once.strftime("%H:%M") == again.strftime("%H:%M") == clock
    assert (clock_at(once), clock_at(again)) == (clock, f"{clock} (2nd time)")
    seen = faces(plan)
    assert f"{clock} (2nd time)" in seen.glance_when  # "Again" and "Away" from the second pass
    assert seen.glance_when.count("(2nd time)") == 2
    assert f"from Sun {again.day} {again:%b} {clock} (2nd time)" in seen.handout  # the window's banner


@pytest.mark.parametrize(("zone", "treated", "first", "second", "clock"), NIGHTS)
def test_the_handouts_grid_marks_the_second_time_in_a_column_that_says_each_time(
    zone: str, treated: str, first: str, second: str, clock: str
) -> None:
    plan = plan_for(ruleset_from(_rules(first, second)), treated, zone)
    grid = week_grid(list(plan_moments(plan)), "en")
    (column,) = [index for index, c in enumerate(grid.columns) if c.heading == clock]
    assert grid.columns[column].shared  # one clock time, but two moments: each entry says its time
    assert grid.days[0].cells[column] == (
        Entry(clock, ("Once",)),
        Entry(clock, ("Again",), "2nd time"),
        Entry(clock, ("Away",), "2nd time"),  # the window begins: its tick box
    )


def test_a_time_is_a_second_time_only_where_the_clock_repeats_it() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert second_time(datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=berlin))
    assert not second_time(datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=berlin))
    assert not second_time(datetime(2026, 7, 1, 2, 30, fold=1, tzinfo=berlin))  # fold means nothing here
    assert not second_time(datetime(2026, 3, 29, 2, 30, fold=1, tzinfo=berlin))  # the gap: skipped, not repeated


@pytest.mark.parametrize(
    ("lang", "marked"), [("en", "02:30 (2nd time)"), ("de", "02:30 (2. Mal)"), ("ar", "(المرة الثانية)")]
)
def test_another_clinics_file_in_its_languages(run_cli, tmp_path: Path, lang: str, marked: str) -> None:
    handout = tmp_path / "plan.html"
    code, _, err = run_cli(
        "plan", "--rules", str(EXAMPLES / "every-feature.yaml"), "--at", "2026-10-25 01:30", "--tz", "Europe/Berlin",
        "--wake", "15:00", "--sleep", "07:00", "--lang", lang, "--handout", str(handout),
    )  # fmt: skip
    assert code == 0, err
    page = handout.read_text(encoding="utf-8")
    assert marked in page  # the later window's banner: from 02:30 (2nd time)
    assert page.count('<span class="again">') == 1  # the daytime reminder at the second 02:00
