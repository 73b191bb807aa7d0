"""The launcher: a small process that starts every child the start-up figures time.

``run.py`` starts it first, before the vaults are generated or anything heavy is imported,
and (where ``xvfb-run`` exists) under ``xvfb-run`` so the peer comparison has an X server.
Two reasons to spawn from a small process rather than from the benchmark itself:

- a process forked from a large parent pays for copying the parent's page tables, which
  would enter every launch figure;
- on Linux ``ru_maxrss`` survives ``execve``: a child of the benchmark reported the
  benchmark's own size (393 MB) as its peak. The app now reads ``VmHWM`` (reset at exec),
  and the launcher's own peak (about 20 MB) is printed with the table.

Protocol: one JSON request per line on stdin (``{"module", "function", "args"}``, only
``benchmarks.*`` functions), one answer per line on stdout prefixed with ``@@``, since
programs under ``xvfb-run`` may write to the same stream.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

PREFIX = "@@"
ROOT = Path(__file__).resolve().parent.parent


def serve() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        module_name = request["module"]
        if not module_name.startswith("benchmarks."):
            answer: dict[str, Any] = {"error": "only benchmark functions"}
        else:
            try:
                fn = getattr(importlib.import_module(module_name), request["function"])
                answer = {"ok": fn(*request.get("args", []))}
            except Exception as exc:  # reported back, the caller turns it into a note
                answer = {"error": " ".join(f"{type(exc).__name__}: {exc}".split())[:400]}
        sys.stdout.write(PREFIX + json.dumps(answer) + "\n")
        sys.stdout.flush()


class Launcher:
    """The benchmark's handle on the launcher process."""

    def __init__(self, *, x_server: bool = True) -> None:
        argv = [sys.executable, "-m", "benchmarks.launcher"]
        self.x_note: str | None = None
        xvfb = shutil.which("xvfb-run") if x_server else None
        if x_server and xvfb is None:
            self.x_note = "xvfb-run not installed (apt-get install xvfb)"
        if xvfb is not None:
            argv = [xvfb, "-a", "-s", "-screen 0 1600x1000x24 -nolisten tcp", *argv]
        env = dict(os.environ)
        if xvfb is not None:
            env.pop("DISPLAY", None)  # xvfb-run sets its own
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )

    def call(self, module: str, function: str, *args: Any) -> Any:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(
            json.dumps({"module": module, "function": function, "args": list(args)}) + "\n"
        )
        self.proc.stdin.flush()
        for line in self.proc.stdout:
            if line.startswith(PREFIX):
                answer = json.loads(line[len(PREFIX) :])
                if "error" in answer:
                    raise RuntimeError(answer["error"])
                return answer["ok"]
        raise RuntimeError(f"the launcher ended ({self.proc.poll()})")

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


if __name__ == "__main__":
    serve()
