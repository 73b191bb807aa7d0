"""Kill a writing child process with SIGKILL at random moments and check what survived.

Shared by the suite (tests/security/test_crash_durability.py) and the stress script
(benchmarks/stress_crash.py). Run as a script, this module is the child:

    python crash_harness.py write   # stdin: "VAULT\tPASSPHRASE"; prints each id after commit
    python crash_harness.py rekey   # stdin: "VAULT\tOLD\tNEW"; prints "rekeyed" when done

The child imports everything first and then waits for its job on stdin, so the next child
can be started while the current trial runs (imports cost ~0.5 s, half a trial). It prints
``ready`` once the vault is open, so the random delay measures time spent writing.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve()
OLD_PASSPHRASE = "old passphrase, crash test"
NEW_PASSPHRASE = "new passphrase, crash test"


# -- the child --------------------------------------------------------------------------
def _child_write() -> None:
    from leaddesk.services.container import Services
    from leaddesk.storage.vault import Vault

    vault_path, passphrase = sys.stdin.readline().rstrip("\n").split("\t")
    services = Services(Vault.open(Path(vault_path), passphrase))
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    n = 0
    while True:
        n += 1
        task = services.tasks.capture(f"crash-{os.getpid()}-{n}")
        out.write(f"{task.id}\n")  # only after the commit returned
        out.flush()


def _child_rekey() -> None:
    from leaddesk.storage.vault import Vault

    vault_path, old, new = sys.stdin.readline().rstrip("\n").split("\t")
    vault = Vault.open(Path(vault_path), old)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    vault.rekey(new)
    sys.stdout.write("rekeyed\n")
    sys.stdout.flush()
    time.sleep(30)  # wait to be killed


def _start_child(mode: str) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    return subprocess.Popen(
        [sys.executable, str(HERE), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )


class ChildPool:
    """Keeps one idle child per mode ready, so its imports overlap the running trial."""

    def __init__(self) -> None:
        self._idle: dict[str, subprocess.Popen[str]] = {}

    def run(self, mode: str, *job: str) -> subprocess.Popen[str]:
        proc = self._idle.pop(mode, None) or _start_child(mode)
        self._idle[mode] = _start_child(mode)
        assert proc.stdin is not None
        proc.stdin.write("\t".join(job) + "\n")
        proc.stdin.flush()
        return proc

    def close(self) -> None:
        for proc in self._idle.values():
            proc.kill()
            proc.wait()
        self._idle.clear()

    def __enter__(self) -> ChildPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_DEFAULT_POOL = ChildPool()


def _wait_ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        proc.wait()
        raise RuntimeError("crash child did not start")


def _kill_after(proc: subprocess.Popen[str], delay: float) -> list[str]:
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    assert proc.stdout is not None
    rest = proc.stdout.read()
    proc.wait()
    return rest.split()


# -- the parent -------------------------------------------------------------------------
@dataclass
class WriteTrialResult:
    reported: int  # commits the child reported before dying
    stored: int  # rows found afterwards (may exceed reported by the one in flight)
    missing: list[int] = field(default_factory=list)
    integrity_ok: bool = True


def write_trial(
    vault_path: Path,
    passphrase: str,
    max_delay: float,
    rng: random.Random,
    pool: ChildPool = _DEFAULT_POOL,
) -> WriteTrialResult:
    """One trial: a child captures tasks until SIGKILL; every reported task must be there."""
    proc = pool.run("write", str(vault_path), passphrase)
    _wait_ready(proc)
    # Start the clock at the first reported commit, so that even on a loaded machine every
    # kill lands while the child is writing rather than while it is still opening.
    assert proc.stdout is not None
    first = proc.stdout.readline().split()
    lines = first + _kill_after(proc, rng.uniform(0.0, max_delay))
    reported = [int(x) for x in lines]
    from sqlalchemy import select

    from leaddesk.domain.model import Task
    from leaddesk.storage.vault import Vault

    vault = Vault.open(vault_path, passphrase)  # raises if damaged
    try:
        ok = vault.integrity_ok()
        with vault.session() as s:
            stored_ids = set(s.scalars(select(Task.id)))
    finally:
        vault.close()
    missing = [i for i in reported if i not in stored_ids]
    return WriteTrialResult(len(reported), len(stored_ids), missing, ok)


@dataclass
class RekeyTrialResult:
    opened_with: str  # "old" or "new"
    other_refused: bool
    rekey_reported: bool
    fingerprint_ok: bool
    integrity_ok: bool


def _fingerprint_of(vault) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    import hashlib

    rows = vault.raw_connection.execute("SELECT id, title FROM tasks ORDER BY id").fetchall()
    digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return len(rows), digest


def fingerprint(vault_path: Path, passphrase: str) -> tuple[int, str]:
    """Row count and a digest of every task title: equal means the data is intact."""
    from leaddesk.storage.vault import Vault

    vault = Vault.open(vault_path, passphrase)
    try:
        return _fingerprint_of(vault)
    finally:
        vault.close()


def rekey_trial(
    vault_path: Path,
    current: str,
    other: str,
    expected: tuple[int, str],
    max_delay: float,
    rng: random.Random,
    pool: ChildPool = _DEFAULT_POOL,
) -> RekeyTrialResult:
    """Change ``current`` to ``other`` in a child killed at a random moment.

    Afterwards exactly one passphrase must open the vault, the other must be refused as a
    wrong passphrase (not reported as damage), and the data must be unchanged.
    """
    from leaddesk.domain.errors import VaultError, WrongPassphraseError
    from leaddesk.storage.vault import Vault

    proc = pool.run("rekey", str(vault_path), current, other)
    _wait_ready(proc)
    lines = _kill_after(proc, rng.uniform(0.0, max_delay))
    reported = "rekeyed" in lines
    opened: list[str] = []
    refused_as_wrong: list[str] = []
    ok = False
    rows: tuple[int, str] | None = None
    for label, phrase in (("old", current), ("new", other)):
        try:
            vault = Vault.open(vault_path, phrase)
        except WrongPassphraseError:
            refused_as_wrong.append(label)
            continue
        except VaultError:
            continue
        try:
            ok = vault.integrity_ok()
            rows = _fingerprint_of(vault)
        finally:
            vault.close()
        opened.append(label)
    label = ",".join(opened) or "none"
    return RekeyTrialResult(
        label,
        other_refused=len(refused_as_wrong) == 1,
        rekey_reported=reported,
        fingerprint_ok=len(opened) == 1 and rows == expected,
        integrity_ok=ok and not (reported and label != "new"),
    )


def seed_vault(vault_path: Path, passphrase: str, tasks: int) -> tuple[int, str]:
    """A vault with ``tasks`` tasks of ~300 characters (tasks=10_000 gives ~4 MB)."""
    from leaddesk.storage.vault import Vault

    vault = Vault.create(vault_path, passphrase)
    try:
        raw = vault.raw_connection
        raw.execute("BEGIN")
        for i in range(tasks):
            raw.execute(
                "INSERT INTO tasks (title, quadrant, position, notes, requester, only_i_can,"
                " status) VALUES (?, 'inbox', ?, ?, '', 0, 'open')",
                (f"seed task {i}", float(i), "x" * 300),
            )
        raw.execute("COMMIT")
    finally:
        vault.close()
    return fingerprint(vault_path, passphrase)


def measure_rekey(vault_path: Path, current: str, other: str) -> float:
    """Seconds one in-process passphrase change takes (used to spread the kill moments)."""
    from leaddesk.storage.vault import Vault

    vault = Vault.open(vault_path, current)
    try:
        start = time.perf_counter()
        vault.rekey(other)
        return time.perf_counter() - start
    finally:
        vault.close()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "write":
        _child_write()
    elif mode == "rekey":
        _child_rekey()
    else:
        raise SystemExit(f"unknown mode {mode}")
