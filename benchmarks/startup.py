"""Start-up figures: each run is a fresh LeadDesk process, timed from launch.

These functions run inside the launcher (``launcher.py``): a small process started before
the vaults are generated, so neither the spawn cost nor anything inherited from a large
parent enters the figures. Every figure carries the child's CPU time too: the probe writes
``time.process_time()`` and the peak RSS (``VmHWM``) next to each wall-clock mark.
"""

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


def child_env(platform: str = "offscreen", **extra: str) -> dict[str, str]:
    """The environment of one launch: fresh scratch config and cache folders (the user's
    real ones stay out of the benchmark); the cache folder holds LeadDesk's own cache as
    a user's launch finds it (:func:`primed_cache`), and nothing else."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = platform  # offscreen figures stay offscreen under xvfb-run
    scratch = Path(tempfile.mkdtemp(prefix="leaddesk-bench-home-"))
    env["XDG_CONFIG_HOME"] = str(scratch / "config")
    cache = scratch / "cache"
    shutil.copytree(primed_cache(), cache)
    env["XDG_CACHE_HOME"] = str(cache)
    env.update(extra)
    return env


_primed: str | None = None

# What LeadDesk's first launch after an install leaves in its cache folder: PySide6's
# embedded modules compiled (leaddesk/pyside_code_cache.py).
_PRIME_CACHE = """
from pathlib import Path
from leaddesk.paths import user_cache_dir
from leaddesk.pyside_code_cache import import_pyside
import_pyside(Path(user_cache_dir()))
"""


def primed_cache() -> str:
    """A scratch ``XDG_CACHE_HOME`` as LeadDesk's first launch after an install leaves it,
    made once per benchmark process (it holds LeadDesk's folder only); :func:`child_env`
    copies it as every launch's own fresh cache folder, as a user's cache stays from one
    launch to the next. Without it every timed launch would be that first launch,
    compiling PySide6's embedded modules (~88 M instructions) that later launches load;
    other programs' caches (fontconfig, KeePassXC) start empty at every launch, as before.
    Call it before a timed sample starts: the priming is a PySide6 import in a child
    process."""
    global _primed
    if _primed is None:
        home = tempfile.mkdtemp(prefix="leaddesk-bench-cache-")
        env = dict(os.environ, XDG_CACHE_HOME=home, QT_QPA_PLATFORM="offscreen")
        subprocess.run([sys.executable, "-c", _PRIME_CACHE], env=env, check=True, timeout=120)
        if not any(Path(home).iterdir()):
            raise RuntimeError("priming LeadDesk's cache folder wrote nothing")
        _primed = home
    return _primed


# How long a person takes to type the passphrase once the dialog shows. The app imports
# SQLAlchemy and the services in the background meanwhile (bootstrap._preload_services), so
# submitting at the first paint would time imports no user ever waits for.
TYPING_SECONDS = 1.0


Mark = tuple[float, float, int]  # unix time, process CPU seconds, peak RSS KiB (VmHWM)


def ensure_bytecode() -> str:
    """Compile LeadDesk's modules to ``__pycache__`` before any launch is timed, as an
    installed copy has them (pip compiles a wheel's modules at install time).

    Without this, a checkout run with ``PYTHONDONTWRITEBYTECODE`` set (as on the benchmark
    machine) parses and compiles every LeadDesk module on every launch: ~20 ms of CPU before
    the unlock dialog, paid by no installed LeadDesk and by neither peer (PySide6's own
    modules come with their bytecode). Up-to-date files are skipped; returns the folder."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("leaddesk")
    assert spec is not None and spec.submodule_search_locations is not None
    folder = next(iter(spec.submodule_search_locations))
    compileall.compile_dir(folder, quiet=1, workers=1)
    return str(folder)


def _run_app(data_dir: Path, until: str, passphrase: str | None) -> dict[str, Mark]:
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
        marks: dict[str, Mark] = {"launch": (started, 0.0, 0)}
        for line in probe.read_text().splitlines():
            name, stamp, cpu, rss = line.split()
            marks[name] = (float(stamp), float(cpu), int(rss))
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


def launch_to_unlock(data_dir: str, repeats: int) -> dict[str, float]:
    """Process start -> unlock dialog painted (offscreen): median wall ms and CPU ms (the
    child's CPU from its start, interpreter start-up included)."""
    wall, cpu = [], []
    ensure_bytecode()
    with scratch_copy(Path(data_dir)) as copy:
        for _ in range(repeats):
            marks = _run_app(copy, "unlock-painted", None)
            wall.append((marks["unlock-painted"][0] - marks["launch"][0]) * 1000)
            cpu.append(marks["unlock-painted"][1] * 1000)
    return {"ms": statistics.median(wall), "cpu_ms": statistics.median(cpu)}


def unlock_to_main(data_dirs: list[str], passphrase: str, repeats: int) -> list[dict[str, float]]:
    """Passphrase submitted -> main window painted with data; peak RSS after all areas; one
    dict per vault of ``data_dirs``.

    The vaults' samples are taken in alternation (five, fifty, five, fifty, ...): the
    fifty-year / five-year ratio then compares launches made seconds apart, not two blocks a
    minute apart on a machine whose speed drifts (taken in blocks, the ratio read
    0.99x-1.23x in four runs of the same code).

    One launch per vault first, not among the samples: the first unlock of a day, which once
    the window has painted checks every page, walks the B-trees and takes the daily backup
    in the background. Its passphrase -> window (``first_unlock_ms``,
    ``first_unlock_cpu_ms``) and its peak RSS after all areas (``first_unlock_peak_rss_mb``)
    are reported apart, as references. The copy gets its passphrase verifier before (a
    user's vault has one; the generated one does not, and writing it costs a key
    derivation, ~225 ms). The probe quits after the areas, which may stop the background
    backup before it is done; the day's backup is then taken here, as the app's next unlock
    would, so every sample is a later unlock of the day."""
    ensure_bytecode()
    with contextlib.ExitStack() as stack:
        copies = [stack.enter_context(scratch_copy(Path(d))) for d in data_dirs]
        firsts = [_first_unlock(copy, passphrase) for copy in copies]
        rounds: list[list[dict[str, float]]] = [[] for _ in copies]
        for _ in range(repeats):
            for n, copy in enumerate(copies):
                rounds[n].append(_unlock_samples(copy, passphrase, 1))
        results = []
        for first, samples in zip(firsts, rounds, strict=True):
            figures = {
                key: statistics.median(sample[key] for sample in samples) for key in samples[0]
            }
            results.append(figures | first)
        return results


def _first_unlock(copy: Path, passphrase: str) -> dict[str, float]:
    """The day's first unlock on ``copy`` (see :func:`unlock_to_main`), its reference
    figures; the day's backup is taken if its background backup was stopped."""
    _prepare(copy, passphrase, "verifier")
    first = _run_app(copy, "areas-visited", passphrase)
    if not any(copy.glob("backups/*.leaddesk-backup")):
        _prepare(copy, passphrase, "backup")
    submitted, painted = first["passphrase-submitted"], first["main-painted"]
    return {
        "first_unlock_ms": (painted[0] - submitted[0]) * 1000,
        "first_unlock_cpu_ms": (painted[1] - submitted[1]) * 1000,
        "first_unlock_peak_rss_mb": first["areas-visited"][2] / 1024,
    }


# Run in a child (the launcher stays small; the passphrase on stdin, never in argv).
# "verifier": unlock and close at once, as a user who unlocked before today did (the
# verifier is written; the background check never starts, so no backup is taken).
# "backup": an unlock that checks and takes the day's backup before it returns.
_PREPARE = """
import sys
from pathlib import Path
from leaddesk.paths import AppPaths
from leaddesk.services.unlocking import unlock_vault
data, mode = Path(sys.argv[1]), sys.argv[2]
passphrase = sys.stdin.readline().rstrip("\\n")
later = mode == "verifier"
unlock_vault(AppPaths(data, data / "config"), passphrase, check_pages_later=later).close()
"""


def _prepare(data_dir: Path, passphrase: str, mode: str) -> None:
    subprocess.run(
        [sys.executable, "-c", _PREPARE, str(data_dir), mode],
        input=passphrase + "\n",
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env=child_env(),
    )


def _unlock_samples(data_dir: Path, passphrase: str, repeats: int) -> dict[str, float]:
    unlock, cpu, rss, at_dialog, at_window = [], [], [], [], []
    for _ in range(repeats):
        marks = _run_app(data_dir, "areas-visited", passphrase)
        submitted, painted = marks["passphrase-submitted"], marks["main-painted"]
        unlock.append((painted[0] - submitted[0]) * 1000)
        cpu.append((painted[1] - submitted[1]) * 1000)  # all threads, the preload's too
        rss.append(marks["areas-visited"][2] / 1024)
        at_dialog.append(marks["unlock-painted"][2] / 1024)
        at_window.append(painted[2] / 1024)
    return {
        "unlock_ms": statistics.median(unlock),
        "unlock_cpu_ms": statistics.median(cpu),
        "peak_rss_mb": statistics.median(rss),
        "peak_rss_at_dialog_mb": statistics.median(at_dialog),
        "peak_rss_at_window_mb": statistics.median(at_window),
    }


def own_peak_rss_mb() -> float:
    """This process's VmHWM (the launcher reports how small it is)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")
