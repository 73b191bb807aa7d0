"""Schema migrations: a vault made at the first revision is upgraded at unlock, with its data
intact, and the migrated schema is exactly what the ORM tables describe."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from leaddesk.domain.model import Note, NoteKind, Person, Quadrant, Task, TaskStatus
from leaddesk.storage.migrate import (
    HEAD_REVISION,
    alembic_head,
    current_revision,
    upgrade_to,
)
from leaddesk.storage.opening import PLAINTEXT_HEADER, open_raw_connection
from leaddesk.storage.tables import metadata
from leaddesk.storage.tables import notes as notes_table
from leaddesk.storage.tables import people as people_table
from leaddesk.storage.tables import tasks as tasks_table
from leaddesk.storage.vault import Vault
from tests.conftest import PASSPHRASE

# Virtual FTS5 tables (0002) and their shadow tables are raw SQL, not ORM tables.
FTS_PREFIX = "notes_fts"


def _make_vault_at_first_revision(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = open_raw_connection(path, PASSPHRASE, creating=True)
    vault = Vault(path, raw)
    try:
        upgrade_to(vault.engine, "0001")
        assert current_revision(vault.engine) == "0001"
        # Core statements on a plain connection, naming only columns revision 0001 has:
        # the ORM and the vault's write path (its row tracker) follow the newest schema,
        # which adds task columns (0005: not_before).
        with vault.engine.begin() as conn:
            person_id = conn.execute(
                people_table.insert().values(
                    name="José Álvarez", role="Backend Engineer", relationship="report"
                )
            ).inserted_primary_key[0]
            conn.execute(
                tasks_table.insert().values(
                    title="Review the rollout plan",
                    quadrant=Quadrant.SCHEDULE,
                    status=TaskStatus.OPEN,
                )
            )
            conn.execute(
                notes_table.insert().values(
                    person_id=person_id,
                    kind=NoteKind.ONE_ON_ONE,
                    written_on=date(2026, 11, 2),
                    body="José wants to mentor the interns next quarter.",
                )
            )
        with vault.engine.connect() as conn:
            assert not inspect(conn).has_table("notes_fts")
    finally:
        vault.close()


def test_the_head_constant_matches_alembic() -> None:
    assert alembic_head() == HEAD_REVISION


def test_a_first_revision_vault_is_upgraded_at_unlock_with_data_intact(tmp_path: Path) -> None:
    path = tmp_path / "data" / "leaddesk.vault"
    _make_vault_at_first_revision(path)
    backups = tmp_path / "data" / "backups"

    vault = Vault.open(path, PASSPHRASE, backup_dir=backups)
    try:
        assert current_revision(vault.engine) == HEAD_REVISION
        with vault.session() as s:
            assert [p.name for p in s.query(Person)] == ["José Álvarez"]
            assert [t.title for t in s.query(Task)] == ["Review the rollout plan"]
            note = s.query(Note).one()
        # The new full-text index covers the notes that existed before the upgrade, and
        # "jose"-style searches ignore accents.
        found = vault.raw_connection.execute(
            "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?", ("jose interns",)
        ).fetchall()
        assert [row[0] for row in found] == [note.id]
    finally:
        vault.close()

    # A backup was taken before migrating, and it is encrypted too.
    copies = [p for p in backups.rglob("*") if p.is_file()]
    assert copies
    for copy in copies:
        assert not copy.read_bytes().startswith(PLAINTEXT_HEADER)


def test_the_migrated_schema_matches_the_orm_tables(tmp_path: Path) -> None:
    vault = Vault.create(tmp_path / "leaddesk.vault", PASSPHRASE)
    try:
        with vault.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_name": lambda name, kind, parent: (
                        not (kind == "table" and (name or "").startswith(FTS_PREFIX))
                    ),
                },
            )
            differences = compare_metadata(context, metadata)
            fts_tables = conn.execute(
                text("SELECT name FROM sqlite_master WHERE name LIKE 'notes_fts%'")
            ).fetchall()
    finally:
        vault.close()
    assert differences == []
    assert fts_tables  # the filter above hides something that really exists
