"""The day's first unlock (B-tree walk + daily backup) must not raise the peak memory in
proportion to the vault, and its backup stays a standard SQLCipher 4 file that a plain
``sqlcipher3`` connection opens with the passphrase alone, row for row the vault's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from leaddesk.paths import AppPaths
from leaddesk.services.container import Services
from leaddesk.storage import backups
from leaddesk.storage.opening import open_raw_connection
from leaddesk.storage.vault import Vault
from tests.conftest import PASSPHRASE

FILLER_ROWS = 5000  # ~20 MB of task notes: more than the session's 16 MiB page cache

# Runs in a fresh process (a test process's freed heap would hide a peak): unlocks as the
# app does, prints the peak (VmHWM) the unlock added over the resident size before it.
# The passphrase comes on stdin, never in argv.
_UNLOCK_PEAK = """
import json, sys
from pathlib import Path
from leaddesk.storage import backups, migrate, page_check, verifier  # imported before
from leaddesk.storage.vault import Vault

def status(key):
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    raise LookupError(key)

vault_path, backup_dir = Path(sys.argv[1]), Path(sys.argv[2])
passphrase = sys.stdin.readline().rstrip("\\n")
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")  # VmHWM := VmRSS
before = status("VmRSS:")
vault = Vault.open(vault_path, passphrase, backup_dir=backup_dir, check_pages_later=True)
vault.start_page_check()  # the background check (and on a day's first unlock, the backup)
assert vault.wait_for_background(100)
added = status("VmHWM:") - before
vault.close()
print(json.dumps({"added_mb": added}))
"""


def _clear_refs_works() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def _fill(vault_path: Path, rows: int) -> None:
    """Real rows in a real table: tasks with long notes (random text, so nothing shrinks)."""
    conn = open_raw_connection(vault_path, PASSPHRASE)
    try:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO tasks (title, quadrant, position, notes, requester, only_i_can,"
            " status) VALUES (?, 'q2', ?, ?, '', 0, 'open')",
            ((f"filler {i}", float(i), os.urandom(1000).hex()) for i in range(rows)),
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _unlock_peak_mb(app_paths: AppPaths) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _UNLOCK_PEAK, str(app_paths.vault), str(app_paths.backups)],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return float(json.loads(done.stdout.strip().splitlines()[-1])["added_mb"])


@pytest.mark.skipif(not _clear_refs_works(), reason="needs Linux /proc/self/clear_refs")
def test_first_unlock_of_a_day_peak_does_not_grow_with_the_vault(
    services: Services, app_paths: AppPaths
) -> None:
    services.close()
    _fill(app_paths.vault, FILLER_ROWS)
    vault_mb = app_paths.vault.stat().st_size / 2**20
    assert vault_mb > 16  # larger than the session's page cache

    first = _unlock_peak_mb(app_paths)  # no backup today yet: B-tree walk + backup
    assert len(backups.list_backups(app_paths.backups)) == 1
    later = _unlock_peak_mb(app_paths)  # today's backup exists
    assert len(backups.list_backups(app_paths.backups)) == 1
    # Through the 16 MiB session cache both whole-file passes added about the vault's size
    # each (+33 MB over a later unlock here); with the small cache +2 MB in all.
    assert first - later < vault_mb / 4, (first, later, vault_mb)


def _tables(conn: sqlcipher3.Connection) -> dict[str, list[tuple[object, ...]]]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    return {
        name: sorted(
            (tuple(r) for r in conn.execute(f'SELECT * FROM "{name}"')),
            key=repr,
        )
        for name in names
    }


def _plain(path: Path) -> sqlcipher3.Connection:
    """A plain sqlcipher3 connection: the passphrase alone, no cipher settings."""
    conn = sqlcipher3.connect(str(path))
    conn.execute("PRAGMA key = '" + PASSPHRASE.replace("'", "''") + "'")
    return conn


def test_backup_opens_with_a_plain_connection_row_for_row(
    services: Services, app_paths: AppPaths
) -> None:
    services.tasks.capture("kept row for row")
    services.close()
    _fill(app_paths.vault, 300)
    vault = Vault.open(app_paths.vault, PASSPHRASE, backup_dir=app_paths.backups)
    try:
        manual = backups.take_backup(vault, app_paths.backups, reason="manual")
        assert vault.raw_connection.execute("PRAGMA cache_size").fetchone()[0] == -16384
        expected = _tables(vault.raw_connection)
        schema = vault.raw_connection.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY name"
        ).fetchall()
    finally:
        vault.close()
    daily = [b for b in backups.list_backups(app_paths.backups) if b.reason == "daily"]
    assert len(daily) == 1
    for info in (daily[0], manual):
        assert not info.path.read_bytes()[:16].startswith(b"SQLite format 3")
        conn = _plain(info.path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
            assert (
                conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
                == schema
            )
            assert _tables(conn) == expected
        finally:
            conn.close()
        wrong = sqlcipher3.connect(str(info.path))
        try:
            wrong.execute("PRAGMA key = 'not the passphrase'")
            with pytest.raises(sqlcipher3.DatabaseError):
                wrong.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            wrong.close()


def test_whole_file_passes_give_the_session_its_cache_back(services: Services) -> None:
    vault = services.vault
    conn = vault.raw_connection
    conn.execute("PRAGMA cache_size = -12345")  # whatever the session had
    assert vault.integrity_ok()
    assert vault.integrity_ok(quick=True)
    vault.backup_to(vault.path.parent / "copy.leaddesk-backup")
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == -12345
