"""Start-up figures: each run is a fresh LeadDesk process, timed from launch."""

from __future__ import annotations

import contextlib
import os
import shutil
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


# How long a person takes to type the passphrase once the dialog shows. The app imports
# SQLAlchemy and the services in the background meanwhile (bootstrap._preload_services), so
# submitting at the first paint would time imports no user ever waits for.
TYPING_SECONDS = 1.0


def _run_app(data_dir: Path, until: str, passphrase: str | None) -> dict[str, tuple[float, int]]:
    with tempfile.TemporaryDirectory(prefix="leaddesk-probe-") as tmp:
        probe = Path(tmp) / "probe.txt"
        env = child_env(
            LEADDESK_STARTUP_PROBE=str(probe),
            LEADDESK_STARTUP_PROBE_UNTIL=until,
            LEADDESK_STARTUP_PROBE_AUTO_UNLOCK="1" if passphrase else "0",
        )
        errors = Path(tmp) / "stderr.txt"
        started = time.time()
        with errors.open("w") as err:
            proc = subprocess.Popen(
                [sys.executable, "-m", "leaddesk", "--data-dir", str(data_dir)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=err,
                text=True,
                env=env,
            )
            try:
                assert proc.stdin is not None
                if passphrase:
                    _wait_for_mark(probe, "unlock-painted", proc)
                    time.sleep(TYPING_SECONDS)
                    proc.stdin.write(passphrase + "\n")
                proc.stdin.close()
                returncode = proc.wait(timeout=120)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        if returncode != 0 or not probe.exists():
            raise RuntimeError(f"app exited {returncode}: {errors.read_text()[-400:]}")
        marks: dict[str, tuple[float, int]] = {"launch": (started, 0)}
        for line in probe.read_text().splitlines():
            name, stamp, rss = line.split()
            marks[name] = (float(stamp), int(rss))
        return marks


def _wait_for_mark(probe: Path, event: str, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if probe.exists() and any(
            line.split()[:1] == [event] for line in probe.read_text().splitlines()
        ):
            return
        time.sleep(0.01)
    raise RuntimeError(f"the app never reached {event!r}")


@contextlib.contextmanager
def scratch_copy(data_dir: Path):  # type: ignore[no-untyped-def]
    """The app writes beside its vault (verifier, daily backup, WAL): it runs on a copy,
    so the cached vault stays exactly as generated."""
    with tempfile.TemporaryDirectory(prefix="leaddesk-bench-data-") as tmp:
        copy = Path(tmp) / "data"
        copy.mkdir()
        for item in data_dir.iterdir():
            if item.is_file() and item.name.endswith((".vault", ".vault-wal", ".vault-shm")):
                shutil.copy2(item, copy / item.name)
        yield copy


def launch_to_unlock_ms(data_dir: Path, repeats: int) -> float:
    samples = []
    with scratch_copy(data_dir) as copy:
        for _ in range(repeats):
            marks = _run_app(copy, "unlock-painted", None)
            samples.append((marks["unlock-painted"][0] - marks["launch"][0]) * 1000)
    return statistics.median(samples)


def unlock_to_main(data_dir: Path, passphrase: str, repeats: int) -> dict[str, float]:
    """Passphrase submitted -> main window painted with data; peak RSS after all areas.

    One unmeasured launch first: the first unlock of a day takes the daily backup and
    writes the passphrase verifier, which is not what every start-up costs."""
    with scratch_copy(data_dir) as copy:
        _run_app(copy, "areas-visited", passphrase)
        return _unlock_samples(copy, passphrase, repeats)


def _unlock_samples(data_dir: Path, passphrase: str, repeats: int) -> dict[str, float]:
    unlock, rss = [], []
    for _ in range(repeats):
        marks = _run_app(data_dir, "areas-visited", passphrase)
        unlock.append((marks["main-painted"][0] - marks["passphrase-submitted"][0]) * 1000)
        rss.append(marks["areas-visited"][1] / 1024)
    return {"unlock_ms": statistics.median(unlock), "peak_rss_mb": statistics.median(rss)}
