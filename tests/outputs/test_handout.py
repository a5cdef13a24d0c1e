"""The printed handout: golden HTML, escaping, self-contained, and printed by a real browser.

The browser tests print the page to PDF with headless Chromium and read the PDF
back with poppler (pdfinfo, pdftotext). Where no browser can be had they are
skipped with the reason; under CI (CI=true) a missing browser fails instead,
because .ci/run installs one. Regenerate the golden file after an intended
change with: UPDATE_GOLDEN=1 python -m pytest tests/outputs/test_handout.py
"""

import html
import os
import re
import subprocess
from dataclasses import replace
from datetime import datetime, time, timezone
from pathlib import Path

import pytest

from aftercare_cli.model import ItemKind, Patient, Plan, Replaced, RuleSet
from aftercare_cli.outputs.clinic_texts import details, item_label, item_title, products, title
from aftercare_cli.outputs.handout import plan_handout
from aftercare_cli.outputs.moments import plan_moments
from conftest import check_golden, plan_for, ruleset_from
from printing import pages, printed, text

MADE = datetime(2026, 11, 26, 1, 40, tzinfo=timezone.utc)
HOSTILE = "<script>alert(1)</script> & {{ x }} [/]"
DAY_ROW = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ \w\w\w ")  # a grid row in pdftotext's layout
# A shared column's moment: its time, then its steps, up to the next moment's time or the cell's end.
AT_ENTRY = re.compile(r'<span class="clock">([^<]+)</span><span class="at">(.*?)</span>(?=<span class="clock">|</div>)')
SOFT_HYPHEN = "\u00ad"  # where a long label may break in its cell: invisible unless it does


def jessner(bundled, name: str = "Ana Smith") -> Plan:
    return plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner", Patient(name=name))


def test_golden_file(bundled) -> None:
    plan = jessner(bundled)
    check_golden("handout-jessner-auckland.html", plan_handout(plan, MADE.astimezone(plan.treated_at.tzinfo)))


def test_rule_and_patient_text_is_escaped(bundled) -> None:
    page = plan_handout(jessner(bundled, name=HOSTILE), MADE)
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ x }} [/]" in page


def test_the_page_is_self_contained(bundled) -> None:
    page = plan_handout(jessner(bundled), MADE)
    for needle in ("<script", "://", "src=", "href=", "url(", "@import", "@font-face", "<link"):
        assert needle not in page


def test_the_grid_has_a_row_per_day_and_a_column_per_clock_time(bundled) -> None:
    plan = jessner(bundled)
    page = plan_handout(plan, MADE)
    reminders = [item for item in plan.items if item.kind is ItemKind.DO]
    clocks = sorted({f"{item.start:%H:%M}" for item in reminders})
    assert re.findall(r'<th scope="col">(\d\d:\d\d)</th>', page) == clocks
    days = re.findall(r'<tr><th scope="row">([^<]+)</th>', page)
    assert days == ["Thu 26 Nov", "Fri 27 Nov", "Sat 28 Nov", "Sun 29 Nov", "Mon 30 Nov", "Tue 1 Dec", "Wed 2 Dec",
                    "Thu 3 Dec"]  # fmt: skip
    assert page.count('<span class="box"></span>') == len(reminders)  # a tick box for each step
    friday = page.split('<th scope="row">Fri 27 Nov</th>')[1].split("</tr>")[0]
    first_cell = friday.split("</td>")[0].replace(SOFT_HYPHEN, "")
    assert re.findall(r"</span>([^<]+)</span>", first_cell) == ["Cream", "Skincare", "Water", "SPF 50+"]
    # Products named once, with the step that uses them.
    assert page.count("Balense UV Defiance SPF 50+") == 1


