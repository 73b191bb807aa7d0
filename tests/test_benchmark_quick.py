"""The benchmark cannot rot: its quick mode runs end to end and reports every figure.

Only completeness is checked here, never speed (figures belong in the benchmark, not in
timed tests): every figure is a number or says why it is n/a. One more test checks the
peak-RSS reading itself, which used to report the parent's size.
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
    "first unlock of a day: passphrase to main window painted",
    "peak RSS after visiting every area",
    "peak RSS on the first unlock of a day",
    "LeadDesk unlock dialog mapped (xcb)",
)
FIVE_YEAR_ONLY = (
    "bare PySide6 window mapped (xcb)",
    "KeePassXC 2.7 unlock screen mapped (xcb)",
    "SQL statements: move a card",
    "SQL statements: move a block",
    "SQL statements: save a quick note",
    "SQL statements: check in on a delegation",
    "one-frame budget on this machine (reference)",
    "subscription refresh, after a change (5,000 events)",
    "subscription refresh, first read (5,000 events)",
    "subscription refresh, unchanged (5,000 events)",
    "switch weeks, 40 subscribed meetings",
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
    for column in ("figure", "five-year", "fifty-year", "cpu", "floor", "ratio", "target"):
        assert column in header
    assert "benchmark took" in proc.stdout

    payload = json.loads(out.read_text())
    assert payload["quick"] is True
    machine = payload["machine"]
    assert machine["cores"] and machine["cpu"] and machine["date"]
    assert machine["load_average_before"] is not None
    # The launcher that starts the app is small (the app's own peak is judged, not ours).
    assert 0 < machine["launcher_peak_rss_mb"] < 60
    if machine["busy"]:
        assert "MACHINE BUSY, RERUN" in proc.stdout
        assert all(row["result"] in ("busy", "") for row in payload["rows"])
    rows = {row["figure"]: row for row in payload["rows"]}
    for name in (*START_UP_FIGURES, *TARGETS, *FIVE_YEAR_ONLY):
        assert name in rows, f"missing figure: {name}"
        row = rows[name]
        assert name in proc.stdout
        keys = ("five_year",) if name in FIVE_YEAR_ONLY else ("five_year", "fifty_year")
        for key in keys:
            value = row[key]
            has_number = isinstance(value, int | float) and math.isfinite(value) and value >= 0
            assert has_number or "n/a" in row["note"], f"{name}: no {key} and no n/a note"
    for name in TARGETS:  # every interaction is judged against a floor of its own
        row = rows[name]
        if row["five_year"] is not None:
            assert row["floor"] and row["cpu_five_year"] is not None, name


def test_peak_rss_is_the_apps_own_not_its_parents(tmp_path: Path) -> None:
    """A parent that grew to ~400 MB starts the probe: the child reports its own peak.

    ``ru_maxrss`` carries the parent's high-water mark over ``execve`` on Linux, so the old
    probe reported ~400 MB here; ``VmHWM`` starts afresh with the new program."""
    if not Path("/proc/self/status").exists():
        return  # VmHWM is Linux-only; elsewhere the probe falls back to ru_maxrss
    probe = tmp_path / "probe.txt"
    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page: resident
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LEADDESK_STARTUP_PROBE=str(probe))
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from leaddesk.ui import startup_probe; startup_probe.mark('measured')",
        ],
        env=env,
        check=True,
        timeout=60,
    )
    del ballast
    name, _wall, cpu, peak_kib = probe.read_text().split()
    assert name == "measured"
    assert float(cpu) > 0
    assert 5 < int(peak_kib) / 1024 < 200, f"peak RSS {int(peak_kib) / 1024:.0f} MB"
