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
                print(f"painted {time.time():.6f}", flush=True)
                QTimer.singleShot(0, app.quit)

    app = QApplication(sys.argv)
    w = Probe()
    w.resize(420, 260)
    w.show()
    app.exec()
    """
)


def bare_window_ms(repeats: int) -> float:
    """Launch of a bare PySide6 window until its first paint (the start-up floor)."""
    samples = []
    for _ in range(repeats):
        started = time.time()
        out = subprocess.run(
            [sys.executable, "-c", BARE_WINDOW],
            capture_output=True,
            text=True,
            env=child_env(),
            check=True,
            timeout=60,
        ).stdout
        painted = float(out.split()[-1])
        samples.append((painted - started) * 1000)
    return statistics.median(samples)


def raw_unlock_ms(vault: Path, passphrase: str, repeats: int) -> float:
    """Raw sqlcipher3: connect, key, first read (the same key derivation as the app)."""
    import sqlcipher3

    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        conn = sqlcipher3.connect(str(vault))
        conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        samples.append((time.perf_counter() - started) * 1000)
        conn.close()
    return statistics.median(samples)


def committed_write_ms(vault: Path, passphrase: str, workdir: Path, repeats: int) -> float:
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
        samples = []
        for i in range(repeats + 1):
            started = time.perf_counter()
            conn.execute("BEGIN")
            conn.execute("UPDATE tasks SET position = ? WHERE id = ?", (float(i), task_id))
            conn.execute("COMMIT")
            samples.append((time.perf_counter() - started) * 1000)
        return statistics.median(samples[1:])
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

    def timed(conn, cold: bool = True) -> float:  # type: ignore[no-untyped-def]
        samples = []
        for _ in range(repeats):
            if cold:
                conn.execute("PRAGMA shrink_memory")
            started = time.perf_counter()
            conn.execute(QUERY).fetchall()
            samples.append((time.perf_counter() - started) * 1000)
        return statistics.median(samples)

    timed(enc)
    timed(plain_conn)
    result = {
        "sqlcipher_ms": timed(enc),
        "sqlite_ms": timed(plain_conn),
        "sqlcipher_warm_ms": timed(enc, cold=False),
        "sqlite_warm_ms": timed(plain_conn, cold=False),
    }
    enc.close()
    plain_conn.close()
    plain.unlink(missing_ok=True)
    return result
