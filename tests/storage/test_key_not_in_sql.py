"""The passphrase never travels as SQL text on the vault's connections.

The driver caches every statement it runs, with its SQL text, for the connection's life,
and never evicts one once used (``opening.CACHED_STATEMENTS``): a ``PRAGMA key = '...'``
run through ``execute`` kept the passphrase in the long-lived connection's memory for the
whole session, although the app drops it everywhere else once connected. The key and a
passphrase change now go through SQLCipher's C calls (``set_key`` / ``reset_key``).

Each real connection the storage layer makes is watched with SQLite's trace callback,
which reports every statement it runs."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from leaddesk.domain.model import Task
from leaddesk.storage.opening import set_key
from leaddesk.storage.vault import Vault

OLD = "horse-battery-Quokka-19"
NEW = "päss'word-with-a-quote-27"


@pytest.fixture
def traced(monkeypatch) -> list[str]:
    """Every statement run on every connection the driver makes during the test."""
    statements: list[str] = []
    real_connect = sqlcipher3.connect

    def connect(*args, **kwargs):  # type: ignore[no-untyped-def]
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlcipher3, "connect", connect)
    return statements


def test_create_open_and_rekey_run_no_statement_holding_a_passphrase(tmp_path: Path, traced):
    path = tmp_path / "leaddesk.vault"
    vault = Vault.create(path, OLD)
    with vault.transaction() as s:
        s.add(Task(title="Plan the offsite"))
    vault.close()
    vault = Vault.open(path, OLD)  # -wal and -shm beside it: the read-only proof first
    vault.rekey(NEW, old_passphrase=OLD)
    vault.close()
    vault = Vault.open(path, NEW)
    with vault.session() as s:
        assert [t.title for t in s.query(Task)] == ["Plan the offsite"]
    vault.close()

    assert any("cipher_compatibility" in sql for sql in traced)  # the trace saw the opens
    for secret in (OLD, NEW, NEW.replace("'", "''")):
        assert not [sql for sql in traced if secret in sql]


def test_set_key_opens_what_pragma_key_wrote_and_the_reverse(tmp_path: Path) -> None:
    """The C call and the pragma derive the same key, quotes and non-ASCII included."""
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    conn = sqlcipher3.connect(str(first))
    conn.execute("PRAGMA key = '" + NEW.replace("'", "''") + "'")
    conn.execute("CREATE TABLE t (a)")
    conn.close()
    conn = sqlcipher3.connect(str(second))
    set_key(conn, NEW)
    conn.execute("CREATE TABLE t (a)")
    conn.close()

    conn = sqlcipher3.connect(str(first))
    set_key(conn, NEW)
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (1,)
    conn.close()
    conn = sqlcipher3.connect(str(second))
    conn.execute("PRAGMA key = '" + NEW.replace("'", "''") + "'")
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (1,)
    conn.close()


@pytest.mark.parametrize("bad", ["", "a\x00b"])
def test_set_key_refuses_what_the_pragma_refused(tmp_path: Path, bad: str) -> None:
    from leaddesk.domain.errors import VaultError

    conn = sqlcipher3.connect(str(tmp_path / "c.db"))
    with pytest.raises(VaultError):
        set_key(conn, bad)
    conn.close()
