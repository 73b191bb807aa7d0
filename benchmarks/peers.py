"""Peers side by side on a real X server: process start to its first top-level window mapped.

Runs inside the launcher (``launcher.py``), which the benchmark starts under ``xvfb-run``
with ``DISPLAY`` set. Each program is started with ``QT_QPA_PLATFORM=xcb``; this process
listens on the root window for ``MapNotify`` (``SubstructureNotifyMask``: there is no window
manager under Xvfb, so a top-level window is a child of the root) and takes the first
non-override-redirect window whose ``_NET_WM_PID`` is the child's. Nothing polls: the time
is taken when the X server's event arrives. At that moment the child's CPU time
(``/proc/PID/stat``) and resident set (``/proc/PID/status``) are read, then it is killed.

The three programs alternate (bare PySide6 window, KeePassXC on a ``.kdbx`` showing its
unlock screen, LeadDesk's unlock dialog), one warm-up round first, then ``repeats`` rounds;
each figure is the median.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .startup import child_env, ensure_bytecode, scratch_copy

TICKS = os.sysconf("SC_CLK_TCK")

BARE_XCB_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
w = QWidget()
w.setWindowTitle("bare")
w.resize(420, 260)
w.show()
app.exec()
"""

KDBX_PASSWORD = "benchmark-only"  # a throwaway database; nothing private in it


def available() -> str | None:
    """None when the X comparison can run here, else why not (a note for the table)."""
    if not os.environ.get("DISPLAY"):
        return "no X display (xvfb-run missing?)"
    try:
        import Xlib.display  # noqa: F401
    except ImportError:
        return "python-xlib missing (pip install '.[bench]')"
    return None


def _proc_figures(pid: int) -> tuple[float, float, float]:
    """(CPU ms, VmRSS MB, VmHWM MB) of a running process, read from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    cpu_ms = (int(fields[11]) + int(fields[12])) * 1000 / TICKS  # utime + stime
    rss = hwm = 0.0
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    return cpu_ms, rss, hwm


class MapWatcher:
    """One X connection listening for top-level windows being mapped."""

    def __init__(self) -> None:
        from Xlib import X, display

        self.X = X
        self.display = display.Display()
        self.root = self.display.screen().root
        self.root.change_attributes(event_mask=X.SubstructureNotifyMask)
        self.pid_atom = self.display.intern_atom("_NET_WM_PID")
        self.display.sync()

    def drain(self) -> None:
        while self.display.pending_events():
            self.display.next_event()

    def _pid_of(self, window: Any) -> int | None:
        try:
            prop = window.get_full_property(self.pid_atom, self.X.AnyPropertyType)
        except Exception:  # the window may be gone already
            return None
        return int(prop.value[0]) if prop is not None and len(prop.value) else None

    def wait_for_map(self, proc: subprocess.Popen[bytes], timeout: float = 60) -> float:
        """time.time() when ``proc`` mapped its first top-level window."""
        deadline = time.monotonic() + timeout
        fd = self.display.fileno()
        while time.monotonic() < deadline:
            if not self.display.pending_events():
                if proc.poll() is not None:
                    raise RuntimeError(f"exited {proc.returncode} before mapping a window")
                select.select([fd], [], [], 0.5)
                continue
            event = self.display.next_event()
            arrived = time.time()
            if event.type != self.X.MapNotify or event.override:
                continue
            pid = self._pid_of(event.window)
            if pid is None or pid == proc.pid:
                return arrived
        raise RuntimeError("no window mapped within the timeout")


def _spawn(argv: list[str], env: dict[str, str]) -> tuple[float, subprocess.Popen[bytes]]:
    started = time.time()
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    return started, proc


def _one(watcher: MapWatcher, argv: list[str], env: dict[str, str]) -> dict[str, float]:
    watcher.drain()
    started, proc = _spawn(argv, env)
    try:
        mapped = watcher.wait_for_map(proc)
        cpu_ms, rss, hwm = _proc_figures(proc.pid)
    finally:
        proc.kill()
        proc.wait()
    return {"ms": (mapped - started) * 1000, "cpu_ms": cpu_ms, "rss_mb": rss, "hwm_mb": hwm}


def _keepassxc_setup(tmp: Path) -> tuple[list[str], dict[str, str]] | str:
    """The command line and environment for KeePassXC on a fresh .kdbx, or why not."""
    program = shutil.which("keepassxc")
    cli = shutil.which("keepassxc-cli")
    if program is None:
        return "KeePassXC not installed (apt-get install keepassxc)"
    if cli is None:
        return "keepassxc-cli missing: no .kdbx to open"
    kdbx = tmp / "peer.kdbx"
    subprocess.run(
        [cli, "db-create", "-q", "-p", str(kdbx)],
        input=f"{KDBX_PASSWORD}\n{KDBX_PASSWORD}\n",
        text=True,
        capture_output=True,
        check=True,
        timeout=60,
    )
    env = child_env(platform="xcb")
    home = tmp / "home"
    home.mkdir()
    env["HOME"] = str(home)
    runtime = tmp / "runtime"
    runtime.mkdir(mode=0o700)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    return [program, str(kdbx)], env


def side_by_side(leaddesk_data: dict[str, str], repeats: int, warm_up: int = 1) -> dict[str, Any]:
    """Medians per program: ms to the first window mapped, CPU ms, RSS and peak RSS there.

    ``leaddesk_data`` maps a label ("leaddesk-five-year", ...) to a data folder holding a
    vault: LeadDesk opens each to its unlock dialog (on a scratch copy)."""
    why = available()
    if why is not None:
        return {"_skipped": why}
    watcher = MapWatcher()
    ensure_bytecode()  # LeadDesk as installed: its modules compiled (startup.py)
    result: dict[str, Any] = {"_notes": []}
    samples: dict[str, list[dict[str, float]]] = {}
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="leaddesk-peers-")))
        programs: dict[str, tuple[list[str], dict[str, str]]] = {
            "bare": ([sys.executable, "-c", BARE_XCB_WINDOW], child_env(platform="xcb")),
        }
        kp = _keepassxc_setup(tmp)
        if isinstance(kp, str):
            result["_notes"].append(kp)
        else:
            programs["keepassxc"] = kp
        for label, data_dir in leaddesk_data.items():
            copy = stack.enter_context(scratch_copy(Path(data_dir)))
            programs[label] = (
                [sys.executable, "-m", "leaddesk", "--data-dir", str(copy)],
                child_env(platform="xcb"),
            )
        samples = {name: [] for name in programs}
        for round_ in range(warm_up + repeats):  # the warm-up rounds are not kept
            for name, (argv, env) in programs.items():
                try:
                    figures = _one(watcher, argv, env)
                except Exception as exc:
                    result["_notes"].append(f"{name}: {type(exc).__name__}: {exc}"[:200])
                    continue
                if round_ >= warm_up:
                    samples[name].append(figures)
    for name, runs in samples.items():
        if runs:
            medians = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            result[name] = medians | {"runs": len(runs)}
    return result
