"""The one end-to-end test: a real wheel in a fresh virtual environment, run from elsewhere.

It proves the bundled rules travel inside the wheel (not only in a checkout).
It needs the package registry for the build backend and the dependencies.
"""

import json
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_finds_its_bundled_rules(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(ROOT)],
        check=True,
    )
    (wheel,) = wheels.glob("aftercare_cli-*.whl")
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
    assert doc["treatment"] == "microdermabrasion" and doc["peel"] == "jessner"
    # The rules came from inside the installed package, not from this checkout.
    where = subprocess.run(
        [str(python), "-c", "from aftercare_cli.rulefiles import bundled_rules_dir; print(bundled_rules_dir())"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(env_dir) in where.stdout and str(ROOT) not in where.stdout
