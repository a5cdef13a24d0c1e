"""One colour decision (no-color.org): NO_COLOR with a value turns colour off everywhere; empty, it does not."""

from __future__ import annotations

import io

import pytest

from aftercare_cli.cli.terminal import colour_off, colour_on


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("value", "off"), [(None, False), ("", False), ("1", True), ("0", True)])
def test_no_color_needs_a_value(monkeypatch: pytest.MonkeyPatch, value: str | None, off: bool) -> None:
    if value is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", value)
    assert colour_off() is off
    assert colour_on(_Terminal()) is not off
    assert colour_on(io.StringIO()) is False  # never colour into a file or a pipe


@pytest.mark.parametrize("value", ["", "1"])
def test_the_table_and_the_error_line_agree(run_cli, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich: behave as on a terminal
    monkeypatch.setenv("NO_COLOR", value)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    code, out, _ = run_cli("plan", "--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland")
    assert code == 0
    assert ("\x1b[" in out) is (value == "")
    code, _, err = run_cli("plan", "--peel", "nosuch")
    assert code == 2
    assert ("\x1b[31m" in err) is (value == "")
