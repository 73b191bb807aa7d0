"""Process hardening on start-up: keep decrypted notes out of core dumps.

A crash dump of LeadDesk would hold the vault key and decrypted note text in plaintext on
disk (systemd-coredump keeps them for days). Like KeePassXC and GnuPG, the process refuses
core dumps (RLIMIT_CORE = 0) and marks itself non-dumpable (PR_SET_DUMPABLE = 0), which
also stops other processes of the same user from attaching with ptrace or reading
/proc/<pid>/mem (unless they are root). Both are best effort and never fatal: on other
platforms, or where a call fails, the result says so.
"""

from __future__ import annotations

import logging
import sys
from typing import NamedTuple

log = logging.getLogger(__name__)

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


class HardeningResult(NamedTuple):  # not a dataclass: that import is ~10 M instructions
    core_dumps_disabled: bool
    not_dumpable: bool


def disable_core_dumps() -> bool:
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)


def set_not_dumpable() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    # The C library already loaded into this process (library None): no search with
    # ctypes.util.find_library, whose import alone (subprocess & co.) cost ~11 ms of
    # start-up, and no ``import ctypes`` either (leaddesk/native.py).
    try:
        from .native import c_int, c_ulong, function

        prctl = function(None, "prctl", c_int, [c_int, c_ulong, c_ulong, c_ulong, c_ulong])
    except OSError:
        return False
    except (ImportError, AttributeError, TypeError):
        # native.py builds on _ctypes, which ctypes itself is written over: should a
        # Python release change it, ask ctypes (slower to import, the same call).
        import ctypes

        prctl = ctypes.CDLL(None).prctl
        prctl.restype = ctypes.c_int
        prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
    if prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        return False
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0


def harden_process() -> HardeningResult:
    """Call once, early in start-up (before the vault is unlocked)."""
    result = HardeningResult(disable_core_dumps(), set_not_dumpable())
    log.info(
        "process hardening: core dumps off=%s, not dumpable=%s",
        result.core_dumps_disabled,
        result.not_dumpable,
    )
    return result
