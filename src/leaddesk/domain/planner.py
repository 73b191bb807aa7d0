"""The week proposal: "does it fit? If not, remove or delegate", made concrete.

A pure function: open Do and Schedule tasks (and the one-on-ones due) go in, with the
week's existing blocks and the planning rules; out comes a :class:`Proposal` of placements
(ghost blocks the user accepts or drops) and a list of what does not fit, each with a
plain-words reason. Nothing here reads a clock, a vault or a setting: everything is passed
in, so the same input always gives the same proposal.

The rules, in the order they apply:

* **Where time is.** Working hours on working days, minus lunch and the other daily
  breaks, minus every existing timed block (protected focus, imported meetings, the
  stand-up: all of them are busy; all-day events are not), minus anything before
  ``not_before`` (now). Starts and ends sit on the 15-minute grid.
* **Buffer.** ``buffer_percent`` of the free time stays free for interruptions: the
  proposal books at most the rest, and says so for what does not fit because of it.
* **Order.** One-on-ones first (commitments to people), then tasks due in or before the
  week (earliest due first), then Do, then Schedule; board order within each. A task's
  due date is the earlier of its due date and its needed-by date.
* **Deadlines.** A task due in the week is never placed after its due day; when no slot
  before then is left, it is listed as not fitting ("delegate or renegotiate"). A task
  already overdue goes in the earliest free slot.
* **Earliest slot.** Every task takes the earliest free slot that fits it, except that
  work of a batching kind (reviews, admin, meetings) first tries the slot right after or
  before a block of the same kind on the same day, so similar work sits together. Tasks
  with a deadline are never batched: they always take the earliest slot.
* **Estimates.** A task without an estimate is planned as ``default_minutes`` and listed
  in ``Proposal.defaulted``. A task longer than ``max_block_minutes`` that finds no single
  stretch is split into parts of at most that length (all parts or none).
* **Rest.** After a proposed block of ``rest_after_minutes`` or more, ``rest_minutes``
  stay free (a short break between long stretches).
* **Focus target.** When the focus time of the week (existing focus blocks plus proposed
  deep work) is below ``focus_target_percent`` of the working time, protected "Focus
  time" blocks are proposed in the free mornings, within the buffer rule.

The free time of the week (working hours, breaks, busy blocks on the 15-minute grid) is
``domain.free_time``; the rules above, applied in order, are here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from .capacity import WORKDAYS, Interval, format_minutes
from .free_time import (
    STEP,
    FreeDay,
    FreeTimeMap,
    epoch_minute,
    instant,
    round_down,
    round_up,
    subtract,
)
from .model import BlockKind, Quadrant
from .week import wall_time

BATCH_KINDS = frozenset(
    {BlockKind.REVIEW, BlockKind.ADMIN, BlockKind.MEETING, BlockKind.ONE_ON_ONE}
)
FOCUS_TITLE = "Focus time"


# -- inputs --------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanTask:
    """What the planner needs of an open task."""

    id: int
    title: str
    quadrant: Quadrant
    estimate_minutes: int | None = None
    due_on: date | None = None
    needed_by: date | None = None
    position: float = 0.0
    person_id: int | None = None
    not_before: date | None = None  # deferred: not placed before this day

    @property
    def deadline(self) -> date | None:
        days = [d for d in (self.due_on, self.needed_by) if d is not None]
        return min(days) if days else None


@dataclass(frozen=True)
class PlanOneOnOne:
    """A one-on-one due by ``due_on`` with a person (length from their cadence setting)."""

    person_id: int
    name: str
    minutes: int
    due_on: date


@dataclass(frozen=True)
class PlanRules:
    """The planning preferences; times of day are minutes after local midnight."""

    day_start_minutes: int = 8 * 60
    day_end_minutes: int = 18 * 60
    workdays: frozenset[int] = WORKDAYS
    lunch: tuple[int, int] | None = (12 * 60, 13 * 60)
    breaks: tuple[tuple[int, int], ...] = ()
    buffer_percent: int = 15
    focus_target_percent: int = 20
    default_minutes: int = 30
    max_block_minutes: int = 120
    rest_after_minutes: int = 90
    rest_minutes: int = 15
    focus_block_minutes: int = 120
    batch: bool = True  # False: every task takes the earliest slot ("book in the next slot")

    def kept_free(self) -> list[tuple[int, int]]:
        """The daily windows never planned into (lunch and breaks)."""
        windows = list(self.breaks)
        if self.lunch is not None:
            windows.append(self.lunch)
        return [(a, b) for a, b in windows if b > a]


# -- outputs -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Placement:
    """One proposed block (a ghost block until accepted)."""

    title: str
    kind: BlockKind
    start: datetime
    end: datetime
    task_id: int | None = None
    person_id: int | None = None
    protected: bool = False
    estimated: bool = True  # False: the task had no estimate, the default was used
    part: int = 1
    parts: int = 1
    due_on: date | None = None

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class Unplaced:
    """Something that does not fit, with the reason in plain words."""

    title: str
    minutes: int
    reason: str
    task_id: int | None = None
    person_id: int | None = None
    quadrant: Quadrant | None = None


@dataclass(frozen=True)
class Proposal:
    placements: list[Placement]
    unplaced: list[Unplaced]
    defaulted: list[int]  # ids of tasks planned with the default estimate
    free_minutes: int  # free working time before the proposal
    budget_minutes: int  # what the proposal may book (free minus the buffer share)
    planned_minutes: int
    focus_minutes: int  # existing focus blocks plus proposed deep work
    focus_target_minutes: int
    rests: list[tuple[datetime, datetime]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def task_ids(self) -> list[int]:
        seen: list[int] = []
        for p in self.placements:
            if p.task_id is not None and p.task_id not in seen:
                seen.append(p.task_id)
        return seen

    @property
    def focus_on_target(self) -> bool:
        return self.focus_minutes >= self.focus_target_minutes


# -- kinds ---------------------------------------------------------------------------------
_KIND_WORDS: tuple[tuple[BlockKind, tuple[str, ...]], ...] = (
    (BlockKind.ONE_ON_ONE, ("1:1", "one-on-one", "one on one")),
    (BlockKind.REVIEW, ("review*", "pr", "prs", "pull request*")),
    (
        BlockKind.MEETING,
        ("call", "calls", "meeting*", "sync", "interview*", "debrief", "go/no-go", "workshop",
         "demo"),
    ),
    (
        BlockKind.ADMIN,
        ("email*", "approv*", "expense*", "report", "renew*", "answer*", "reply",
         "questionnaire*"),
    ),
    (BlockKind.THINKING, ("roadmap*", "strateg*", "plan", "planning", "prepar*", "prep",
                          "talking points")),
)  # fmt: skip
# A keyword is a whole word ("*": or the start of one), never inside another word nor after
# a hyphen ("on-call" is not a call, "preview" is not a PR).
_KIND_PATTERNS = tuple(
    (
        kind,
        re.compile(
            "|".join(
                rf"(?<![\w-]){re.escape(w.rstrip('*'))}" + ("" if w.endswith("*") else r"(?!\w)")
                for w in words
            )
        ),
    )
    for kind, words in _KIND_WORDS
)


def suggest_kind(title: str, minutes: int) -> BlockKind:
    """The block kind a task's time is booked as (batching groups by kind).

    A few English keywords in the title; otherwise deep work (focus) from an hour up and
    small admin below it.
    """
    text = title.lower()
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return BlockKind.FOCUS if minutes >= 60 else BlockKind.ADMIN


def block_minutes(estimate: int | None, default: int) -> int:
    """An estimate on the 15-minute grid (rounded up, at least 15)."""
    minutes = estimate if estimate and estimate > 0 else default
    return max(STEP, math.ceil(minutes / STEP) * STEP)


# -- the proposal --------------------------------------------------------------------------
@dataclass
class _Item:
    order: tuple[object, ...]  # the sort key, compared element by element
    title: str
    kind: BlockKind
    minutes: int
    task_id: int | None
    person_id: int | None
    quadrant: Quadrant | None
    deadline: date | None  # only when inside or before the week
    estimated: bool
    one_on_one_due: date | None = None
    first_day: date | None = None  # deferred into the week: not before this day


def _day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def plan_week(
    tasks: Sequence[PlanTask],
    blocks: Iterable[Interval],
    week_start: date,
    tz: tzinfo,
    rules: PlanRules | None = None,
    *,
    not_before: datetime | None = None,
    one_on_ones: Sequence[PlanOneOnOne] = (),
) -> Proposal:
    """Propose placements for ``tasks`` and ``one_on_ones`` in the week of ``week_start``.

    ``blocks`` are the week's existing blocks (start, end, kind); see the module docstring
    for the rules. Tasks outside Do and Schedule are ignored.
    """
    rules = rules or PlanRules()
    week_end = week_start + timedelta(days=6)
    space = FreeTimeMap(week_start, tz, rules, blocks, not_before)
    free_before = space.free_minutes()
    budget = round_down(free_before * (100 - max(0, min(100, rules.buffer_percent))) // 100)
    working = space.working_minutes()
    focus_target = working * max(0, rules.focus_target_percent) // 100
    focus = sum(
        min(e, d.window[1]) - max(s, d.window[0])
        for d in space.days
        for s, e, k in d.kinds
        if k is BlockKind.FOCUS and e > d.window[0] and s < d.window[1]
    )

    items: list[_Item] = []
    for m in sorted(one_on_ones, key=lambda m: (m.due_on, m.name, m.person_id)):
        minutes = block_minutes(m.minutes, 30)
        items.append(
            _Item(
                (0, m.due_on, 0, 0.0, m.person_id),
                f"1:1 with {m.name}",
                BlockKind.ONE_ON_ONE,
                minutes,
                None,
                m.person_id,
                None,
                None,
                True,
                one_on_one_due=m.due_on,
            )
        )
    ranks = {Quadrant.DO: 0, Quadrant.SCHEDULE: 1}
    for t in tasks:
        if t.quadrant not in ranks:
            continue
        minutes = block_minutes(t.estimate_minutes, rules.default_minutes)
        deadline = t.deadline if t.deadline is not None and t.deadline <= week_end else None
        first = (1, deadline) if deadline is not None else (2 + ranks[t.quadrant], date.max)
        title = (t.title.splitlines() or ["Task"])[0].strip()[:500] or "Task"
        items.append(
            _Item(
                (first[0], first[1], ranks[t.quadrant], t.position, t.id),
                title,
                suggest_kind(title, minutes),
                minutes,
                t.id,
                t.person_id,
                t.quadrant,
                deadline,
                bool(t.estimate_minutes and t.estimate_minutes > 0),
                first_day=t.not_before if t.not_before and t.not_before > week_start else None,
            )
        )
    items.sort(key=lambda i: i.order)

    placements: list[Placement] = []
    unplaced: list[Unplaced] = []
    rests: list[tuple[int, int]] = []
    planned = 0
    afternoon = rules.lunch[1] if rules.lunch is not None else None

    def book(d: FreeDay, start: int, item: _Item, minutes: int, part: int, parts: int) -> None:
        nonlocal planned, focus
        end = start + minutes
        space.take(d, start, end, item.kind)
        # A rest after a long block (after the last part of a split task: the parts were
        # found next to each other, a rest between them could fall on the next part).
        if minutes >= rules.rest_after_minutes and rules.rest_minutes > 0 and part == parts:
            rest_end = min(end + rules.rest_minutes, d.window[1])
            if any(a <= end < b for a, b in d.free):
                before = list(d.free)
                d.free = [(a, b) for a, b in subtract(d.free, end, rest_end) if b - a >= STEP]
                if d.free != before:
                    rests.append((end, rest_end))
        planned += minutes
        if item.kind is BlockKind.FOCUS:
            focus += minutes
        placements.append(
            Placement(
                title=item.title if parts == 1 else f"{item.title} ({part}/{parts})",
                kind=item.kind,
                start=instant(start, tz),
                end=instant(end, tz),
                task_id=item.task_id,
                person_id=item.person_id,
                estimated=item.estimated,
                part=part,
                parts=parts,
                due_on=item.deadline,
            )
        )

    def miss(item: _Item, reason: str) -> None:
        unplaced.append(
            Unplaced(item.title, item.minutes, reason, item.task_id, item.person_id, item.quadrant)
        )

    for item in items:
        if item.first_day is not None and item.first_day > week_end:
            miss(item, f"Deferred until {_day_label(item.first_day)}.")
            continue
        if planned + item.minutes > budget:
            left = max(0, budget - planned)
            miss(
                item,
                f"Needs {format_minutes(item.minutes)}; only {format_minutes(left)} of plannable "
                f"time is left once {rules.buffer_percent}% stays free as buffer.",
            )
            continue
        if item.one_on_one_due is not None:
            slot = _one_on_one_slot(space, item, afternoon)
            if slot is None:
                miss(item, f"No free {format_minutes(item.minutes)} left in the working hours.")
            else:
                book(slot[0], slot[1], item, item.minutes, 1, 1)
            continue
        last_day = (
            item.deadline if item.deadline is not None and item.deadline >= week_start else None
        )
        slot = None
        if rules.batch and item.deadline is None and item.kind in BATCH_KINDS:
            slot = space.adjacent(item.kind, item.minutes, None, item.first_day)
        if slot is None:
            slot = space.earliest(item.minutes, first_day=item.first_day, last_day=last_day)
        if slot is not None:
            book(slot[0], slot[1], item, item.minutes, 1, 1)
            continue
        if item.minutes > rules.max_block_minutes and _place_in_parts(
            space, item, rules, last_day, book
        ):
            continue
        if last_day is not None:
            miss(
                item,
                f"Due {_day_label(last_day)}: no free {format_minutes(item.minutes)} "
                "before then. Delegate it or agree a later date.",
            )
        else:
            miss(item, f"No free stretch of {format_minutes(item.minutes)} left this week.")

    notes: list[str] = []
    if focus < focus_target:
        mornings_end = rules.lunch[0] if rules.lunch is not None else rules.day_end_minutes
        for d in list(space.days):
            want = round_down(
                min(rules.focus_block_minutes, focus_target - focus, budget - planned)
            )
            if want < 60:
                break
            end_of_morning = round_down(epoch_minute(wall_time(d.day, mornings_end, tz)))
            gaps = [(min(b, end_of_morning) - a, -a) for a, b in d.free if a < end_of_morning]
            if not gaps:
                continue
            longest, neg_start = max(gaps)  # the longest morning stretch, the earliest of ties
            length = round_down(min(want, longest))
            if length < 60:
                continue
            item = _Item((), FOCUS_TITLE, BlockKind.FOCUS, length, None, None, None, None, True)
            book(d, -neg_start, item, length, 1, 1)
            placements[-1] = Placement(
                FOCUS_TITLE,
                BlockKind.FOCUS,
                placements[-1].start,
                placements[-1].end,
                protected=True,
            )
        if focus < focus_target:
            notes.append(
                f"Focus time {format_minutes(focus)} is below the target "
                f"{format_minutes(focus_target)} ({rules.focus_target_percent}%)."
            )
    defaulted = sorted(
        {
            i.task_id
            for i in items
            if not i.estimated
            and i.task_id is not None
            and any(p.task_id == i.task_id for p in placements)
        }
    )
    if defaulted:
        notes.append(
            f"{len(defaulted)} task{'s' if len(defaulted) != 1 else ''} without an estimate "
            f"planned as {format_minutes(rules.default_minutes)}."
        )
    placements.sort(key=lambda p: (p.start, p.end, p.title))
    return Proposal(
        placements=placements,
        unplaced=unplaced,
        defaulted=defaulted,
        free_minutes=free_before,
        budget_minutes=budget,
        planned_minutes=planned,
        focus_minutes=focus,
        focus_target_minutes=focus_target,
        rests=[(instant(a, tz), instant(b, tz)) for a, b in rests],
        notes=notes,
    )


def _one_on_one_slot(
    space: FreeTimeMap, item: _Item, afternoon: int | None
) -> tuple[FreeDay, int] | None:
    """Next to another one-on-one when possible; else the due day, then the days before it
    (latest first), then the days after it; in each day the afternoon first."""
    due = item.one_on_one_due
    assert due is not None
    slot = space.adjacent(BlockKind.ONE_ON_ONE, item.minutes, due)
    if slot is not None:
        return slot
    before = [d for d in space.days if d.day <= due]
    after = [d for d in space.days if d.day > due]
    for d in [*reversed(before), *after]:
        for low in (afternoon, None):
            found = space.earliest(item.minutes, from_minute=low, days=[d])
            if found is not None:
                return found
    return None


def _place_in_parts(
    space: FreeTimeMap,
    item: _Item,
    rules: PlanRules,
    last_day: date | None,
    book: Callable[[FreeDay, int, _Item, int, int, int], None],
) -> bool:
    """A long task in parts of at most ``max_block_minutes``: all parts, or none."""
    parts = -(-item.minutes // rules.max_block_minutes)
    size = round_up(item.minutes // parts)
    lengths = [size] * (parts - 1) + [item.minutes - size * (parts - 1)]
    lengths = [n for n in lengths if n > 0]
    state = space.snapshot()
    found: list[tuple[FreeDay, int]] = []
    after: int | None = None
    for length in lengths:
        slot = space.earliest(length, first_day=item.first_day, last_day=last_day, after=after)
        if slot is None:
            space.restore(state)
            return False
        space.take(slot[0], slot[1], slot[1] + length, item.kind)
        found.append(slot)
        after = slot[1] + length
    space.restore(state)
    for index, ((d, start), length) in enumerate(zip(found, lengths, strict=True), start=1):
        book(d, start, item, length, index, len(lengths))
    return True
