"""Core dumps are off and the process is not dumpable after harden_process() (Linux)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CHILD = """
import ctypes, json, resource
from leaddesk.hardening import harden_process
before = resource.getrlimit(resource.RLIMIT_CORE)
result = harden_process()
libc = ctypes.CDLL(None)
print(json.dumps({
    "core_limit": list(resource.getrlimit(resource.RLIMIT_CORE)),
    "dumpable": libc.prctl(3, 0, 0, 0, 0),
    "result": [result.core_dumps_disabled, result.not_dumpable],
}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux hardening")
def test_harden_process_disables_core_dumps_in_a_child() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resource\n"
            "try:\n"
            "    resource.setrlimit(resource.RLIMIT_CORE, resource.getrlimit(resource.RLIMIT_CORE)"
            "[1:] * 2)\n"
            "except (ValueError, OSError):\n"
            "    pass\n" + CHILD,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["core_limit"] == [0, 0]
    assert report["dumpable"] == 0
    assert report["result"] == [True, True]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux hardening")
def test_the_process_is_made_not_dumpable_even_if_native_cannot_load() -> None:
    """native.py builds on _ctypes' internals; should a Python release change them, the
    hardening asks ctypes instead of failing the start-up or skipping the prctl."""
    breaking = "import sys\nsys.modules['leaddesk.native'] = None  # import fails\n"
    done = subprocess.run(
        [sys.executable, "-c", breaking + CHILD],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["dumpable"] == 0
    assert report["result"][1] is True
