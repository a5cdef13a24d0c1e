"""Reading rule files from disk, defensively: no YAML here, only bytes to text.

A rules path may be a file or a folder of `.yaml` files. Whatever it is, the
result is text or a RulesError naming the file: never a hang on a FIFO, never
a 10 MB read, never a UnicodeDecodeError traceback.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from aftercare_cli.errors import RulesError

# Real rule files are a few kilobytes; anything this large is a mistake or an attack.
MAX_BYTES = 512 * 1024
RULE_SUFFIXES = (".yaml", ".yml")
_BOM = "\ufeff"


def bundled_rules_dir() -> Path:
    """The rules shipped with the tool.

    A wheel carries them inside the package as `aftercare_cli/bundled_rules/`
    (pyproject maps the top-level `rules/` there: a name no module has, so the
    data can never be mistaken for the loader `rules.py`); a source checkout or
    an editable install keeps them at the repository's top.
    """
    packaged = Path(__file__).with_name("bundled_rules")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def rule_files(path: Path) -> list[Path]:
    """The files a `--rules` path stands for: itself, or the `.yaml` files in a folder."""
    try:
        if not path.is_dir():
            return [path]
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in RULE_SUFFIXES and not p.name.startswith("."))
    except OSError as error:
        raise RulesError([f"{path}: cannot read this folder ({error.strerror})"]) from None
    if not files:
        raise RulesError([f"{path}: this folder holds no .yaml rule files"])
    return files


def read_rules_text(path: Path) -> str:
    """The file's text, UTF-8 (a BOM is accepted), or a RulesError saying why not."""
    if str(path) == "":
        raise RulesError(["the rules path is empty: give a .yaml file or a folder"])
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer that never comes.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise RulesError([f"{path}: no such file"]) from None
    except OSError as error:
        raise RulesError([f"{path}: cannot open ({error.strerror})"]) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise RulesError([f"{path}: not a regular file; give a .yaml file or a folder of them"])
        if info.st_size > MAX_BYTES:
            raise RulesError([f"{path}: {info.st_size} bytes is too large for a rules file (at most {MAX_BYTES})"])
        try:
            data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise RulesError([f"{path}: cannot read ({error.strerror})"]) from None
    if len(data) > MAX_BYTES:  # grew while we read it
        raise RulesError([f"{path}: too large for a rules file (at most {MAX_BYTES} bytes)"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise RulesError(
            [
                f"{path}:{line}:{column}: not UTF-8 text (byte 0x{data[error.start]:02X}); "
                "save the file as UTF-8 in your editor"
            ]
        ) from None
    text = text.removeprefix(_BOM)  # Windows editors write one
    if not text.strip():
        raise RulesError([f"{path}: the file is empty; see the README for the rules format"])
    return text
