"""The handout as a PDF: printed by Chromium where installed, else WeasyPrint, else one clear refusal."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aftercare_cli.cli.deliver.browser import find_browser, install_hint
from aftercare_cli.errors import OutputError
from aftercare_cli.model import Patient, RuleSet
from aftercare_cli.outputs import pdf
from aftercare_cli.outputs.handout import plan_handout
from aftercare_cli.outputs.pdf import pdf_from_html
from conftest import plan_for

BROWSER = find_browser()
HINT = "what to install here"
MADE = datetime(2026, 11, 26, 14, 35, tzinfo=ZoneInfo("Pacific/Auckland"))


def _text(data: bytes, folder: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("no pdftotext (apt-get install poppler-utils)")
    path = folder / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _handout(bundled: RuleSet) -> str:
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner", Patient(name="Ana Smith"))
    return plan_handout(plan, MADE, paper="a4")


@pytest.mark.slow
def test_chromium_prints_the_handout(bundled: RuleSet, tmp_path: Path) -> None:
    if BROWSER is None:
        pytest.skip("no Chromium-family browser on this machine")
    data = pdf_from_html(_handout(bundled), BROWSER, HINT)
    assert data.startswith(b"%PDF")
    text = _text(data, tmp_path)
    assert "Ana Smith" in text
    assert "Do not wet your skin" in text


@pytest.mark.slow
def test_weasyprint_prints_it_where_there_is_no_browser(bundled: RuleSet, tmp_path: Path) -> None:
    try:
        import weasyprint  # noqa: F401  # importable, with the system's Pango
    except (ImportError, OSError):
        pytest.skip("WeasyPrint is not installed (pip install 'aftercare-cli[pdf]')")
    data = pdf_from_html(_handout(bundled), None, HINT)
    assert data.startswith(b"%PDF")
    assert "Ana Smith" in _text(data, tmp_path)


def test_without_a_browser_or_weasyprint_it_says_how_to_get_either(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint now raises ImportError
    with pytest.raises(OutputError) as caught:
        pdf_from_html("<p>x</p>", None, HINT)
    assert caught.value.line() == f"no way to make a PDF on this computer; {HINT}"


def _fake_browser(folder: Path, script: str) -> str:
    path = folder / "chromium"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    return str(path)


@pytest.mark.parametrize(
    ("script", "why"),
    [
        ("exit 3", "chromium could not print the handout (exit status 3)"),
        ("exit 0", "chromium printed no PDF"),  # ran, but wrote nothing
        ("sleep 5", "chromium did not answer in 1 s and was stopped, with the processes it started"),
    ],
)
def test_a_browser_that_fails_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, why: str
) -> None:
    monkeypatch.setattr(pdf, "PRINT_SECONDS", 1)
    with pytest.raises(OutputError) as caught:
        pdf_from_html("<p>x</p>", _fake_browser(tmp_path, script), HINT)
    assert caught.value.message == why


@pytest.mark.slow
def test_plan_writes_the_pdf_with_every_reminder_time(run_cli, tmp_path: Path) -> None:
    if BROWSER is None:
        pytest.skip("no Chromium-family browser on this machine")
    target = tmp_path / "handout.pdf"
    at = ("--peel", "jessner", "--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland", "--patient", "Ana Smith")
    code, out, err = run_cli("plan", *at, "--pdf", str(target), "--paper", "letter", "--format", "json")
    assert code == 0
    assert "the handout as a PDF" in " ".join(err.split())
    text = _text(target.read_bytes(), tmp_path)
    assert "Ana Smith" in text
    import json

    for item in json.loads(out)["items"]:
        if item["kind"] == "do":
            assert item["start"][11:16] in text, item["start"]


def test_plan_without_any_pdf_maker_writes_nothing(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser to be found
    monkeypatch.delenv("AFTERCARE_BROWSER", raising=False)
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    target = tmp_path / "handout.pdf"
    code, out, err = run_cli(
        "plan", "--at", "14:30", "--tz", "UTC", "--pdf", str(target), "--ics", str(tmp_path / "p.ics")
    )
    assert (code, out) == (1, "")
    assert err == f"aftercare: error: no way to make a PDF on this computer; {install_hint()}\n"
    assert list(tmp_path.iterdir()) == []  # not the PDF, and not the calendar either


@pytest.mark.parametrize(
    ("locale", "paper"),
    [
        ("en_US.UTF-8", "letter"),
        ("en_CA", "letter"),
        ("de_DE.UTF-8", "a4"),
        ("en_NZ.UTF-8", "a4"),
        ("C", "a4"),
        ("", "a4"),
    ],
)
def test_the_pdf_paper_follows_the_locale(locale: str, paper: str) -> None:
    from aftercare_cli.cli.deliver.paper import paper_for

    assert paper_for(locale) == (paper or "a4")
