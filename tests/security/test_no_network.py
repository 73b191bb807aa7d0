"""LeadDesk opens no network connection: a representative part of the suite passes in a
child where creating any IPv4/IPv6 socket fails (and is recorded). Local (AF_UNIX) sockets,
used by the single-instance check, stay allowed. Where ``unshare -n`` works, the child also
runs in an empty network namespace, so even native code (Qt) has no network to reach."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Representative: the services, the security layer (backups, restore, export, passphrase
# change) and the single-instance check with real Qt local sockets.
SUBSET = [
    "tests/services/test_tasks.py",
    "tests/security/test_no_plaintext.py::test_no_marker_reaches_disk_or_logs",
    "tests/security/test_backups.py::test_restore_keeps_current_vault_aside",
    "tests/security/test_damage_and_passphrase.py::test_export_and_import_move_everything",
    "tests/security/test_single_instance.py",
]

GUARD_SETUP = r"""
import os, socket, sys
_record = os.environ["LEADDESK_NET_RECORD"]
_real = socket.socket
class _GuardedSocket(_real):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        fam = socket.AF_INET if family == -1 else family
        if fileno is None and fam in (socket.AF_INET, socket.AF_INET6):
            with open(_record, "a") as fh:
                fh.write(f"{fam!r}\n")
            raise PermissionError("network sockets are forbidden in this test run")
        super().__init__(family, type, proto, fileno)
socket.socket = _GuardedSocket
"""

GUARD = (
    GUARD_SETUP
    + r"""
import pytest
# -n 0: in this process, under the guard (xdist workers would be new, unguarded processes)
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-n", "0", *sys.argv[1:]]))
"""
)


def _unshare_prefix() -> list[str]:
    tool = shutil.which("unshare")
    if tool is None:
        return []
    probe = subprocess.run([tool, "-n", "true"], capture_output=True, check=False)
    return [tool, "-n"] if probe.returncode == 0 else []


def test_suite_subset_passes_without_network(tmp_path: Path) -> None:
    record = tmp_path / "network-attempts.txt"
    record.write_text("")
    env = dict(os.environ, LEADDESK_NET_RECORD=str(record))
    selected = [s for s in SUBSET if (ROOT / s.split("::")[0]).exists()]
    done = subprocess.run(
        [*_unshare_prefix(), sys.executable, "-c", GUARD, *selected],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "passed" in done.stdout
    assert "bringing up nodes" not in done.stdout  # no xdist workers: all ran guarded
    assert record.read_text() == "", "something tried to open a network socket"


def test_the_guard_really_blocks(tmp_path: Path) -> None:
    """The guard itself must bite (and let AF_UNIX through), or the test above proves nothing."""
    record = tmp_path / "attempts.txt"
    record.write_text("")
    probe = (
        "try:\n"
        "    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
        "except PermissionError:\n"
        "    print('inet blocked')\n"
        "socket.socket(socket.AF_UNIX).close()\n"
        "print('unix allowed')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", GUARD_SETUP + probe],
        env=dict(os.environ, LEADDESK_NET_RECORD=str(record)),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.split("\n")[:2] == ["inet blocked", "unix allowed"], done.stderr
    assert record.read_text().strip() != ""
