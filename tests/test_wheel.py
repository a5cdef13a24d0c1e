"""The one end-to-end test: a real wheel in a fresh virtual environment, run from elsewhere.

It proves the bundled rules travel inside the wheel (not only in a checkout).
It needs the package registry for the build backend and the dependencies.
"""

import json
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def clean_copy(folder: Path) -> Path:
    """The tracked files only: a developer's stale setuptools build/ folder would otherwise leak into the wheel."""
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in listed.splitlines():
        if (ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    return folder


@pytest.mark.slow
def test_wheel_installs_and_finds_its_bundled_rules(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    source = clean_copy(tmp_path / "source")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(source)],
        check=True,
    )
    (wheel,) = wheels.glob("aftercare_cli-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "aftercare_cli/bundled_rules/microdermabrasion.yaml" in names
    assert "aftercare_cli/outputs/handout.html.j2" in names  # the handout's template ships too
    for po in (ROOT / "src" / "aftercare_cli" / "locale").glob("*/LC_MESSAGES/aftercare.po"):
        # The compiled catalogues patients read, not the .po translators edit.
        assert f"aftercare_cli/locale/{po.parent.parent.name}/LC_MESSAGES/aftercare.mo" in names
    assert not any(name.startswith("aftercare_cli/rules/") for name in names)  # data never shadows rules.py
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [
            str(env_dir / "bin" / "aftercare"),
            "plan",
            "--peel",
            "jessner",
            "--format",
            "json",
            "--at",
            "2026-11-26 14:30",
            "--tz",
            "Pacific/Auckland",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["treatment"] == "microdermabrasion"
    assert doc["peel"] == "jessner"
    # The rules came from inside the installed package, not from this checkout.
    where = subprocess.run(
        [str(python), "-c", "from aftercare_cli.ruleset.files import bundled_rules_dir; print(bundled_rules_dir())"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(env_dir) in where.stdout
    assert str(ROOT) not in where.stdout
    # The handout's template is found inside the installed package.
    handout = elsewhere / "handout.html"
    made = subprocess.run(
        [str(env_dir / "bin" / "aftercare"), "plan", "--handout", str(handout), "--format", "json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    assert handout.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # The catalogues are found inside the installed package: a plan in Spanish says the tool's words in Spanish.
    rules = str(ROOT / "examples" / "microdermabrasion-es.yaml")
    spanish = subprocess.run(
        [str(env_dir / "bin" / "aftercare"), "plan", "--rules", rules, "--lang", "es", "--tz", "UTC"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert spanish.returncode == 0, spanish.stderr
    assert spanish.stdout.startswith("Microdermoabrasión")  # the rules' Spanish
    assert "Tratamiento" in spanish.stdout  # and the tool's: "Treated" from the shipped catalogue
