"""The benchmark cannot rot: its quick mode runs end to end and reports every figure.

Only completeness is checked here, never speed (figures belong in the benchmark, not in
timed tests): every figure is a number or says why it is n/a.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

START_UP_FIGURES = (
    "launch to unlock dialog painted",
    "passphrase accepted to main window painted",
    "peak RSS after visiting every area",
)


def test_quick_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    from benchmarks.interactions import TARGETS

    out = tmp_path / "bench.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.run",
            "--quick",
            "--json",
            str(out),
            "--data",
            str(tmp_path / "bench-data"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    header = proc.stdout.splitlines()[0]
    for column in ("figure", "five-year", "fifty-year", "floor", "target", "result"):
        assert column in header
    assert "benchmark took" in proc.stdout

    payload = json.loads(out.read_text())
    assert payload["quick"] is True
    assert payload["machine"]["cores"]
    rows = {row["figure"]: row for row in payload["rows"]}
    for name in (*START_UP_FIGURES, *TARGETS):
        assert name in rows, f"missing figure: {name}"
        row = rows[name]
        assert name in proc.stdout
        keys = ("five_year",) if name.startswith("indexed query") else ("five_year", "fifty_year")
        for key in keys:
            value = row[key]
            has_number = isinstance(value, int | float) and math.isfinite(value) and value >= 0
            assert has_number or "n/a" in row["note"], f"{name}: no {key} and no n/a note"
