"""Start-up figures: each run is a fresh LeadDesk process, timed from launch."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EVENTS = ("unlock-painted", "passphrase-submitted", "main-painted", "areas-visited")


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Keep the user's real settings and data out of the benchmark.
    scratch = tempfile.mkdtemp(prefix="leaddesk-bench-home-")
    env["XDG_CONFIG_HOME"] = str(Path(scratch) / "config")
    env["XDG_CACHE_HOME"] = str(Path(scratch) / "cache")
    env.update(extra)
    return env


def _run_app(data_dir: Path, until: str, passphrase: str | None) -> dict[str, tuple[float, int]]:
    with tempfile.TemporaryDirectory(prefix="leaddesk-probe-") as tmp:
        probe = Path(tmp) / "probe.txt"
        env = child_env(
            LEADDESK_STARTUP_PROBE=str(probe),
            LEADDESK_STARTUP_PROBE_UNTIL=until,
            LEADDESK_STARTUP_PROBE_AUTO_UNLOCK="1" if passphrase else "0",
        )
        started = time.time()
        proc = subprocess.run(
            [sys.executable, "-m", "leaddesk", "--data-dir", str(data_dir)],
            input=(passphrase + "\n") if passphrase else "",
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        if proc.returncode != 0 or not probe.exists():
            raise RuntimeError(f"app exited {proc.returncode}: {proc.stderr[-400:]}")
        marks: dict[str, tuple[float, int]] = {"launch": (started, 0)}
        for line in probe.read_text().splitlines():
            name, stamp, rss = line.split()
            marks[name] = (float(stamp), int(rss))
        return marks


def launch_to_unlock_ms(data_dir: Path, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        marks = _run_app(data_dir, "unlock-painted", None)
        samples.append((marks["unlock-painted"][0] - marks["launch"][0]) * 1000)
    return statistics.median(samples)


def unlock_to_main(data_dir: Path, passphrase: str, repeats: int) -> dict[str, float]:
    """Passphrase submitted -> main window painted with data; peak RSS after all areas."""
    unlock, rss = [], []
    for _ in range(repeats):
        marks = _run_app(data_dir, "areas-visited", passphrase)
        unlock.append((marks["main-painted"][0] - marks["passphrase-submitted"][0]) * 1000)
        rss.append(marks["areas-visited"][1] / 1024)
    return {"unlock_ms": statistics.median(unlock), "peak_rss_mb": statistics.median(rss)}
