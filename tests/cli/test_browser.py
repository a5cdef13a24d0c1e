"""The browser `--pdf` prints with, found where each platform's installers put it, and the hint where none is.

Windows and macOS are pretended here (the platform says win32 or darwin; install folders are fake ones under
tmp_path), so CI on Linux keeps their paths honest: each test fails if its platform's branch is removed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from aftercare_cli.cli.deliver.browser import find_browser, install_hint
from aftercare_cli.errors import UsageError


@pytest.fixture
def bare(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A computer with no browser on PATH and no AFTERCARE_BROWSER; its home is tmp_path/home."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("AFTERCARE_BROWSER", raising=False)
    for name in ("PROGRAMFILES", "PROGRAMW6432", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


def _program(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    return path


@pytest.mark.parametrize(
    ("folder", "program"),
    [
        ("PROGRAMFILES(X86)", "Microsoft/Edge/Application/msedge.exe"),  # where Edge installs, on every Windows 10/11
        ("PROGRAMFILES", "Google/Chrome/Application/chrome.exe"),
        ("LOCALAPPDATA", "Google/Chrome/Application/chrome.exe"),  # Chrome installed for one user
        ("LOCALAPPDATA", "Chromium/Application/chrome.exe"),
    ],
)
def test_windows_finds_chrome_and_edge_where_their_installers_put_them(
    bare: Path, monkeypatch: pytest.MonkeyPatch, folder: str, program: str
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv(folder, str(bare / folder))
    found = _program(bare / folder / program)
    assert find_browser() == str(found)


def test_windows_prefers_chrome_then_edge(bare: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMFILES", str(bare / "pf"))
    monkeypatch.setenv("PROGRAMFILES(X86)", str(bare / "pf86"))
    _program(bare / "pf86" / "Microsoft" / "Edge" / "Application" / "msedge.exe")
    chrome = _program(bare / "pf" / "Google" / "Chrome" / "Application" / "chrome.exe")
    assert find_browser() == str(chrome)


@pytest.mark.parametrize("app", ["Google Chrome", "Microsoft Edge", "Chromium"])
def test_a_mac_finds_the_browser_inside_its_app_in_applications(
    bare: Path, monkeypatch: pytest.MonkeyPatch, app: str
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    found = _program(bare / "home" / "Applications" / f"{app}.app" / "Contents" / "MacOS" / app)
    assert find_browser() == str(found)


def test_linux_looks_on_path_only(bare: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("PROGRAMFILES", str(bare / "pf"))
    _program(bare / "pf" / "Google" / "Chrome" / "Application" / "chrome.exe")  # not where Linux looks
    assert find_browser() is None
    chromium = _program(bare / "bin" / "chromium")
    chromium.chmod(0o755)
    assert find_browser() == str(chromium)


def test_aftercare_browser_names_another_browser(bare: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vivaldi = _program(bare / "opt" / "vivaldi")
    monkeypatch.setenv("AFTERCARE_BROWSER", str(vivaldi))
    _program(bare / "bin" / "chromium").chmod(0o755)  # on PATH, but the desk named another
    assert find_browser() == str(vivaldi)
    monkeypatch.setenv("AFTERCARE_BROWSER", "chromium")  # a name on PATH
    assert find_browser() == str(bare / "bin" / "chromium")


def test_aftercare_browser_may_name_a_mac_app_as_finder_shows_it(bare: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    inside = _program(bare / "Apps" / "Brave Browser.app" / "Contents" / "MacOS" / "Brave Browser")
    monkeypatch.setenv("AFTERCARE_BROWSER", str(bare / "Apps" / "Brave Browser.app"))
    assert find_browser() == str(inside)


@pytest.mark.parametrize(
    ("platform", "example"),
    [
        ("linux", "/usr/bin/chromium"),
        ("darwin", "'/Applications/Google Chrome.app'"),
        ("win32", r"C:\Program Files\Google\Chrome\Application\chrome.exe"),
    ],
)
def test_an_aftercare_browser_that_is_not_there_is_refused_naming_it(
    bare: Path, monkeypatch: pytest.MonkeyPatch, platform: str, example: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    _program(bare / "bin" / "chromium").chmod(0o755)  # there is one, but the desk named another: no guess
    missing = str(bare / "nowhere" / "chrome\x1b[31m.exe")
    monkeypatch.setenv("AFTERCARE_BROWSER", missing)
    with pytest.raises(UsageError) as caught:
        find_browser()
    shown = missing.replace("\x1b", "\\x1b")
    assert caught.value.line() == (
        f"AFTERCARE_BROWSER names '{shown}', which is no program on this computer; "
        f"set it to the browser's full path, e.g. {example}, or unset it to use one installed"
    )


def test_a_windows_path_is_shown_as_the_desk_typed_it(bare: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("AFTERCARE_BROWSER", r"C:\Program Files\Vivaldi\vivaldi.exe")
    with pytest.raises(UsageError) as caught:
        find_browser()
    assert caught.value.message == (
        r"AFTERCARE_BROWSER names 'C:\Program Files\Vivaldi\vivaldi.exe', which is no program on this computer"
    )


def test_the_plan_refuses_a_missing_aftercare_browser_before_writing(run_cli, bare: Path, monkeypatch) -> None:
    monkeypatch.setenv("AFTERCARE_BROWSER", "no-such-browser")
    target = bare / "plan.pdf"
    code, out, err = run_cli("plan", "--at", "14:30", "--tz", "UTC", "--pdf", str(target))
    assert (code, out) == (2, "")
    assert err.startswith("aftercare: error: AFTERCARE_BROWSER names 'no-such-browser', which is no program")
    assert not target.exists()


@pytest.mark.parametrize(
    ("platform", "says", "never"),
    [
        ("win32", "install Google Chrome or Microsoft Edge (Windows 10 and 11 come with Edge)", "apt-get"),
        ("darwin", "install Google Chrome, Microsoft Edge or Chromium into Applications", "apt-get"),
        ("linux", "install Chromium (Debian: apt-get install chromium)", "Applications"),
    ],
)
def test_the_hint_says_what_to_install_on_the_platform_in_use(
    monkeypatch: pytest.MonkeyPatch, platform: str, says: str, never: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    hint = install_hint()
    assert hint.startswith(says)
    assert never not in hint
    assert "AFTERCARE_BROWSER" in hint
