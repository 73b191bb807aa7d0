"""a person's e-mail address (people.email), a source's content key (calendar_sources.content_key)

Revision ID: 0006
Revises: 0005

``people.email``: optional; a meeting in a subscribed calendar whose one other attendee has
this address (compared without regard to case) is a one-on-one with that person (issue 17,
item 4; the name stays the fallback). Empty for every existing person.

``calendar_sources.content_key``: a hash of what the last refresh read (the calendar's bytes,
the day its window was taken on, and what matching depends on: the user's own addresses and
the people's names and addresses). A refresh that finds the same key writes nothing. Empty
for every existing source, so the first refresh after the upgrade reads everything.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("email", sa.String(254), nullable=False, server_default=""))
    with op.batch_alter_table("calendar_sources") as batch:
        batch.add_column(sa.Column("content_key", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("calendar_sources") as batch:
        batch.drop_column("content_key")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("email")