def test_a_skipped_step_is_said_in_one_line_below_the_grid(bundled) -> None:
    page = plan_handout(jessner(bundled), MADE)
    said = "Skincare at Thu 26 Nov 22:00, until \u201cDo not wet your skin\u201d is over and then in your sleep hours"
    assert f'<p class="skipped"><strong>Skipped:</strong> {said}.</p>' in page
    assert page.index("</table>") < page.index('class="skipped"') < page.index("Each step")
    early = plan_for(bundled, "2026-11-26T09:05", "Pacific/Auckland", "jessner")  # the routine at 22:00 is kept
    assert "Skipped:" not in plan_handout(early, MADE)


def test_windows_are_bands_with_their_ends_written_out(bundled) -> None:
    page = plan_handout(jessner(bundled), MADE)
    assert 'Do not wet your skin, <span class="until">until <span class="date">Fri 27 Nov 02:30</span></span>' in page
    picking = '<span class="until">until <span class="date">Thu 3 Dec 14:30</span></span>'
    assert f"Don&#39;t pick or peel your skin, {picking}" in page
    assert "from " not in page.split('<ul class="bands">')[1].split("</ul>")[0]  # each starts at the treatment


def test_the_handout_is_written_by_the_cli_safely(run_cli, tmp_path: Path) -> None:
    at = ("--peel", "jessner", "--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland")
    target = tmp_path / "handout.html"
    code, out, err = run_cli(
        "plan", *at, "--handout", str(target), "--ics", str(tmp_path / "p.ics"), "--format", "json"
    )
    said = " ".join(err.split())  # notices wrap at the terminal's width, and tmp_path's length moves the breaks
    assert code == 0
    assert out.startswith("{")
    assert "open it in a browser and print it" in said
    assert said.endswith("open it in a browser and print it for the patient.")  # after the plan
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, _, err = run_cli("plan", *at, "--handout", str(target))
    assert code == 2
    assert "already exists; add --force" in err
    assert run_cli("plan", *at, "--handout", str(target), "--force")[0] == 0
    code, _, err = run_cli("plan", *at, "--handout", str(tmp_path / "handout.pdf"))
    assert code == 2
    assert "does not end in .html" in err
    os.mkfifo(tmp_path / "pipe.html")
    code, _, err = run_cli("plan", *at, "--handout", str(tmp_path / "pipe.html"), "--force")
    assert code == 2
    assert "is a FIFO" in err


# --- printed by a real browser --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("at", ["11:40", "14:30", "15:53", "21:50"])
@pytest.mark.parametrize(("paper", "size"), [("a4", "(A4)"), ("letter", "(letter)")])
@pytest.mark.parametrize("replacing", [False, True], ids=["new", "replacing"])
def test_a_week_prints_with_the_whole_grid_on_the_first_page(
    bundled: RuleSet, tmp_path: Path, paper: str, size: str, at: str, replacing: bool
) -> None:
    # 11:40 printed its first day twice and 15:53 ran onto page 2 when more than ten times split the grid;
    # a corrected plan's "delete the old one" must not push the week off the page either.
    plan = plan_for(bundled, f"2026-11-26T{at}", "Pacific/Auckland", "jessner", Patient(name="Ana Smith"))
    if replacing:
        name = "Aftercare for Ana Smith: Microdermabrasion, Jessner peel (26 Nov), made 14:32"
        plan = replace(plan, replaces=Replaced("old-id", name, datetime(2026, 11, 26, 1, 32, tzinfo=timezone.utc)))
    pdf = printed(plan_handout(plan, MADE, paper=paper), tmp_path)
    assert size in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert pages(pdf) <= 2
    first = text(pdf, 1)
    assert "Your aftercare plan, Ana Smith" in first
    rows = [line.split()[:3] for line in first.splitlines() if DAY_ROW.match(line)]
    days = list(dict.fromkeys(f"{i.start:%a} {i.start.day} {i.start:%b}" for i in plan.items if i.kind is ItemKind.DO))
    assert [" ".join(row) for row in rows] == days  # the week's grid on the first page, a row per day, in order
    for item in plan.items:
        if item.kind is ItemKind.DO:
            assert f"{item.start:%H:%M}" in first
        if item.kind is ItemKind.AVOID and item.end is not None:
            assert f"until {item.end:%a} {item.end.day} {item.end:%b %H:%M}" in " ".join(first.split())
    if plan.skipped:
        assert "Skipped: Skincare at Thu 26 Nov 22:00" in first
    if replacing:
        assert "This replaces the plan made at 14:32" in " ".join(first.split())
    # The legend of the steps is on one page, whole.
    legend = next(page for page in range(1, pages(pdf) + 1) if "Each step" in text(pdf, page))
    said = " ".join(text(pdf, legend).split())
    for item in plan.items:
        if item.kind is ItemKind.DO:
            assert f"{item_title(item)}." in said


