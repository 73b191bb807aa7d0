"""vault identity and commit counter (vault_meta)

Revision ID: 0003
Revises: 0002

One row: a random ``vault_id`` that binds the passphrase verifier, the commit-counter sidecar
and the backups to this vault, and ``commits``, raised by one in every write transaction. A
copy of the counter kept outside the vault tells, at unlock, whether saved changes that lived
only in the ``-wal`` were lost (a damaged or deleted ``-wal`` would otherwise go unnoticed).
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vault_meta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vault_id", sa.String(length=64), nullable=False),
        sa.Column("commits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vault_meta")),
    )
    op.execute(
        sa.text("INSERT INTO vault_meta (id, vault_id, commits) VALUES (1, :vid, 0)").bindparams(
            vid=os.urandom(16).hex()
        )
    )


def downgrade() -> None:
    op.drop_table("vault_meta")
