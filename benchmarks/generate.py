"""Deterministic benchmark vaults, written through the real storage layer.

The five-year vault holds about 13,000 tasks, 10,000 time blocks, 5,000 notes, 2,000
delegations and 12 people; the fifty-year vault ten times that. Vaults are cached under
``bench-data/`` (keyed by generator version and schema head) and reused between runs.
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from leaddesk.domain import model as m
from leaddesk.storage import tables as t
from leaddesk.storage.migrate import HEAD_REVISION
from leaddesk.storage.vault import Vault

# 4: the current week is planned too (version 3 stopped one week short, so "switch weeks"
# alternated with an empty week and "move a block" moved the only block of that week);
# 3: schema indexes changed; 2: blocks reach the current week (version 1 left it empty)
GENERATOR_VERSION = 4
PASSPHRASE = "benchmark passphrase"
TZ = ZoneInfo("Europe/Berlin")
# Every run measures against the same "today", so history ends at the same place.
TODAY = date(2026, 11, 18)

WORDS = [
    "roadmap",
    "review",
    "incident",
    "postmortem",
    "hiring",
    "loop",
    "onboarding",
    "migration",
    "latency",
    "budget",
    "oncall",
    "rotation",
    "design",
    "doc",
    "rollout",
    "flaky",
    "tests",
    "refactor",
    "staffing",
    "promotion",
    "feedback",
    "mentoring",
    "pairing",
    "sprint",
    "planning",
    "retro",
    "dependency",
    "upgrade",
    "observability",
    "alerting",
    "database",
    "schema",
    "cache",
    "throughput",
    "customer",
    "escalation",
    "security",
    "audit",
    "compliance",
    "vacation",
    "conference",
    "talk",
    "offsite",
    "architecture",
    "decision",
    "record",
    "prototype",
    "demo",
    "stakeholder",
    "alignment",
    "quarterly",
    "goals",
    "career",
    "growth",
    "burnout",
    "workload",
    "priorities",
    "kubernetes",
    "terraform",
    "release",
    "train",
    "hotfix",
    "deprecation",
    "api",
    "contract",
    "documentation",
]
FIRST = [
    "Alex",
    "Sam",
    "Priya",
    "Jonas",
    "Mei",
    "Tomás",
    "Aisha",
    "Lena",
    "Kwame",
    "Noor",
    "Ingrid",
    "Diego",
]
LAST = [
    "Keller",
    "Okafor",
    "Nguyen",
    "Larsen",
    "Haddad",
    "Rossi",
    "Tanaka",
    "Silva",
    "Novak",
    "Berg",
    "Costa",
    "Müller",
]


@dataclass(frozen=True)
class VaultSize:
    name: str
    years: int
    tasks: int
    open_tasks: int
    blocks: int
    notes: int
    delegations: int
    people: int

    def scaled(self, factor: float, name: str) -> VaultSize:
        return VaultSize(
            name,
            self.years,
            max(50, int(self.tasks * factor)),
            max(20, int(self.open_tasks * factor)),
            max(50, int(self.blocks * factor)),
            max(50, int(self.notes * factor)),
            max(20, int(self.delegations * factor)),
            self.people,
        )


FIVE_YEARS = VaultSize("five-year", 5, 13_000, 2_000, 10_000, 5_000, 2_000, 12)
FIFTY_YEARS = VaultSize("fifty-year", 50, 130_000, 2_000, 100_000, 50_000, 20_000, 12)


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize()


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ).astimezone(UTC)


def generate(path: Path, size: VaultSize, seed: int = 2026) -> dict[str, float]:
    """Create the vault at ``path`` (replacing any old one); returns counts and seconds."""
    clock_start = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    rng = random.Random(seed)
    vault = Vault.create(path, PASSPHRASE)
    days = size.years * 365
    first_day = TODAY - timedelta(days=days)
    quadrants = [m.Quadrant.DO, m.Quadrant.SCHEDULE, m.Quadrant.DELEGATE, m.Quadrant.DELETE]
    with vault.transaction() as s:
        people = [
            {
                "id": i + 1,
                "name": f"{FIRST[i % len(FIRST)]} {LAST[(i * 5) % len(LAST)]}",
                "role": rng.choice(["Backend engineer", "Frontend engineer", "SRE", "QA"]),
                "relationship": m.Relationship.REPORT if i < 8 else m.Relationship.PEER,
                "started_on": first_day + timedelta(days=rng.randint(0, days // 2)),
                "one_on_one_every_days": rng.choice([7, 14, 14, 21]),
                "one_on_one_minutes": 30,
                "feedback_preference": "",
                "archived": False,
                "created_at": _aware(first_day, 9),
            }
            for i in range(size.people)
        ]
        s.execute(insert(t.people), people)

        task_rows = []
        history = size.tasks - size.open_tasks
        for i in range(size.tasks):
            is_open = i >= history
            created = first_day + timedelta(days=int(days * i / size.tasks))
            quadrant = (
                rng.choice([m.Quadrant.INBOX, *quadrants]) if is_open else rng.choice(quadrants)
            )
            status = (
                m.TaskStatus.OPEN
                if is_open
                else rng.choice(
                    [m.TaskStatus.DONE, m.TaskStatus.DONE, m.TaskStatus.DONE, m.TaskStatus.LET_GO]
                )
            )
            finished = _aware(created + timedelta(days=rng.randint(0, 20)), 16)
            task_rows.append(
                {
                    "id": i + 1,
                    "title": _sentence(rng, 3, 9),
                    "quadrant": quadrant,
                    "position": float(i),
                    "notes": _sentence(rng, 0, 30),
                    "estimate_minutes": rng.choice([None, 15, 30, 60, 90, 120, 240]),
                    "due_on": created + timedelta(days=rng.randint(1, 30))
                    if rng.random() < 0.4
                    else None,
                    "needed_by": created + timedelta(days=rng.randint(1, 10))
                    if rng.random() < 0.2
                    else None,
                    "requester": rng.choice(["", "", "", "Product", "Ops", "Sales"]),
                    "person_id": rng.randint(1, size.people) if rng.random() < 0.5 else None,
                    "only_i_can": rng.random() < 0.1,
                    "status": status,
                    "created_at": _aware(created, 9),
                    "completed_at": finished if status is m.TaskStatus.DONE else None,
                    "let_go_at": finished if status is m.TaskStatus.LET_GO else None,
                }
            )
        s.execute(insert(t.tasks), task_rows)

        block_rows = []
        kinds = list(m.BlockKind)
        first_monday = first_day - timedelta(days=first_day.weekday())
        this_monday = TODAY - timedelta(days=TODAY.weekday())
        weeks = (this_monday - first_monday).days // 7 + 1  # up to and including this week
        # Rounded down, so the blocks last until this week: a week switch is measured on a
        # planned week, not on the empty tail a rounded-up share would leave.
        per_week = max(1, size.blocks // weeks)
        block_id = 0
        for w in range(weeks):
            monday = first_monday + timedelta(weeks=w)
            for j in range(per_week):
                if block_id >= size.blocks:
                    break
                block_id += 1
                day = monday + timedelta(days=j % 5)
                hour = 9 + (j * 2) % 8
                kind = kinds[j % len(kinds)]
                past = day < TODAY
                block_rows.append(
                    {
                        "id": block_id,
                        "title": kind.label,
                        "kind": kind,
                        "start": _aware(day, hour),
                        "end": _aware(day, hour, 0) + timedelta(minutes=rng.choice([30, 60, 90])),
                        "task_id": rng.randint(1, size.tasks) if rng.random() < 0.3 else None,
                        "person_id": rng.randint(1, size.people)
                        if kind is m.BlockKind.ONE_ON_ONE
                        else None,
                        "protected": kind is m.BlockKind.FOCUS,
                        "recurrence": "",
                        "series_id": None,
                        "outcome": rng.choice(list(m.BlockOutcome))
                        if past
                        else m.BlockOutcome.PLANNED,
                        "outcome_reason": "",
                        "read_only": False,
                        "external_uid": "",
                    }
                )
        s.execute(insert(t.time_blocks), block_rows)

        note_rows = []
        for i in range(size.notes):
            day = first_day + timedelta(days=int(days * i / size.notes))
            kind = rng.choice(list(m.NoteKind))
            note_rows.append(
                {
                    "id": i + 1,
                    "person_id": (i % size.people) + 1,
                    "kind": kind,
                    "written_on": day,
                    "body": _sentence(rng, 20, 80),
                    "situation": "",
                    "behavior": "",
                    "impact": "",
                    "agreed_actions": "",
                    "tone": rng.choice(list(m.FeedbackTone))
                    if kind is m.NoteKind.FEEDBACK_GIVEN
                    else None,
                    "created_at": _aware(day, 12),
                    "updated_at": _aware(day, 12),
                }
            )
        for chunk in range(0, len(note_rows), 5_000):
            s.execute(insert(t.notes), note_rows[chunk : chunk + 5_000])

        delegation_rows = []
        statuses = list(m.DelegationStatus)
        for i in range(size.delegations):
            started = first_day + timedelta(days=int(days * i / size.delegations))
            recent = i >= size.delegations - 40
            status = rng.choice(statuses[:2]) if recent else rng.choice(statuses[2:])
            delegation_rows.append(
                {
                    "id": i + 1,
                    "task_id": rng.randint(1, size.tasks),
                    "person_id": rng.randint(1, size.people),
                    "level": rng.choice(list(m.GuidanceLevel)),
                    "why_this_person": "",
                    "expected_outcome": _sentence(rng, 4, 10),
                    "started_on": started,
                    "due_on": started + timedelta(days=rng.randint(5, 40)),
                    "check_in_every_days": rng.choice([3, 7, 14]),
                    "next_check_in_on": started + timedelta(days=7),
                    "escalate_after_days": 2,
                    "status": status,
                    "last_news_on": started + timedelta(days=rng.randint(0, 10)),
                    "snoozed_until": None,
                    "debrief_worked": "",
                    "debrief_hard": "",
                    "debrief_differently": "",
                    "debrief_support": "",
                    "closed_on": None if recent else started + timedelta(days=30),
                }
            )
        s.execute(insert(t.delegations), delegation_rows)
    vault.close()
    return {
        "seconds": time.perf_counter() - clock_start,
        "tasks": size.tasks,
        "blocks": min(size.blocks, block_id),
        "notes": size.notes,
        "delegations": size.delegations,
        "people": size.people,
    }


def cached_vault(root: Path, size: VaultSize, *, rebuild: bool = False) -> Path:
    """The vault for ``size`` under ``root``, generated once and reused."""
    folder = root / f"{size.name}-g{GENERATOR_VERSION}-s{HEAD_REVISION}"
    path = folder / "leaddesk.vault"
    if rebuild and folder.exists():
        shutil.rmtree(folder)
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        generate(path, size)
    return path
