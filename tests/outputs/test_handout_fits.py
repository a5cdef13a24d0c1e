"""Every text on the printed handout fits its box: measured by Chromium in its print layout, in every language.

One headless Chromium, driven over its DevTools pipe (`--remote-debugging-pipe`: JSON messages on file
descriptors 3 and 4, no network port, no library), lays out each handout for print at the paper's printable
width and reports, from the page's own boxes, every run of text that reaches out of the box that holds it,
every box whose content is wider than it, text printed over other text, and type below the page's small
print; then prints the page. The pages: every rules file in examples/ (and the bundled one) in every
language it has, each peel, treated at 07:00, 14:30 and 21:50, on A4 and US Letter; and two stress cases of
long words (tests/outputs/long-words*.yaml).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from aftercare_cli.cli.making import Request, build_plan
from aftercare_cli.model import Patient
from aftercare_cli.outputs.handout import plan_handout
from aftercare_cli.ruleset.files import bundled_rules_dir
from aftercare_cli.ruleset.loader import load_rulesets
from aftercare_cli.speech import speaking
from aftercare_cli.voices import plan_voice
from printing import BROWSER

ROOT = Path(__file__).parent.parent.parent
RULES = [
    *sorted((ROOT / "examples").glob("*.yaml")),
    *sorted(bundled_rules_dir().glob("*.yaml")),
    *sorted(Path(__file__).parent.glob("long-words*.yaml")),
]
TIMES = ("07:00", "14:30", "21:50")
PAPERS = ("a4", "letter")
MADE = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
MM = 96 / 25.4  # CSS pixels in a millimetre
PAPER_MM = {"A4": (297.0, 210.0), "letter": (279.4, 215.9)}  # landscape: width, height

# Run in the page after it is laid out for print: the problems found, as sentences (an empty list: it fits).
MEASURE = """
(() => {
  const TOLERANCE = 0.75, SMALLEST = %(smallest)s;  // CSS pixels
  const problems = [];
  const named = (el) => [el.tagName.toLowerCase(), ...String(el.className).split(/\\s+/).filter(Boolean)].join(".");
  const quoted = (text) => JSON.stringify(text.trim().replace(/\\s+/g, " ").slice(0, 48));
  const boxOf = (el) => {  // the nearest box that is not a run of text inside a line
    while (el !== document.body && getComputedStyle(el).display === "inline") el = el.parentElement;
    return el;
  };
  const runs = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim()) continue;
    const box = boxOf(node.parentElement);
    const edge = box.getBoundingClientRect();
    const left = edge.left + box.clientLeft, right = left + box.clientWidth;  // its padding box
    const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
    if (size < SMALLEST - 0.01) problems.push(`${quoted(node.data)} is ${size.toFixed(1)}px, under ${SMALLEST}px`);
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width < 0.5) continue;
      const out = Math.max(left - rect.left, rect.right - right);
      if (out > TOLERANCE) problems.push(`${quoted(node.data)} runs ${out.toFixed(1)}px out of its ${named(box)}`);
      runs.push({rect, node});
    }
  }
  for (const el of document.body.querySelectorAll("*")) {
    const display = getComputedStyle(el).display;
    if (display === "inline" || display === "none") continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${named(el)} holds ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
  }
  const wide = document.documentElement.scrollWidth;
  if (wide > innerWidth + 1) problems.push(`the page is ${wide}px wide, the paper ${innerWidth}px`);
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      const a = runs[i].rect, b = runs[j].rect;
      const wide = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const high = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (wide > 1 && high > Math.min(a.height, b.height) / 3) {
        problems.push(`${quoted(runs[i].node.data)} and ${quoted(runs[j].node.data)} print over each other`);
      }
    }
  }
  return problems;
})()
"""


class Browser:
    """Headless Chromium over its DevTools pipe: one process, one tab, many pages."""

    def __init__(self, path: str, folder: Path) -> None:
        to_browser, from_browser = os.pipe(), os.pipe()
        # The browser reads its commands on descriptor 3 and answers on 4; above 10 in the meantime, so the
        # two moves in the child cannot overwrite each other.
        theirs = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser[0], from_browser[1])]
        for fd in (to_browser[0], from_browser[1]):
            os.close(fd)
        self.process = subprocess.Popen(
            [path, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--remote-debugging-pipe",
             f"--user-data-dir={folder / 'profile'}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=lambda: (os.dup2(theirs[0], 3), os.dup2(theirs[1], 4)),
        )  # fmt: skip
        for fd in theirs:
            os.close(fd)
        self.commands, self.answers = to_browser[1], from_browser[0]
        self.sent, self.pending = 0, b""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.frame = self.call("Page.getFrameTree", self.session)["frameTree"]["frame"]["id"]
        self.call("Emulation.setEmulatedMedia", self.session, media="print")

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.sent += 1
        message: dict[str, Any] = {"id": self.sent, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        for _ in range(100_000):  # events come in between; the answer has our id
            while b"\0" not in self.pending:
                chunk = os.read(self.answers, 1 << 20)
                if not chunk:
                    raise RuntimeError(f"the browser closed its pipe during {method}")
                self.pending += chunk
            raw, self.pending = self.pending.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self.sent:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return dict(answer["result"])
        raise RuntimeError(f"no answer to {method}")

    def problems(self, html: str, width: float) -> list[str]:
        """The page laid out for print at `width` CSS pixels (the paper's, less its margins), measured."""
        self.call(
            "Emulation.setDeviceMetricsOverride", self.session,
            width=int(width), height=800, deviceScaleFactor=1, mobile=False,
        )  # fmt: skip  # the whole pixel below the printable width: a little stricter than the paper
        self.call("Page.setDocumentContent", self.session, frameId=self.frame, html=html)
        said = self.call(
            "Runtime.evaluate", self.session, expression=MEASURE % {"smallest": 9 * 96 / 72}, returnByValue=True
        )
        return list(said["result"]["value"])

    def pdf(self) -> bytes:
        printed = self.call("Page.printToPDF", self.session, preferCSSPageSize=True, printBackground=True)
        return base64.b64decode(printed["data"])

    def close(self) -> None:
        os.close(self.commands)
        os.close(self.answers)
        self.process.terminate()
        self.process.wait(timeout=30)


@dataclass(frozen=True)
class Page:
    name: str
    html: str
    paper: str


def printable_width(html: str) -> float:
    """The page's width for text, in CSS pixels: its `@page` paper, less the side margins it sets."""
    page = re.search(r"@page \{ size: (A4|letter) landscape; margin: [\d.]+mm ([\d.]+)mm; \}", html)
    assert page is not None, "the handout's @page rule changed: teach printable_width its new form"
    return (PAPER_MM[page[1]][0] - 2 * float(page[2])) * MM


def pages() -> Iterator[Page]:
    for path in RULES:
        (default,) = load_rulesets(path)
        for lang in default.treatment.languages:
            rules = default
            peels: list[str | None] = [peel.id for peel in rules.peels] or [None]
            for peel in peels:
                for at in TIMES:
                    request = Request(
                        f"2026-11-26 {at}", ZoneInfo("Europe/Berlin"), Patient(name="Maximiliane Mustermann"),
                        lang=lang, peel=peel,
                    )  # fmt: skip
                    plan = build_plan([rules], request, MADE)
                    for paper in PAPERS:
                        with speaking(plan_voice(plan)):
                            html = plan_handout(plan, MADE.astimezone(plan.treated_at.tzinfo), paper=paper)
                        yield Page(f"{path.name} {lang} {peel or '-'} {at} {paper}", html, paper)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if BROWSER is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have a Chromium browser: .ci/run installs it")
        pytest.skip("no Chromium browser on this machine (apt-get install chromium)")
    started = Browser(BROWSER, tmp_path_factory.mktemp("browser"))
    yield started
    started.close()


@pytest.mark.slow
def test_every_text_on_every_page_fits_its_box(browser: Browser) -> None:
    found: dict[str, list[str]] = {}
    measured = 0
    for page in pages():
        measured += 1
        if problems := browser.problems(page.html, printable_width(page.html)):
            found[page.name] = problems
        assert browser.pdf().startswith(b"%PDF"), page.name
    assert measured >= 100  # every file, language, peel, time and paper: the list above was not cut short
    said = [f"{name}: {len(problems)}, such as {'; '.join(problems[:3])}" for name, problems in found.items()]
    assert not found, f"{len(found)} of {measured} pages have text that does not fit:\n" + "\n".join(said)


FITTING = """<!DOCTYPE html><html lang="de"><head><style>
  body { font: 12pt "Liberation Sans", sans-serif; margin: 0; } td { width: 20mm; border: 1px solid; }
  .word { white-space: nowrap; } .small { font-size: 8pt; } .here { position: absolute; top: 0; left: 0; }
</style></head><body><table style="table-layout: fixed; width: 60mm"><tr><td>%s</td><td>Wasser</td></tr></table>
</body></html>"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("cell", "found"),
    [
        ("Sonnen\u00adschutz\u00adcreme", []),  # breaks at its soft hyphens: fits
        ('<span class="word">Sonnenschutzcreme</span>', ['"Sonnenschutzcreme" runs', "td holds"]),
        ('<span class="small">Creme</span>', ['"Creme" is 10.7px, under 12px']),
        ('<span class="here">Sonnen</span><span class="here">Creme</span>', ['"Sonnen" and "Creme" print over']),
    ],
    ids=["fits", "runs-out", "too-small", "over-each-other"],
)
def test_the_measure_finds_text_that_does_not_fit(browser: Browser, cell: str, found: list[str]) -> None:
    # The measure itself can fail: each fault made on purpose is reported, and a page that fits reports none.
    problems = browser.problems(FITTING % cell, 400)
    for start in found:
        assert any(problem.startswith(start) for problem in problems), problems
    if not found:
        assert problems == []


@pytest.mark.slow
def test_a_phone_number_in_an_arabic_page_prints_in_the_order_it_is_dialled(browser: Browser) -> None:
    # Digits have no direction of their own: isolated without one, "+49 30 1234567-890" printed "890-1234567 30 49+".
    (rules,) = load_rulesets(Path(__file__).parent / "long-words.yaml")
    request = Request("2026-11-26 14:30", ZoneInfo("Europe/Berlin"), Patient(), lang="ar")
    plan = build_plan([rules], request, MADE)
    with speaking(plan_voice(plan)):
        html = plan_handout(plan, MADE, paper="a4")
    browser.problems(html, printable_width(html))
    where = """
      (() => {
        const walker = document.createTreeWalker(document.querySelector("p.contact"), NodeFilter.SHOW_TEXT);
        let node = walker.nextNode();
        while (!node.data.includes("+49 30")) node = walker.nextNode();
        const at = (part) => { const range = document.createRange();
          const start = node.data.indexOf(part); range.setStart(node, start); range.setEnd(node, start + part.length);
          return range.getBoundingClientRect().left; };
        return [at("+49"), at(" 30 "), at("1234567"), at("-890")];
      })()
    """
    lefts = browser.call("Runtime.evaluate", browser.session, expression=where, returnByValue=True)["result"]["value"]
    assert lefts == sorted(lefts)  # left to right, as dialled
