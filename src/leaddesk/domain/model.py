"""The data model: people, tasks, time blocks, delegations, notes and weekly reviews.

These are plain dataclasses. The storage layer maps them onto tables imperatively, so the
same objects travel from the vault to the services to the views without translation. Times
are timezone-aware (stored in UTC); calendar dates are ``datetime.date``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

TITLE_MAX_LENGTH = 20_000  # 10,000-character titles must survive intact
NAME_MAX_LENGTH = 200


class Quadrant(enum.StrEnum):
    """Where a task sits on the Eisenhower board; INBOX until triaged."""

    INBOX = "inbox"
    DO = "do"  # urgent and important
    SCHEDULE = "schedule"  # important, not urgent
    DELEGATE = "delegate"  # urgent, not important
    DELETE = "delete"  # neither

    @property
    def label(self) -> str:
        return _QUADRANT_LABELS[self][0]

    @property
    def axes(self) -> str:
        return _QUADRANT_LABELS[self][1]


_QUADRANT_LABELS = {
    Quadrant.INBOX: ("Inbox", "not triaged yet"),
    Quadrant.DO: ("Do", "urgent · important"),
    Quadrant.SCHEDULE: ("Schedule", "important · not urgent"),
    Quadrant.DELEGATE: ("Delegate", "urgent · not important"),
    Quadrant.DELETE: ("Delete", "not urgent · not important"),
}


class TaskStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    LET_GO = "let_go"  # left the board from Delete; restorable until purged


class Relationship(enum.StrEnum):
    REPORT = "report"
    PEER = "peer"
    MANAGER = "manager"
    STAKEHOLDER = "stakeholder"


class BlockKind(enum.StrEnum):
    FOCUS = "focus"
    THINKING = "thinking"
    MEETING = "meeting"
    ONE_ON_ONE = "one_on_one"
    REVIEW = "review"
    ADMIN = "admin"
    BREAK = "break"
    BUFFER = "buffer"

    @property
    def label(self) -> str:
        return _BLOCK_KIND_LABELS[self]


_BLOCK_KIND_LABELS = {
    BlockKind.FOCUS: "Focus / coding",
    BlockKind.THINKING: "Thinking / planning",
    BlockKind.MEETING: "Meeting",
    BlockKind.ONE_ON_ONE: "One-on-one",
    BlockKind.REVIEW: "Review",
    BlockKind.ADMIN: "Admin / batch",
    BlockKind.BREAK: "Break",
    BlockKind.BUFFER: "Buffer",
}


class BlockOutcome(enum.StrEnum):
    PLANNED = "planned"  # no outcome recorded yet
    DONE = "done"
    PARTLY_DONE = "partly_done"
    SKIPPED = "skipped"
    DERAILED = "derailed"


class GuidanceLevel(enum.StrEnum):
    """Situational-leadership level, set per delegated task (not per person)."""

    TELLING = "telling"
    SELLING = "selling"
    PARTICIPATING = "participating"
    DELEGATING = "delegating"


class DelegationStatus(enum.StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in (DelegationStatus.ACTIVE, DelegationStatus.BLOCKED)


class NoteKind(enum.StrEnum):
    ONE_ON_ONE = "one_on_one"
    OBSERVATION = "observation"
    FEEDBACK_GIVEN = "feedback_given"
    FEEDBACK_RECEIVED = "feedback_received"
    PERSONAL = "personal"
    GROWTH = "growth"
    WIN = "win"
    CONCERN = "concern"


class FeedbackTone(enum.StrEnum):
    POSITIVE = "positive"
    CONSTRUCTIVE = "constructive"


class ActionOwner(enum.StrEnum):
    MINE = "mine"
    THEIRS = "theirs"


class GoalStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


@dataclass(eq=False)
class Person:
    name: str
    role: str = ""
    relationship: Relationship = Relationship.REPORT
    started_on: date | None = None
    one_on_one_every_days: int = 14
    one_on_one_minutes: int = 30
    feedback_preference: str = ""  # e.g. "recognition in private"
    archived: bool = False
    created_at: datetime | None = None
    id: int | None = None
    email: str = ""  # optional; lower-case; matched against calendar attendees

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.split() if p]
        if not parts:
            return "?"
        if len(parts) == 1:
            return parts[0][:2].upper()
        return (parts[0][0] + parts[-1][0]).upper()


@dataclass(eq=False)
class Task:
    title: str
    quadrant: Quadrant = Quadrant.INBOX
    position: float = 0.0  # order within the quadrant, ascending
    notes: str = ""  # Markdown
    estimate_minutes: int | None = None
    due_on: date | None = None
    needed_by: date | None = None  # "when do you need an answer?"
    requester: str = ""
    person_id: int | None = None  # related person
    only_i_can: bool = False
    status: TaskStatus = TaskStatus.OPEN
    created_at: datetime | None = None
    completed_at: datetime | None = None
    let_go_at: datetime | None = None
    not_before: date | None = None  # deferred: hidden from the board until this day
    id: int | None = None


@dataclass(eq=False)
class TimeBlock:
    title: str
    kind: BlockKind
    start: datetime
    end: datetime
    task_id: int | None = None
    person_id: int | None = None
    protected: bool = False
    recurrence: str = ""  # RFC 5545 RRULE text of the series this block starts
    series_id: int | None = None  # id of the block that starts the series
    outcome: BlockOutcome = BlockOutcome.PLANNED
    outcome_reason: str = ""
    read_only: bool = False  # imported from another calendar
    external_uid: str = ""  # iCalendar UID of an imported event
    id: int | None = None

    @property
    def minutes(self) -> int:
        """Real elapsed minutes (in UTC, so a DST change is counted right)."""
        return int((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() // 60)


@dataclass(eq=False)
class Delegation:
    task_id: int
    person_id: int
    level: GuidanceLevel = GuidanceLevel.SELLING
    why_this_person: str = ""
    expected_outcome: str = ""  # definition of done
    started_on: date | None = None
    due_on: date | None = None
    check_in_every_days: int = 7
    next_check_in_on: date | None = None
    escalate_after_days: int | None = None  # "tell me if stuck for more than N days"
    status: DelegationStatus = DelegationStatus.ACTIVE
    last_news_on: date | None = None
    snoozed_until: date | None = None
    debrief_worked: str = ""
    debrief_hard: str = ""
    debrief_differently: str = ""
    debrief_support: str = ""
    closed_on: date | None = None
    id: int | None = None


@dataclass(eq=False)
class CheckIn:
    delegation_id: int
    on: date
    note: str = ""
    status_after: DelegationStatus = DelegationStatus.ACTIVE
    id: int | None = None


@dataclass(eq=False)
class Note:
    person_id: int
    kind: NoteKind
    written_on: date
    body: str = ""  # Markdown
    # Feedback given / received: Situation-Behavior-Impact and what was agreed.
    situation: str = ""
    behavior: str = ""
    impact: str = ""
    agreed_actions: str = ""
    tone: FeedbackTone | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class ActionItem:
    person_id: int
    owner: ActionOwner
    text: str
    note_id: int | None = None
    created_on: date | None = None
    done_on: date | None = None
    task_id: int | None = None  # "mine" items can become inbox tasks
    id: int | None = None


@dataclass(eq=False)
class Topic:
    """A topic to revisit at the next one-on-one (closing the loop)."""

    person_id: int
    text: str
    note_id: int | None = None
    created_on: date | None = None
    resolved_on: date | None = None
    id: int | None = None


@dataclass(eq=False)
class GrowthGoal:
    person_id: int
    goal: str
    next_step: str = ""
    target_on: date | None = None
    status: GoalStatus = GoalStatus.NOT_STARTED
    id: int | None = None


@dataclass(eq=False)
class WeekReview:
    """The Friday review of one week (keyed by the week's first day)."""

    week_start: date
    step: int = 0  # where a resumed review continues
    planned_count: int = 0
    done_count: int = 0
    figures: dict[str, float] = field(default_factory=dict)
    lessons: str = ""
    derailed_notes: str = ""
    deprioritized: dict[str, str] = field(default_factory=dict)  # task id -> why
    finished_at: datetime | None = None
    id: int | None = None
