"""The small record shapes the demo data is written in (keys instead of ids, days from today)."""

from __future__ import annotations

from typing import NamedTuple

from ...domain.model import BlockKind, DelegationStatus, Relationship


class InDays(NamedTuple):
    """A date given as days from "today" (negative: in the past); the seeder resolves it."""

    days: int


class PersonSpec(NamedTuple):
    key: str  # how the other demo records refer to this person
    name: str
    role: str
    relationship: Relationship
    started_days_ago: int
    every_days: int  # one-on-one cadence
    minutes: int = 30
    preference: str = ""


class CheckInSpec(NamedTuple):
    delegation: str  # a key of the demo delegations
    on: InDays
    note: str
    status_after: DelegationStatus = DelegationStatus.ACTIVE


class BlockSpec(NamedTuple):
    """A block on ``weekday`` (0 = Monday) at local ``at`` ("HH:MM") of this week, or of
    ``week`` weeks away; ``task`` and ``person`` are keys of the demo tasks and people."""

    weekday: int
    at: str
    minutes: int
    kind: BlockKind
    title: str
    task: str | None = None
    person: str | None = None
    protected: bool = False
    week: int = 0
