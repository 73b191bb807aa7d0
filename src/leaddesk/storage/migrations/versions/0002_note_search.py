"""full-text search over notes (FTS5 inside the vault)

Revision ID: 0002
Revises: 0001

An external-content FTS5 index over the note text, kept in step by triggers, so search never
leaves the encrypted file. ``unicode61 remove_diacritics 2`` lets "jose" find "José".
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TEXT = "body, situation, behavior, impact, agreed_actions"
_NEW = "new.body, new.situation, new.behavior, new.impact, new.agreed_actions"
_OLD = "old.body, old.situation, old.behavior, old.impact, old.agreed_actions"


def upgrade() -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE notes_fts USING fts5({_TEXT}, content='notes', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        f"CREATE TRIGGER notes_fts_ai AFTER INSERT ON notes BEGIN "
        f"INSERT INTO notes_fts(rowid, {_TEXT}) VALUES (new.id, {_NEW}); END"
    )
    op.execute(
        f"CREATE TRIGGER notes_fts_ad AFTER DELETE ON notes BEGIN "
        f"INSERT INTO notes_fts(notes_fts, rowid, {_TEXT}) VALUES ('delete', old.id, {_OLD}); END"
    )
    op.execute(
        f"CREATE TRIGGER notes_fts_au AFTER UPDATE ON notes BEGIN "
        f"INSERT INTO notes_fts(notes_fts, rowid, {_TEXT}) VALUES ('delete', old.id, {_OLD}); "
        f"INSERT INTO notes_fts(rowid, {_TEXT}) VALUES (new.id, {_NEW}); END"
    )
    op.execute("INSERT INTO notes_fts(notes_fts) VALUES ('rebuild')")


def downgrade() -> None:
    for trigger in ("notes_fts_ai", "notes_fts_ad", "notes_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS notes_fts")
