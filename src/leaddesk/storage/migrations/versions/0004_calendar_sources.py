"""calendar subscriptions (calendar_sources)

Revision ID: 0004
Revises: 0003

One row per read-only calendar the user subscribed to: an .ics file, a folder of .ics files
(a vdir kept in sync by vdirsyncer or khal) or, opted in, an https address. The location is
private (a secret calendar address is a credential), so it lives here, in the encrypted vault,
and nowhere else. ``last_good`` keeps the last copy that was read without error, so an offline
start still shows the meetings ("as of 10:42").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("etag", sa.Text(), nullable=False),
        sa.Column("last_modified", sa.Text(), nullable=False),
        sa.Column("last_good", sa.LargeBinary(), nullable=True),
        sa.Column("fetched_at", sa.String(length=27), nullable=True),
        sa.Column("status", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_sources")),
    )


def downgrade() -> None:
    op.drop_table("calendar_sources")
