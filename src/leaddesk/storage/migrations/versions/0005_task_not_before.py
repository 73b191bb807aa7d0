"""deferred tasks (tasks.not_before)

Revision ID: 0005
Revises: 0004

A task can be deferred: "not before" a date it stays off the board and out of the week's
planning, then comes back by itself. Nullable: every existing task is not deferred.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("not_before", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("not_before")
