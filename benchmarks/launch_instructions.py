"""Instructions from process start to the first window's map request, under valgrind.

Wall time on a shared 2-core machine moves by tens of percent from run to run; the number of
instructions a program executes before it asks the X server to map its first window does
not (a few tenths of a percent). This script counts them for the three programs of the
launch comparison (issue 18, ``peers.py``): a bare PySide6 window, KeePassXC on a fresh
``.kdbx`` (where installed) and LeadDesk's unlock dialog on a copy of a benchmark vault.

How: ``valgrind --tool=callgrind --dump-before=xcb_map_window`` writes a profile the moment
Qt's xcb plugin calls ``xcb_map_window`` (``QXcbWindow::show``), so the first dump holds
every instruction from the first one of the process up to that call; the process is killed
once that file exists. All three programs are Qt on xcb, so the stop point is the same call.
It needs an X display (``Xvfb :43 -screen 0 1280x720x24 -nolisten tcp &``, then
``DISPLAY=:43``) and valgrind; each run takes 10-30 s.

    python -m benchmarks.launch_instructions [--data-dir DIR] [--only NAME ...] [--repeats N]

Prints millions of instructions per program and LeadDesk's ratios to the two peers; with
``--keep DIR`` the callgrind files stay there for ``callgrind_annotate``. ``--main-thread``
counts only the thread that maps the window (work moved to another thread leaves it: the
path a user waits on when a second core is free); by default all threads are counted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .peers import BARE_XCB_WINDOW, _keepassxc_setup
from .startup import child_env, ensure_bytecode, scratch_copy

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "bench-data" / "five-year-g4-s0005"
STOP_AT = "xcb_map_window"


def count(
    argv: list[str],
    env: dict[str, str],
    keep: Path | None = None,
    name: str = "run",
    main_thread: bool = False,
) -> int:
    """Instructions (Ir) from the start of ``argv`` to its first ``xcb_map_window``: of all
    its threads, or with ``main_thread`` of the thread that maps the window only (the
    critical path when a second core is free)."""
    with tempfile.TemporaryDirectory(prefix="leaddesk-callgrind-") as tmp:
        out = Path(tmp) / "callgrind.out"
        cmd = [
            "valgrind",
            "--tool=callgrind",
            f"--dump-before={STOP_AT}",
            f"--separate-threads={'yes' if main_thread else 'no'}",
            f"--callgrind-out-file={out}",
            *argv,
        ]
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,  # a fixed sys.path[0]: a busy folder's listing varies from run to run
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        # The dump made before the first map (with threads apart: the mapping thread's).
        first = Path(f"{out}.1-01" if main_thread else f"{out}.1")
        try:
            deadline = time.monotonic() + 300
            while not _complete(first):
                if proc.poll() is not None:
                    raise RuntimeError(f"exited {proc.returncode} before mapping a window")
                if time.monotonic() > deadline:
                    raise RuntimeError("no window mapped within 300 s")
                time.sleep(0.2)
        finally:
            proc.kill()
            proc.wait()
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(first, keep / f"callgrind.out.{name}.{proc.pid}")
        return _total(first)


def _complete(path: Path) -> bool:
    """The dump exists and has been written to its end (its ``totals:`` line)."""
    try:
        return "\ntotals:" in path.read_text(errors="replace")[-4096:]
    except OSError:
        return False


def _total(path: Path) -> int:
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith(("totals:", "summary:")):
            return int(line.split()[1])
    raise RuntimeError(f"no totals in {path}")


def programs(data_dir: Path, stack: contextlib.ExitStack) -> dict[str, tuple[list[str], dict]]:
    # Python's string hashes are salted per process: dicts and sets then do a little more or
    # less work from run to run (~1 M). A fixed seed makes the counts repeat.
    env = child_env(platform="xcb", PYTHONHASHSEED=os.environ.get("PYTHONHASHSEED", "0"))
    found: dict[str, tuple[list[str], dict]] = {
        "bare": ([sys.executable, "-c", BARE_XCB_WINDOW], env),
    }
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="leaddesk-peer-")))
    kp = _keepassxc_setup(tmp)
    if isinstance(kp, str):
        print(f"keepassxc: {kp}", file=sys.stderr)
    else:
        found["keepassxc"] = kp
    copy = stack.enter_context(scratch_copy(data_dir))
    found["leaddesk"] = ([sys.executable, "-m", "leaddesk", "--data-dir", str(copy)], env)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--only", nargs="*", choices=("bare", "keepassxc", "leaddesk"))
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the callgrind files in this folder")
    parser.add_argument(
        "--main-thread", action="store_true", help="count the mapping thread's instructions only"
    )
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        print("no DISPLAY: start Xvfb :43 -screen 0 1280x720x24 -nolisten tcp & first")
        return 2
    if shutil.which("valgrind") is None:
        print("valgrind is not installed")
        return 2
    ensure_bytecode()  # as an installed copy (startup.py)
    results: dict[str, list[int]] = {}
    with contextlib.ExitStack() as stack:
        for name, (cmd, env) in programs(args.data_dir, stack).items():
            if args.only and name not in args.only:
                continue
            for _ in range(args.repeats):
                n = count(cmd, env, args.keep, name, args.main_thread)
                results.setdefault(name, []).append(n)
            runs = ", ".join(f"{n / 1e6:.1f}" for n in results[name])
            print(f"{name:10s} {min(results[name]) / 1e6:8.1f} M   ({runs})", flush=True)
    lead = results.get("leaddesk")
    for peer in ("bare", "keepassxc"):
        if lead and results.get(peer):
            print(f"leaddesk / {peer}: {min(lead) / min(results[peer]):.3f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
