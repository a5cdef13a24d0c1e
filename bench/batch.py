"""Throughput benchmark: `aftercare batch` over N rows against N `aftercare plan` processes, side by side.

Not a test: it asserts nothing, it measures. Each round runs the batch once
and then a sample of single `plan` processes writing the same files, in turn,
so machine noise hits both alike; it prints the median plans per second of
each and their ratio, for JSON only and for JSON + calendar + handout.

    .venv/bin/python bench/batch.py                  # 1,000 rows, 20 processes, 3 rounds
    .venv/bin/python bench/batch.py --rows 300 --rounds 5
    .venv/bin/python bench/batch.py --memory         # peak memory of a batch of 1,000 and of 50,000 rows

Goals (issues 22 and 28): the batch at least 50 times the per-process rate for
JSON, at least 10 times with the calendar and the handout; its peak memory the
same for 1,000 rows as for 50,000.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AFTERCARE = str(Path(sys.executable).parent / "aftercare")
ZONE = "Pacific/Auckland"
KINDS = {"json": ["json"], "json+ics+handout": ["json", "ics", "handout"]}


def export(rows: int, folder: Path) -> Path:
    path = folder / "rows.csv"
    lines = ["time,patient,peel"]
    lines += [f"2026-11-26 {8 + i % 12:02d}:{i % 60:02d},Patient {i},jessner" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def batch_rate(csv: Path, outputs: list[str], folder: Path) -> float:
    out = Path(tempfile.mkdtemp(dir=folder))
    command = [AFTERCARE, "batch", str(csv), "--out", str(out), "--tz", ZONE, "--outputs", ",".join(outputs)]
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    elapsed = time.perf_counter() - started
    shutil.rmtree(out)
    rows = len(csv.read_text(encoding="utf-8").splitlines()) - 1
    return rows / elapsed


def process_rate(processes: int, outputs: list[str], folder: Path) -> float:
    out = Path(tempfile.mkdtemp(dir=folder))
    started = time.perf_counter()
    for i in range(processes):
        at = f"2026-11-26 {8 + i % 12:02d}:{i % 60:02d}"
        command = [AFTERCARE, "plan", "--peel", "jessner", "--at", at, "--tz", ZONE, "--patient", f"Patient {i}"]
        command += ["--format", "json"]
        if "ics" in outputs:
            command += ["--ics", str(out / f"{i}.ics")]
        if "handout" in outputs:
            command += ["--handout", str(out / f"{i}.html")]
        with open(out / f"{i}.json", "wb") as stdout:
            subprocess.run(command, stdout=stdout, stderr=subprocess.DEVNULL, check=True)
    elapsed = time.perf_counter() - started
    shutil.rmtree(out)
    return processes / elapsed


_PEAK = """
import resource, sys
from aftercare_cli.cli.run import run
code = run(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code, file=sys.stderr)
"""


def memory(folder: Path) -> None:
    """Each batch in a process of its own (JSON only), its peak resident memory as the kernel counts it."""
    print(f"{'rows':>8} {'peak MiB':>9} {'seconds':>8}")
    for rows in (1_000, 50_000):
        csv = export(rows, folder)
        out = Path(tempfile.mkdtemp(dir=folder))
        command = [sys.executable, "-c", _PEAK, "batch", str(csv), "--out", str(out), "--tz", ZONE, "--outputs", "json"]
        started = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        elapsed = time.perf_counter() - started
        peak_kib, code = done.stderr.split()[-2:]
        shutil.rmtree(out)
        print(f"{rows:>8} {int(peak_kib) / 1024:>9.1f} {elapsed:>8.1f}  exit {code}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="measure peak memory at 1,000 and 50,000 rows instead")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if options.memory:
            memory(folder)
            return
        csv = export(options.rows, folder)
        print(f"{options.rows} rows per batch, {options.processes} plan processes per round, {options.rounds} rounds")
        print(f"{'outputs':<18} {'batch plans/s':>14} {'process plans/s':>16} {'ratio':>7}")
        for kind, outputs in KINDS.items():
            batches, processes, ratios = [], [], []
            for _ in range(options.rounds):
                batches.append(batch_rate(csv, outputs, folder))
                processes.append(process_rate(options.processes, outputs, folder))
                ratios.append(batches[-1] / processes[-1])
            print(
                f"{kind:<18} {statistics.median(batches):>14.1f} {statistics.median(processes):>16.2f} "
                f"{statistics.median(ratios):>7.1f}"
            )


if __name__ == "__main__":
    main()