@pytest.mark.slow
def test_hostile_text_prints_literally(bundled, tmp_path: Path) -> None:
    pdf = printed(plan_handout(jessner(bundled, name=HOSTILE), MADE, paper="a4"), tmp_path)
    assert f"Your aftercare plan, {HOSTILE}" in " ".join(text(pdf).split())


def test_a_clock_change_in_the_week_is_said_under_the_heading(bundled) -> None:
    page = plan_handout(plan_for(bundled, "2026-04-04T14:30", "Pacific/Auckland", "jessner"), MADE)
    header = page.split("<header>")[1].split("</header>")[0]
    assert '<p class="who">Clocks go back 1 hour on Sun 5 Apr at 03:00</p>' in header
    assert "Clocks go" not in plan_handout(plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland"), MADE)


def grid_of(page: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(day, clock, labels) for every moment in the page's grids, read top to bottom, left to right."""
    tables = page.replace(SOFT_HYPHEN, "").split('<table class="week">')[1:]
    found = []
    for table in tables:
        headings = re.findall(r'<th scope="col">([^<]+)</th>', table)[1:]
        for day, cells in re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', table):
            for heading, cell in zip(headings, re.findall(r"<td[^>]*>(.*?)</td>", cells), strict=True):
                entries = AT_ENTRY.findall(cell)
                for clock, steps in entries or [(heading, cell)] if cell else []:
                    found.append((day, clock, tuple(re.findall(r'<span class="box"></span>([^<]+)</span>', steps))))
    return found


def moments_of(plan: Plan) -> list[tuple[str, str, tuple[str, ...]]]:
    return [
        (f"{m.start:%a} {m.start.day} {m.start:%b}", f"{m.start:%H:%M}", tuple(item_label(i) for i in m.items))
        for m in plan_moments(plan)
        if m.kind is ItemKind.DO
    ]


def in_reading_order(found: list[tuple[str, str, tuple[str, ...]]]) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted(found, key=lambda entry: (datetime.strptime(f"2026 {entry[0][4:]}", "%Y %d %b"), entry[1]))


@pytest.mark.parametrize(
    ("zone", "patient"),
    [("Pacific/Auckland", Patient()), ("Europe/London", Patient(wake=time(15), bedtime=time(7)))],
    ids=["auckland", "night-shift"],
)
def test_the_week_is_one_grid_in_day_order_at_any_treatment_time(bundled, zone: str, patient: Patient) -> None:
    for minutes in range(0, 24 * 60, 17):
        at = f"2026-11-26T{minutes // 60:02d}:{minutes % 60:02d}"
        plan = plan_for(bundled, at, zone, "jessner", patient)
        page = plan_handout(plan, MADE)
        assert page.count('<table class="week">') == 1, at
        days = re.findall(r'<tr><th scope="row">([^<]+)</th>', page)
        assert days == list(dict.fromkeys(day for day, _, _ in moments_of(plan))), at  # in order, each once
        headings = re.findall(r'<th scope="col">(\d\d:\d\d(?:\u2013\d\d:\d\d)?)</th>', page)
        assert len(headings) <= 10, at
        found = grid_of(page)
        # Every step at its time on its day, nothing twice, nothing else; day after day, each day left to right.
        assert found == in_reading_order(moments_of(plan)), at
        assert sorted(found) == sorted(moments_of(plan)), at


def test_nearby_times_share_a_column_that_says_each_time(bundled) -> None:
    # Treated at 09:06: eleven clock times, more than ten columns hold. Neighbours share a column where that
    # makes no day taller, and a shared column says each step's time.
    plan = plan_for(bundled, "2026-11-26T09:06", "Pacific/Auckland", "jessner")
    page = plan_handout(plan, MADE)
    headings = re.findall(r'<th scope="col">([^<]+)</th>', page)[1:]
    assert headings == [
        "07:00",
        "10:00\u201311:00",
        "13:00\u201313:06",
        "15:00\u201316:00",
        "17:06",
        "19:00",
        "21:06",
        "22:00",
    ]
    friday = page.split('<th scope="row">Fri 27 Nov</th>')[1].split("</tr>")[0]
    assert re.findall(r'<span class="clock">([^<]+)</span>', friday) == ["10:00", "11:00", "13:00", "15:00", "16:00"]
    assert [entry for entry in grid_of(page) if entry[0] == "Fri 27 Nov"][:3] == [
        ("Fri 27 Nov", "07:00", ("Cream", "Skincare", "Water", "SPF 50+")),
        ("Fri 27 Nov", "10:00", ("Water",)), ("Fri 27 Nov", "11:00", ("SPF 50+",)),
    ]  # fmt: skip


@pytest.mark.parametrize("order", [("wash", "cream"), ("cream", "wash")])
def test_steps_due_together_are_in_the_order_the_clinic_lists_them(order: tuple[str, str]) -> None:
    # The order within a moment is the rules file's: the clinic writes its routine in the order it is done.
    # The cream starts an hour before the wash; at 11:00 both are due.
    rule = {"wash": "{id: wash, kind: do, title: Cleanse, label: Wash, start: 1h}",
            "cream": "{id: cream, kind: do, title: Apply the cream, label: Cream, every: 1h, for: 2h}"}  # fmt: skip
    plan = plan_for(ruleset_from("\n".join(f"- {rule[name]}" for name in order)), "2026-11-26T10:00", "UTC")
    page = plan_handout(plan, MADE)
    labels = [name.capitalize() for name in order]
    eleven = page.split('<th scope="row">Thu 26 Nov</th>')[1].split("</td>")[1]
    assert re.findall(r"</span>([^<]+)</span>", eleven) == labels
    legend = page.split('<dl class="steps">')[1]
    assert re.findall(r"<dt>([^<]+)</dt>", legend) == labels  # the legend too, whichever comes first in time


def test_the_legend_lists_the_steps_and_windows_in_the_rules_order(bundled) -> None:
    legend = plan_handout(jessner(bundled), MADE).replace(SOFT_HYPHEN, "").split('<dl class="steps">')[1]
    labels = ["Keep cool", "Cream", "Keep dry", "Skincare", "Water", "No picking", "SPF 50+"]
    assert re.findall(r"<dt>([^<]+)</dt>", legend) == labels


# --- everything the clinic wrote, on the paper ----------------------------------------------------------


def page_text(page: str) -> str:
    """The words a reader sees on the page: its body without tags, entities read, soft hyphens gone, one space."""
    body = re.sub(r"<[^>]+>", " ", page.split("<body>")[1]).replace(SOFT_HYPHEN, "")
    return " ".join(html.unescape(body).split())


def test_the_jessner_handout_holds_every_sentence_of_the_clinics_that_the_timeline_holds(bundled) -> None:
    from test_timeline import rendered

    plan = jessner(bundled)
    timeline = " ".join(rendered(plan, 2000).split())
    texts = [item_title(item) for item in plan.items]
    texts += [text for rule in plan.rules for text in (title(rule), details(rule), *products(rule))]
    sentences = {said.strip() for text in texts for said in re.split(r"(?<=[.!?])\s+", text) if said.strip()}
    held = sorted(said for said in sentences if said.rstrip(".") in timeline)
    assert len(held) >= 20
    seen = ["Avoid anything that raises your body temperature", "Some peeling of the skin is common",
            "do not wet your skin for 12 hours", "The 12 hours are over; you can wet your skin again"]  # fmt: skip
    for words in seen:  # the examples, and the end of a window
        assert any(words in said for said in held), words
    page = page_text(plan_handout(plan, MADE))
    assert [said for said in held if said.rstrip(".") not in page] == []


def test_each_label_says_its_rules_words_in_the_rules_order(bundled) -> None:
    page = plan_handout(jessner(bundled), MADE).replace(SOFT_HYPHEN, "")
    legend = dict(re.findall(r"<dt>([^<]+)</dt>\s*<dd>(.*?)</dd>", page, re.DOTALL))
    assert "The first 24 hours after your microdermabrasion" in legend["Keep cool"]  # a window: its details,
    assert "When it ends: </span>The 24 hours are over" in legend["Keep cool"]  # and what its end means
    assert "Keep your skin cool" not in legend["Keep cool"]  # its title is on its band
    assert legend["Water"] == "Drink plenty of water. Keeps your skin plump, fresh and hydrated after your treatment."
    assert legend["Cream"].endswith('<span class="use">Use: Balense Recovery Cream.</span>')
    # A window with nothing more to say than its band is not repeated; phases of one step share its label.
    rules = """\
        - {id: a, kind: avoid, title: "No sun, for <for>", label: Sun, for: 2d}
        - {id: b, kind: do, title: "Mask: days 1 to 2", label: Mask, at: ["09:00"], days: 1-2}
        - {id: c, kind: do, title: "Mask: day 3", label: Mask, at: ["09:00"], days: 3, continues: b}
    """
    page = plan_handout(plan_for(ruleset_from(rules), "2026-11-26T08:00", "UTC"), MADE)
    assert re.findall(r"<dt>([^<]+)</dt>", page) == ["Mask"]
    assert re.findall(r"<dd>(.*?)</dd>", page) == ["Mask: days 1 to 2. Mask: day 3."]


def test_a_window_that_starts_later_says_its_start() -> None:
    rules = """\
        - {id: before, kind: avoid, title: No sunbeds, start: -10d, until: 0m}
        - {id: picking, kind: avoid, title: Do not pick, days: 3-5}
        - {id: heat, kind: avoid, title: No sauna, for: 24h}
    """
    plan = plan_for(ruleset_from(rules), "2026-11-26T14:30", "Europe/London")
    bands = re.findall(r'<li class="band">(.*?)</li>', plan_handout(plan, MADE))
    said = [re.sub(r"<[^>]+>", "", band) for band in bands]
    assert said == [
        "No sunbeds, from Mon 16 Nov 14:30 until Thu 26 Nov 14:30",
        "No sauna, until Fri 27 Nov 14:30",  # from the treatment: its start goes without saying
        "Do not pick, from Sat 28 Nov 07:00 until Mon 30 Nov 22:00",  # days 3 to 5, from wake-up to bedtime
    ]
    picking = next(item for item in plan.items if item.rule_id == "picking")
    assert (picking.start.isoformat(), picking.end.isoformat()) == (  # type: ignore[union-attr]
        "2026-11-28T07:00:00+00:00", "2026-11-30T22:00:00+00:00"
    )  # fmt: skip


def test_a_follow_up_is_a_dated_line_of_its_own_not_a_row_of_the_week() -> None:
    rules = """\
        - {id: cream, kind: do, title: Cream, at: ["09:00"], for: 2d}
        - {id: next, kind: follow_up, title: "Book your next session (in <after>)", label: Next session, after: 3mo,
           repeat: 2, details: Bring your aftercare sheet.}
    """
    page = plan_handout(plan_for(ruleset_from(rules), "2026-11-26T08:00", "UTC"), MADE)
    assert re.findall(r'<tr><th scope="row">([^<]+)</th>', page) == ["Thu 26 Nov", "Fri 27 Nov"]  # the week only
    lines = page.split('<ul class="dated">')[1].split("</ul>")[0]
    assert re.findall(r"<li>(.*?)</li>", lines) == [
        '<span class="box"></span><strong>Fri 26 Feb 2027: </strong>Next session',
        '<span class="box"></span><strong>Wed 26 May 2027: </strong>Next session',
    ]
    assert page.index("</table>") < page.index("Your next appointments") < page.index("Each step")
    assert "Book your next session (in 3 months). Bring your aftercare sheet." in page_text(page)  # its words


CONTACT_RULES = """\
format: 1
treatment: {id: t, name: T, clinic: C, source: tests, contact: {phone: "020 7946 0000", web: "https://example.org/care"}}
rules:
  - {id: sign, kind: warning, title: "%s", products: [Saline spray]}
  - {id: cream, kind: do, title: Cream, at: ["09:00"], for: 1d}
"""


@pytest.mark.parametrize(
    ("sign", "contact"),
    [
        ("Pus or fever: call the clinic on 020 7946 0000", "Visit https://example.org/care."),
        ("Pus or fever: call us on 02079460000", "Visit https://example.org/care."),  # the same digits
        ("Pus or fever: call 020 7946 0000 or see example.org/care", None),  # both said: no line
        ("Pus or fever", "Call 020 7946 0000 or visit https://example.org/care."),
    ],
)
def test_the_warning_signs_say_the_contact_once_with_their_products(sign: str, contact: str | None) -> None:
    from aftercare_cli.ruleset.loader import load_ruleset_text

    plan = plan_for(load_ruleset_text(CONTACT_RULES % sign, "t.yaml"), "2026-11-26T08:00", "UTC")
    warnings = plan_handout(plan, MADE).split('<section class="warnings">')[1].split("</section>")[0]
    assert f'{sign} <span class="use">(Saline spray)</span>' in warnings
    assert re.findall(r'<p class="contact">([^<]*)</p>', warnings) == ([contact] if contact else [])


def test_long_labels_make_the_grid_type_smaller_and_short_ones_keep_it_at_12pt(bundled) -> None:
    # A day's row is kept whole on its page: rows that long labels make tall printed a day a page.
    from aftercare_cli.ruleset.loader import load_rulesets
    from aftercare_cli.speech import speaking
    from aftercare_cli.voices import voice_of

    (german,) = load_rulesets(Path(__file__).parent / "long-words.yaml")
    with speaking(voice_of("de")):
        page = plan_handout(plan_for(german, "2026-11-26T14:30", "Europe/Berlin"), MADE)
    assert '<table class="week small">' in page
    assert "table.week.small { font-size: 10.5pt; }" in page
    for at in ("07:00", "09:06", "14:30", "21:50"):  # the bundled week: its labels are short
        assert '<table class="week">' in plan_handout(plan_for(bundled, f"2026-11-26T{at}", "Pacific/Auckland"), MADE)


def test_a_step_whose_label_is_its_whole_title_is_not_said_twice() -> None:
    rules = """\
        - {id: water, kind: do, title: Drink water, at: ["09:00"], for: 1d}
        - {id: mask, kind: do, title: Cooling mask, at: ["09:00"], for: 1d, products: [Gel mask]}
        - {id: cream, kind: do, title: "Cream, thinly", at: ["09:00"], for: 1d}
    """
    page = plan_handout(plan_for(ruleset_from(rules), "2026-11-26T08:00", "UTC"), MADE)
    legend = re.findall(r"<dt>([^<]+)</dt>\s*<dd>(.*?)</dd>", page, re.DOTALL)
    assert legend == [("Cooling mask", '<span class="use">Use: Gel mask.</span>'), ("Cream", "Cream, thinly.")]
