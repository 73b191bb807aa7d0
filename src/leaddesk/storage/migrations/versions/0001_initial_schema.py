"""initial schema: the whole data model

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("relationship", sa.String(length=24), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("one_on_one_every_days", sa.Integer(), nullable=False),
        sa.Column("one_on_one_minutes", sa.Integer(), nullable=False),
        sa.Column("feedback_preference", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    op.create_table(
        "vault_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_vault_settings")),
    )
    op.create_table(
        "week_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("planned_count", sa.Integer(), nullable=False),
        sa.Column("done_count", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.Column("derailed_notes", sa.Text(), nullable=False),
        sa.Column("deprioritized", sa.JSON(), nullable=False),
        sa.Column("finished_at", sa.String(length=27), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_week_reviews")),
        sa.UniqueConstraint("week_start"),
    )
    op.create_table(
        "growth_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("next_step", sa.Text(), nullable=False),
        sa.Column("target_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_growth_goals_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_growth_goals")),
    )
    with op.batch_alter_table("growth_goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_growth_goals_person_id"), ["person_id"], unique=False)

    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("behavior", sa.Text(), nullable=False),
        sa.Column("impact", sa.Text(), nullable=False),
        sa.Column("agreed_actions", sa.Text(), nullable=False),
        sa.Column("tone", sa.String(length=24), nullable=True),
        sa.Column("created_at", sa.String(length=27), nullable=True),
        sa.Column("updated_at", sa.String(length=27), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_notes_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notes_person_id_written_on"), ["person_id", "written_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notes_kind_written_on"), ["kind", "written_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notes_person_id_kind_written_on"),
            ["person_id", "kind", "written_on"],
            unique=False,
        )

    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("quadrant", sa.String(length=24), nullable=False),
        sa.Column("position", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("estimate_minutes", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("needed_by", sa.Date(), nullable=True),
        sa.Column("requester", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("only_i_can", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=True),
        sa.Column("completed_at", sa.String(length=27), nullable=True),
        sa.Column("let_go_at", sa.String(length=27), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_tasks_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tasks_completed_at"), ["completed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_tasks_status_quadrant_position"),
            ["status", "quadrant", "position"],
            unique=False,
        )

    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=24), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["notes.id"],
            name=op.f("fk_action_items_note_id_notes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_action_items_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_action_items_task_id_tasks"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_items_person_id_done_on"), ["person_id", "done_on"], unique=False
        )

    op.create_table(
        "delegations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=24), nullable=False),
        sa.Column("why_this_person", sa.Text(), nullable=False),
        sa.Column("expected_outcome", sa.Text(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("check_in_every_days", sa.Integer(), nullable=False),
        sa.Column("next_check_in_on", sa.Date(), nullable=True),
        sa.Column("escalate_after_days", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("last_news_on", sa.Date(), nullable=True),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("debrief_worked", sa.Text(), nullable=False),
        sa.Column("debrief_hard", sa.Text(), nullable=False),
        sa.Column("debrief_differently", sa.Text(), nullable=False),
        sa.Column("debrief_support", sa.Text(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_delegations_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_delegations_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegations")),
    )
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_delegations_person_id_status"), ["person_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_delegations_status_next_check_in_on"),
            ["status", "next_check_in_on"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_delegations_task_id"), ["task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_delegations_closed_on"), ["closed_on"], unique=False)

    op.create_table(
        "time_blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("start", sa.String(length=27), nullable=False),
        sa.Column("end", sa.String(length=27), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("protected", sa.Boolean(), nullable=False),
        sa.Column("recurrence", sa.Text(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("outcome_reason", sa.Text(), nullable=False),
        sa.Column("read_only", sa.Boolean(), nullable=False),
        sa.Column("external_uid", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_time_blocks_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["time_blocks.id"],
            name=op.f("fk_time_blocks_series_id_time_blocks"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_time_blocks_task_id_tasks"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_blocks")),
    )
    with op.batch_alter_table("time_blocks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_time_blocks_series_id"), ["series_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_time_blocks_person_id_kind_start"),
            ["person_id", "kind", "start"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_time_blocks_start"), ["start"], unique=False)
        batch_op.create_index(batch_op.f("ix_time_blocks_task_id"), ["task_id"], unique=False)

    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["note_id"], ["notes.id"], name=op.f("fk_topics_note_id_notes"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_topics_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
    )
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_topics_person_id_resolved_on"),
            ["person_id", "resolved_on"],
            unique=False,
        )

    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status_after", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_check_ins_delegation_id_delegations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_ins")),
    )
    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_check_ins_delegation_id_on"), ["delegation_id", "on"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_ins_delegation_id_on"))

    op.drop_table("check_ins")
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topics_person_id_resolved_on"))

    op.drop_table("topics")
    with op.batch_alter_table("time_blocks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_time_blocks_task_id"))
        batch_op.drop_index(batch_op.f("ix_time_blocks_start"))
        batch_op.drop_index(batch_op.f("ix_time_blocks_person_id_kind_start"))
        batch_op.drop_index(batch_op.f("ix_time_blocks_series_id"))

    op.drop_table("time_blocks")
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegations_closed_on"))
        batch_op.drop_index(batch_op.f("ix_delegations_task_id"))
        batch_op.drop_index(batch_op.f("ix_delegations_status_next_check_in_on"))
        batch_op.drop_index(batch_op.f("ix_delegations_person_id_status"))

    op.drop_table("delegations")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_person_id_done_on"))

    op.drop_table("action_items")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasks_status_quadrant_position"))
        batch_op.drop_index(batch_op.f("ix_tasks_person_id"))
        batch_op.drop_index(batch_op.f("ix_tasks_completed_at"))

    op.drop_table("tasks")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notes_person_id_kind_written_on"))
        batch_op.drop_index(batch_op.f("ix_notes_kind_written_on"))
        batch_op.drop_index(batch_op.f("ix_notes_person_id_written_on"))

    op.drop_table("notes")
    with op.batch_alter_table("growth_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_growth_goals_person_id"))

    op.drop_table("growth_goals")
    op.drop_table("week_reviews")
    op.drop_table("vault_settings")
    op.drop_table("people")
