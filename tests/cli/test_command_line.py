"""The command line `aftercare desk` prints: each value quoted so a shell gives it back as it was."""

import shutil
import subprocess

import pytest

from aftercare_cli.cli.command_line import command_line, powershell_quote

VALUES = [
    "Ana Smith",
    "O'Brien",
    'Zoë "Zo" Ng',
    "$HOME `id` $(id) ; & | < > * ? [a] {b} ~ # !",
    "2026-11-26 14:30",
    "ward\u2019s",
    "",
    "-n",
    "plain-value_1.2/3:4=5+6",
    "a,b",
    "@file",
]


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_a_posix_shell_gives_every_value_back_as_it_was() -> None:
    line = command_line(["plan", *VALUES], platform="linux")
    assert line.startswith("aftercare plan 'Ana Smith' 'O'")
    script = line.replace("aftercare", "printf '%s\\n'", 1)
    done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:-1] == ["plan", *VALUES]


def test_powershell_quotes_double_a_quote_and_leave_everything_else_literal() -> None:
    assert powershell_quote("Ana Smith") == "'Ana Smith'"
    assert powershell_quote("O'Brien") == "'O''Brien'"
    assert powershell_quote("ward\u2019s") == "'ward\u2019\u2019s'"  # PowerShell reads the typographic one too
    assert powershell_quote("$HOME `id`") == "'$HOME `id`'"  # single quotes: no variable, no escape
    assert powershell_quote("a,b") == "'a,b'"  # a comma would make an array
    assert powershell_quote("@file") == "'@file'"  # a leading @ would splat
    assert powershell_quote("jessner") == "jessner"
    assert powershell_quote("") == "''"
    line = command_line(["plan", "--patient", "O'Brien", "--at", "2026-11-26 14:30"], platform="win32")
    assert line == "aftercare plan --patient 'O''Brien' --at '2026-11-26 14:30'"
