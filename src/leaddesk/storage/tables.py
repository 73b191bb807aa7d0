"""Tables of the vault, and the imperative mapping of the domain dataclasses onto them.

The schema itself is created by the Alembic migrations in ``storage/migrations``; a test
checks that the migrated schema matches this metadata exactly.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import registry

from ..domain import model as m
from .types import StrEnumType, UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
mapper_registry = registry(metadata=metadata)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("role", Text, nullable=False, default=""),
    Column("relationship", StrEnumType(m.Relationship), nullable=False),
    Column("started_on", Date),
    Column("one_on_one_every_days", Integer, nullable=False, default=14),
    Column("one_on_one_minutes", Integer, nullable=False, default=30),
    Column("feedback_preference", Text, nullable=False, default=""),
    Column("archived", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime),
    # 0006: optional; matches ATTENDEE mailto: addresses (one-on-ones from the calendar)
    Column("email", String(254), nullable=False, server_default=""),
)

tasks = Table(
    "tasks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("quadrant", StrEnumType(m.Quadrant), nullable=False),
    Column("position", Float, nullable=False, default=0.0),
    Column("notes", Text, nullable=False, default=""),
    Column("estimate_minutes", Integer),
    Column("due_on", Date),
    Column("needed_by", Date),
    Column("requester", Text, nullable=False, default=""),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="SET NULL")),
    Column("only_i_can", Boolean, nullable=False, default=False),
    Column("status", StrEnumType(m.TaskStatus), nullable=False),
    Column("created_at", UTCDateTime),
    Column("completed_at", UTCDateTime),
    Column("let_go_at", UTCDateTime),
    Column("not_before", Date),  # deferred: off the board and the planning until then
    Index(None, "status", "quadrant", "position"),
    Index(None, "person_id"),
    Index(None, "completed_at"),
)

time_blocks = Table(
    "time_blocks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("kind", StrEnumType(m.BlockKind), nullable=False),
    Column("start", UTCDateTime, nullable=False),
    Column("end", UTCDateTime, nullable=False),
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="SET NULL")),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="SET NULL")),
    Column("protected", Boolean, nullable=False, default=False),
    Column("recurrence", Text, nullable=False, default=""),
    Column("series_id", Integer, ForeignKey("time_blocks.id", ondelete="SET NULL")),
    Column("outcome", StrEnumType(m.BlockOutcome), nullable=False),
    Column("outcome_reason", Text, nullable=False, default=""),
    Column("read_only", Boolean, nullable=False, default=False),
    Column("external_uid", Text, nullable=False, default=""),
    Index(None, "start"),
    Index(None, "task_id"),
    Index(None, "series_id"),
    Index(None, "person_id", "kind", "start"),  # a person's last one-on-one block
)

delegations = Table(
    "delegations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("level", StrEnumType(m.GuidanceLevel), nullable=False),
    Column("why_this_person", Text, nullable=False, default=""),
    Column("expected_outcome", Text, nullable=False, default=""),
    Column("started_on", Date),
    Column("due_on", Date),
    Column("check_in_every_days", Integer, nullable=False, default=7),
    Column("next_check_in_on", Date),
    Column("escalate_after_days", Integer),
    Column("status", StrEnumType(m.DelegationStatus), nullable=False),
    Column("last_news_on", Date),
    Column("snoozed_until", Date),
    Column("debrief_worked", Text, nullable=False, default=""),
    Column("debrief_hard", Text, nullable=False, default=""),
    Column("debrief_differently", Text, nullable=False, default=""),
    Column("debrief_support", Text, nullable=False, default=""),
    Column("closed_on", Date),
    Index(None, "person_id", "status"),
    Index(None, "task_id"),
    Index(None, "status", "next_check_in_on"),
    Index(None, "closed_on"),
)

check_ins = Table(
    "check_ins",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "delegation_id",
        Integer,
        ForeignKey("delegations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("on", Date, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("status_after", StrEnumType(m.DelegationStatus), nullable=False),
    Index(None, "delegation_id", "on"),
)

notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("kind", StrEnumType(m.NoteKind), nullable=False),
    Column("written_on", Date, nullable=False),
    Column("body", Text, nullable=False, default=""),
    Column("situation", Text, nullable=False, default=""),
    Column("behavior", Text, nullable=False, default=""),
    Column("impact", Text, nullable=False, default=""),
    Column("agreed_actions", Text, nullable=False, default=""),
    Column("tone", StrEnumType(m.FeedbackTone)),
    Column("created_at", UTCDateTime),
    Column("updated_at", UTCDateTime),
    Index(None, "person_id", "written_on"),
    Index(None, "kind", "written_on"),
    Index(None, "person_id", "kind", "written_on"),  # last one-on-one, feedback balance
)

action_items = Table(
    "action_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("owner", StrEnumType(m.ActionOwner), nullable=False),
    Column("text", Text, nullable=False),
    Column("note_id", Integer, ForeignKey("notes.id", ondelete="SET NULL")),
    Column("created_on", Date),
    Column("done_on", Date),
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="SET NULL")),
    Index(None, "person_id", "done_on"),
)

topics = Table(
    "topics",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("note_id", Integer, ForeignKey("notes.id", ondelete="SET NULL")),
    Column("created_on", Date),
    Column("resolved_on", Date),
    Index(None, "person_id", "resolved_on"),
)

growth_goals = Table(
    "growth_goals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("goal", Text, nullable=False),
    Column("next_step", Text, nullable=False, default=""),
    Column("target_on", Date),
    Column("status", StrEnumType(m.GoalStatus), nullable=False),
    Index(None, "person_id"),
)

week_reviews = Table(
    "week_reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("week_start", Date, nullable=False, unique=True),
    Column("step", Integer, nullable=False, default=0),
    Column("planned_count", Integer, nullable=False, default=0),
    Column("done_count", Integer, nullable=False, default=0),
    Column("figures", JSON, nullable=False, default=dict),
    Column("lessons", Text, nullable=False, default=""),
    Column("derailed_notes", Text, nullable=False, default=""),
    Column("deprioritized", JSON, nullable=False, default=dict),
    Column("finished_at", UTCDateTime),
)

# Private key/value settings that belong with the data (e.g. the focus-share target).
vault_settings = Table(
    "vault_settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
)

# One row (id 1): the vault's random id and its commit counter (storage/vault.py, 0003).
vault_meta = Table(
    "vault_meta",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vault_id", String(64), nullable=False),
    Column("commits", Integer, nullable=False, default=0),
)

# Read-only calendar subscriptions (services/calendar/sources.py, migration 0004). The
# location (a path or a secret address) is private: it is kept here and nowhere else.
calendar_sources = Table(
    "calendar_sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(8), nullable=False),  # "file", "folder" or "url"
    Column("location", Text, nullable=False),
    Column("label", String(200), nullable=False),
    Column("etag", Text, nullable=False, default=""),
    Column("last_modified", Text, nullable=False, default=""),
    Column("last_good", LargeBinary, nullable=True),
    Column("fetched_at", UTCDateTime),
    Column("status", String(300), nullable=False, default=""),
    # 0006: hash of what the last refresh read; the same key again writes nothing
    Column("content_key", Text, nullable=False, server_default=""),
)

_MAPPINGS = (
    (m.Person, people),
    (m.Task, tasks),
    (m.TimeBlock, time_blocks),
    (m.Delegation, delegations),
    (m.CheckIn, check_ins),
    (m.Note, notes),
    (m.ActionItem, action_items),
    (m.Topic, topics),
    (m.GrowthGoal, growth_goals),
    (m.WeekReview, week_reviews),
)


def map_domain() -> None:
    """Map the domain dataclasses onto the tables (idempotent; no relationships, ids only)."""
    for cls, table in _MAPPINGS:
        if getattr(cls, "__mapper__", None) is None:
            mapper_registry.map_imperatively(cls, table)


map_domain()
