"""The vault file: created encrypted, unlocked with the passphrase alone, never touched by a
wrong passphrase, refused when it is plaintext, and silent about private values in errors."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from leaddesk.domain.errors import (
    CipherUnavailableError,
    PlaintextVaultError,
    VaultDamagedError,
    VaultError,
    VaultExistsError,
    VaultNotFoundError,
    WrongPassphraseError,
)
from leaddesk.domain.model import Task
from leaddesk.storage.opening import PLAINTEXT_HEADER, cipher_version
from leaddesk.storage.vault import Vault
from tests.conftest import PASSPHRASE

SECRET_TITLE = "Talk to Robin about the burnout signs"


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    """A closed vault holding one task."""
    path = tmp_path / "data" / "leaddesk.vault"
    vault = Vault.create(path, PASSPHRASE)
    with vault.transaction() as s:
        s.add(Task(title=SECRET_TITLE))
    vault.close()
    return path


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def test_a_created_vault_unlocks_with_the_same_passphrase_and_keeps_data(vault_path) -> None:
    vault = Vault.open(vault_path, PASSPHRASE)
    try:
        with vault.session() as s:
            assert [t.title for t in s.query(Task)] == [SECRET_TITLE]
    finally:
        vault.close()


def test_the_file_is_encrypted_not_a_plain_sqlite_database(vault_path) -> None:
    data = vault_path.read_bytes()
    assert not data.startswith(PLAINTEXT_HEADER)
    assert SECRET_TITLE.encode() not in data
    with pytest.raises(sqlite3.DatabaseError):  # the stdlib driver cannot read it
        conn = sqlite3.connect(vault_path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()


def test_wrong_passphrase_is_refused_and_changes_no_byte(vault_path) -> None:
    """No lockout, no delay by design; how long a refusal takes is the benchmark's business."""
    directory = vault_path.parent
    before = _files(directory)
    assert not any(name.endswith(("-wal", "-shm")) for name in before)
    for attempt in range(3):
        with pytest.raises(WrongPassphraseError) as caught:
            Vault.open(vault_path, f"not the passphrase {attempt}", backup_dir=directory / "b")
        assert "not the passphrase" not in str(caught.value)
        assert _files(directory) == before  # same names, same bytes, no -wal/-shm
        assert not (directory / "b").exists()
    # Three wrong tries lock nothing: the right passphrase still works.
    Vault.open(vault_path, PASSPHRASE).close()


def test_the_vault_opens_in_plain_sqlcipher_with_only_the_key(vault_path) -> None:
    """A standard SQLCipher 4 file: no key file, no custom wrapping, default settings."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(vault_path))
    try:
        conn.execute("PRAGMA key = '" + PASSPHRASE.replace("'", "''") + "'")
        titles = [row[0] for row in conn.execute("SELECT title FROM tasks")]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert titles == [SECRET_TITLE]
    assert {"people", "tasks", "notes", "delegations", "time_blocks"} <= tables


def test_a_plaintext_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "leaddesk.vault"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE tasks (title TEXT)")
    conn.execute("INSERT INTO tasks VALUES ('plain')")
    conn.commit()
    conn.close()
    before = _files(tmp_path)
    with pytest.raises(PlaintextVaultError):
        Vault.open(path, PASSPHRASE)
    assert _files(tmp_path) == before


def test_an_empty_file_is_reported_as_damaged_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "leaddesk.vault"
    path.write_bytes(b"")
    with pytest.raises(VaultDamagedError):
        Vault.open(path, PASSPHRASE)
    assert path.read_bytes() == b""


def test_missing_vault_and_existing_vault_are_clear_errors(vault_path, tmp_path) -> None:
    with pytest.raises(VaultNotFoundError):
        Vault.open(tmp_path / "nowhere.vault", PASSPHRASE)
    before = vault_path.read_bytes()
    with pytest.raises(VaultExistsError):
        Vault.create(vault_path, "another passphrase")
    assert vault_path.read_bytes() == before


def test_sqlcipher_is_really_there() -> None:
    assert cipher_version().startswith("4.")


def test_without_the_sqlcipher_driver_nothing_is_stored(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # import now fails
    with pytest.raises(CipherUnavailableError):
        Vault.create(tmp_path / "leaddesk.vault", PASSPHRASE)
    assert not (tmp_path / "leaddesk.vault").exists()


def test_failing_statements_do_not_quote_bound_values(vault_path) -> None:
    """hide_parameters: a driver error must not carry private text into logs or dialogs."""
    secret = "Robin mentioned a divorce"
    vault = Vault.open(vault_path, PASSPHRASE)
    try:
        with pytest.raises(DBAPIError) as caught, vault.engine.begin() as conn:
            # relationship is NOT NULL: the insert fails inside the driver.
            conn.execute(text("INSERT INTO people (name) VALUES (:name)"), {"name": secret})
        assert secret not in str(caught.value)
        assert secret not in repr(caught.value)

        with pytest.raises(VaultError) as translated, vault.transaction() as s:
            s.execute(text("INSERT INTO people (name) VALUES (:name)"), {"name": secret})
        assert secret not in str(translated.value)
        assert translated.value.__cause__ is None
    finally:
        vault.close()
