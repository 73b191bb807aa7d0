"""The floors: what the platform itself costs, measured in the same run as LeadDesk."""

from __future__ import annotations

import sqlite3
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from .startup import child_env

BARE_WINDOW = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    class Probe(QWidget):
        def paintEvent(self, event):
            super().paintEvent(event)
            if not getattr(self, "done", False):
                self.done = True
                print(f"painted {time.time():.6f} {time.process_time():.6f}", flush=True)
                QTimer.singleShot(0, app.quit)

    app = QApplication(sys.argv)
    w = Probe()
    w.resize(420, 260)
    w.show()
    app.exec()
    """
)


def bare_window(repeats: int) -> dict[str, float]:
    """Launch of a bare PySide6 window until its first paint (the start-up floor), offscreen:
    median wall ms and the child's CPU ms. Runs in the launcher (see ``startup``)."""
    samples, cpu = [], []
    for _ in range(repeats):
        env = child_env()  # before the clock: it may prime the cache folder (startup.py)
        started = time.time()
        out = subprocess.run(
            [sys.executable, "-c", BARE_WINDOW],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=60,
        ).stdout
        painted, cpu_s = (float(x) for x in out.split()[-2:])
        samples.append((painted - started) * 1000)
        cpu.append(cpu_s * 1000)
    return {"ms": statistics.median(samples), "cpu_ms": statistics.median(cpu)}


def raw_unlock(vault: Path, passphrase: str, repeats: int) -> dict[str, float]:
    """Raw sqlcipher3: connect, key, first read (the same key derivation as the app)."""
    import sqlcipher3

    samples, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        conn = sqlcipher3.connect(str(vault))
        conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        conn.close()
    return {"ms": statistics.median(samples), "cpu_ms": statistics.median(cpu)}


def page_check(vault: Path, passphrase: str, repeats: int) -> dict[str, float]:
    """``PRAGMA cipher_integrity_check`` on a fresh connection: the every-page HMAC scan the
    app runs at each unlock (storage/vault.py), timed alone so its share is visible."""
    import sqlcipher3

    samples, cpu = [], []
    for _ in range(repeats):
        conn = sqlcipher3.connect(str(vault))
        conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        started, cpu_started = time.perf_counter(), time.process_time()
        problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        conn.close()
        if problems:
            raise RuntimeError("the benchmark vault fails its page check")
    return {"ms": statistics.median(samples), "cpu_ms": statistics.median(cpu)}


def committed_write(vault: Path, passphrase: str, workdir: Path, repeats: int) -> dict[str, float]:
    """Raw sqlcipher3 on a copy of the vault, with the app's journal settings (WAL,
    synchronous FULL): one single-row UPDATE committed. The floor of every saved action
    (a card or block move): mostly the fsync that makes the commit durable."""
    import shutil

    import sqlcipher3

    copy = workdir / "write-floor.vault"
    shutil.copy2(vault, copy)
    conn = sqlcipher3.connect(str(copy), isolation_level=None)
    try:
        conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        task_id = conn.execute("SELECT max(id) FROM tasks").fetchone()[0]
        samples, cpu = [], []
        for i in range(repeats + 1):
            started, cpu_started = time.perf_counter(), time.process_time()
            conn.execute("BEGIN")
            conn.execute("UPDATE tasks SET position = ? WHERE id = ?", (float(i), task_id))
            conn.execute("COMMIT")
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        return {"ms": statistics.median(samples[1:]), "cpu_ms": statistics.median(cpu[1:])}
    finally:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)


QUERY = (
    "SELECT id, title, quadrant, position FROM tasks "
    "WHERE status = 'open' AND quadrant = 'do' ORDER BY position"
)


def encryption_overhead(vault: Path, passphrase: str, workdir: Path, repeats: int) -> dict:
    """The same indexed query on the SQLCipher vault and on a plaintext copy: cold (page
    cache dropped before each run, so every page is read and decrypted again) and warm (the
    app's normal case: one long-lived connection whose cache holds decrypted pages)."""
    import sqlcipher3

    plain = workdir / "plain-copy.sqlite"
    plain.unlink(missing_ok=True)
    enc = sqlcipher3.connect(str(vault))
    enc.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
    enc.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
    enc.execute("SELECT sqlcipher_export('plain')")
    enc.execute("DETACH DATABASE plain")
    plain_conn = sqlite3.connect(str(plain))

    def timed(conn, cold: bool = True) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        samples, cpu = [], []
        for _ in range(repeats):
            if cold:
                conn.execute("PRAGMA shrink_memory")
            started, cpu_started = time.perf_counter(), time.process_time()
            conn.execute(QUERY).fetchall()
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        return statistics.median(samples), statistics.median(cpu)

    timed(enc)
    timed(plain_conn)
    result: dict[str, float] = {}
    for key, conn, cold in (
        ("sqlcipher_ms", enc, True),
        ("sqlite_ms", plain_conn, True),
        ("sqlcipher_warm_ms", enc, False),
        ("sqlite_warm_ms", plain_conn, False),
    ):
        result[key], result[key + "_cpu"] = timed(conn, cold)
    enc.close()
    plain_conn.close()
    plain.unlink(missing_ok=True)
    return result
