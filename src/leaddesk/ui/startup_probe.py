"""Start-up timing marks for the benchmark; inert unless ``LEADDESK_STARTUP_PROBE`` is set.

The benchmark starts LeadDesk as a child process with ``LEADDESK_STARTUP_PROBE=<file>``;
the app appends ``<event> <unix time> <cpu seconds> <peak RSS KiB>`` lines at the moments
that matter (unlock dialog painted, main window painted with data, every area visited).
The peak RSS is ``VmHWM`` from ``/proc/self/status``: it belongs to this address space and
starts afresh at ``exec``. ``ru_maxrss`` does not: Linux carries the parent's high-water
mark over ``execve``, so a child of a large process (the benchmark right after generating
its vaults) reported the parent's size. With
``LEADDESK_STARTUP_PROBE_UNTIL=<event>`` the app quits right after that event. Only event
names and times are written: never content. The passphrase for an automated unlock is
read from standard input, never from argv or the environment.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from .first_paint import after_first_paint

PROBE_ENV = "LEADDESK_STARTUP_PROBE"
UNTIL_ENV = "LEADDESK_STARTUP_PROBE_UNTIL"
AUTO_UNLOCK_ENV = "LEADDESK_STARTUP_PROBE_AUTO_UNLOCK"  # "1": passphrase from stdin


def active() -> bool:
    return bool(os.environ.get(PROBE_ENV))


def auto_unlock_passphrase() -> str | None:
    if not active() or os.environ.get(AUTO_UNLOCK_ENV) != "1":
        return None
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def mark(event: str) -> None:
    target = os.environ.get(PROBE_ENV)
    if not target:
        return
    wall, cpu = time.time(), time.process_time()
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(f"{event} {wall:.6f} {cpu:.6f} {peak_rss_kib()}\n")
    if os.environ.get(UNTIL_ENV) == event:
        app = QApplication.instance()
        if app is not None:
            QTimer.singleShot(0, app.quit)


def peak_rss_kib() -> int:
    """This process's peak resident set (KiB): ``VmHWM``, or ``ru_maxrss`` where there is
    no ``/proc`` (not reset at exec there, see the module docstring)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def on_first_paint(widget: QWidget, event: str, then: Callable[[], None] | None = None) -> None:
    """Mark ``event`` once ``widget`` has painted for the first time (no-op unless probing)."""
    if not active():
        return

    def fire() -> None:
        mark(event)
        if then is not None:
            then()

    after_first_paint(widget, fire)
