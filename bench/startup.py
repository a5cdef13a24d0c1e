"""Start-up benchmark: the front-desk commands against the imports they cannot avoid.

Runs each command alternately (so machine noise hits all of them alike), then
prints the medians and each command's ratio to its floor. Not a test: it
asserts nothing, it measures.

    .venv/bin/python bench/startup.py            # 30 rounds
    .venv/bin/python bench/startup.py --rounds 60

Floors: the table and JSON paths against
    python -c "import typer, rich.console, rich.table, yaml, zoneinfo"
and the calendar export against the same plus icalendar.
Targets: the one-screen table <= 1.25, the --timeline <= 1.35, JSON <= 1.0,
JSON + --ics <= 1.15, the table + --ics <= 1.1 (both print the plan too).
The --handout path is measured against the floor plus jinja2.
The cost of another language: the Spanish example rules' table with --lang es
(Babel, the catalogue, CLDR's dates) against the same rules' table in English.
The cost of the machine's zone: the table without --tz (and without $TZ, so
tzlocal reads the system's setting) against the table with --tz.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
PLAN = [str(BIN / "aftercare"), "plan", "--peel", "jessner", "--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland"]
SPANISH = str(Path(__file__).parent.parent / "examples" / "microdermabrasion-es.yaml")
FLOOR = "import typer, rich.console, rich.table, yaml, zoneinfo"


def commands(ics_path: Path) -> dict[str, list[str]]:
    found = {
        "floor": [sys.executable, "-c", FLOOR],
        "table": PLAN,
        "timeline": [*PLAN, "--timeline"],
        "json": [*PLAN, "--format", "json"],
        "table, no --tz": [arg for arg in PLAN if arg not in ("--tz", "Pacific/Auckland")],
    }
    if _supports("--handout"):
        found["floor+jinja2"] = [sys.executable, "-c", FLOOR + ", jinja2"]
        found["table+handout"] = [*PLAN, "--handout", str(ics_path.with_suffix(".html")), "--force"]
    if _supports("--ics"):
        found["floor+icalendar"] = [sys.executable, "-c", FLOOR + ", icalendar"]
        found["table+ics"] = [*PLAN, "--ics", str(ics_path), "--force"]
        found["json+ics"] = [*PLAN, "--format", "json", "--ics", str(ics_path), "--force"]
    if _supports("--lang"):
        found["table es rules"] = [*PLAN, "--rules", SPANISH]
        found["table --lang es"] = [*PLAN, "--rules", SPANISH, "--lang", "es"]
    return found


def _supports(option: str) -> bool:
    done = subprocess.run([*PLAN[:2], "--help"], capture_output=True, text=True, check=False)
    return option in done.stdout


RATIOS = {
    "table": "floor",
    "timeline": "floor",
    "json": "floor",
    "table+ics": "floor+icalendar",
    "json+ics": "floor+icalendar",
    "table+handout": "floor+jinja2",
    "table --lang es": "table es rules",
    "table, no --tz": "table",
}
# Without $TZ: the machine's zone is then read from the system's own setting (tzlocal), as at a desk.
ENVIRONMENT = {"table, no --tz": {name: value for name, value in os.environ.items() if name != "TZ"}}
TARGETS = {"table": 1.25, "timeline": 1.35, "json": 1.0, "table+ics": 1.1, "json+ics": 1.15}  # handout: measured only


def compile_package() -> None:
    """Byte-compile the package and the libraries first, as pip does when it installs a wheel.

    An editable install compiles on first import, unless PYTHONDONTWRITEBYTECODE
    is set (it is on some CI machines, and pip then installs the libraries
    without their bytecode too): every start would compile the sources again,
    the floor's libraries included, and the benchmark would measure the compiler.
    """
    code = (
        "import aftercare_cli, compileall, os, sysconfig; "
        "compileall.compile_dir(os.path.dirname(aftercare_cli.__file__), quiet=1); "
        "compileall.compile_dir(sysconfig.get_paths()['purelib'], quiet=1)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    compile_package()
    with tempfile.TemporaryDirectory() as folder:
        runs = commands(Path(folder) / "plan.ics")
        times: dict[str, list[float]] = {name: [] for name in runs}
        for name, command in runs.items():  # warm the file cache once
            subprocess.run(
                command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True, env=ENVIRONMENT.get(name)
            )
        for _ in range(rounds):
            for name, command in runs.items():
                started = time.perf_counter()
                # stdout to a pipe, as when the desk's script captures it
                subprocess.run(
                    command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True, env=ENVIRONMENT.get(name)
                )
                times[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"{rounds} rounds, alternating; medians in ms")
    for name, median in medians.items():
        line = f"  {name:<16} {median:7.1f} ms"  # 16: "table+handout" fits
        if name in RATIOS:
            ratio = median / medians[RATIOS[name]]
            line += f"   ratio to {RATIOS[name]}: {ratio:.2f}"
            line += f" (target <= {TARGETS[name]})" if name in TARGETS else " (no target: measured)"
        print(line)


if __name__ == "__main__":
    main()
