"""The weekly review, its figures over weeks, and the planning of next week: every query of
``services/reviews`` and ``services/planning`` (issue 14, item 1).

The figures of a run of weeks come from ONE statement (:meth:`ReviewRepository.week_tallies`):
the vault adds up each week's blocks, completed tasks, feedback and delegations in SQL, and
returns for each week and current report their last one-on-one, so a 26-week span is 26
rows of sums and one row per report and week, never the rows themselves. The definitions
it counts by are ``domain.review_rules``' (its constants are used here); the rules that judge
the sums (percentages, cadence) stay there. The look-back's own lists (the week's planned
blocks, its completed tasks) are plain column rows (:class:`ReviewBlock`,
:class:`CompletedTask`): no ORM identity map for rows only read. For one week (the
look-back) the blocks are scanned once: :meth:`ReviewRepository.week_blocks` lists them and
adds them up with the statement's own expressions, and ``week_tallies`` leaves them out.
The figures read on the vault's DB-API connection without an ORM session
(``ServiceHub.read_rows``).

Stored times are fixed-width UTC text (``storage.types``), so text order is time order and
a week's bounds are compared as text; dates are ISO text.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.model import (
    ActionItem,
    BlockKind,
    BlockOutcome,
    Delegation,
    DelegationStatus,
    FeedbackTone,
    NoteKind,
    Person,
    Quadrant,
    Relationship,
    Task,
    TaskStatus,
    TimeBlock,
    WeekReview,
)
from ...domain.review_rules import (
    NOT_PLANNED_KINDS,
    OUTCOME_CREDIT,
    ReportOneOnOnes,
    WeekSpan,
    WeekTally,
)
from .. import tables
from ..types import utc_text

_b = tables.time_blocks.c
_t = tables.tasks.c
_r = tables.week_reviews.c
_d = tables.delegations.c
_a = tables.action_items.c
OPEN_DELEGATION = (DelegationStatus.ACTIVE, DelegationStatus.BLOCKED)


class ReviewBlock(NamedTuple):
    """A planned work block of the week, with its task's title and status (if any)."""

    id: int
    title: str
    kind: BlockKind
    start: datetime
    end: datetime
    outcome: BlockOutcome
    outcome_reason: str
    task_id: int | None
    task_title: str | None
    task_status: TaskStatus | None


class CompletedTask(NamedTuple):
    id: int
    title: str
    quadrant: Quadrant


class OpenTask(NamedTuple):
    """A task still open (what the look-back lists as deprioritized)."""

    id: int
    title: str


class PlanTaskRow(NamedTuple):
    id: int
    title: str
    quadrant: Quadrant
    estimate_minutes: int | None
    due_on: date | None
    needed_by: date | None
    position: float | None
    person_id: int | None
    not_before: date | None


def _quoted(values: Collection[str]) -> str:
    """Constant enum values of ours as SQL literals (never user input)."""
    return ", ".join("'" + str(v) + "'" for v in sorted(values))


# Stored text to enum member by a dict look-up (an enum call costs ~20x more per value).
_KIND = {k.value: k for k in BlockKind}
_OUTCOME = {o.value: o for o in BlockOutcome}
_TASK_STATUS = {t.value: t for t in TaskStatus}
_QUADRANT = {q.value: q for q in Quadrant}

_NOT_PLANNED = _quoted(NOT_PLANNED_KINDS)
_CREDITED = _quoted(OUTCOME_CREDIT)
# Planned work (review_rules): not imported, not a break or buffer.
_PLANNED_WORK = f"(t.read_only = 0 AND t.kind NOT IN ({_NOT_PLANNED}))"
# Has happened at :now (review_rules): an outcome is recorded, or it has ended.
_HAPPENED = f"(:now IS NULL OR t.outcome <> '{BlockOutcome.PLANNED}' OR t.\"end\" <= :now)"
# Real elapsed whole minutes, floored as Python's ``timedelta.total_seconds() // 60`` is:
# seconds from the text without its fraction (exact), plus the microseconds.
_MICROS = (
    "((CAST(strftime('%s', substr(t.\"end\", 1, 19)) AS INTEGER)"
    " - CAST(strftime('%s', substr(t.start, 1, 19)) AS INTEGER)) * 1000000"
    ' + CAST(substr(t."end", 21, 6) AS INTEGER) - CAST(substr(t.start, 21, 6) AS INTEGER))'
)
_MINUTES = (
    "(SELECT (us - ((us % 60000000) + 60000000) % 60000000) / 60000000"
    f" FROM (SELECT {_MICROS} AS us))"
)

# One statement for the figures of every week in ``weeks`` (a VALUES list: i, begin, end as
# UTC text, first day and the day after as ISO dates). Each part gives (part, week, v1..v5).
_TALLIES = f"""
WITH weeks(i, b, e, d0, d1) AS (VALUES {{weeks}}),
-- Delegations open at some time in the span, each with the weeks it is open in, lo..hi:
-- week i (days first + 7i .. + 7i + 6) has started < its end and closed (if) >= its start.
open_delegations AS MATERIALIZED (
    SELECT id, started_on, closed_on, check_in_every_days,
        julianday(started_on) AS started_j, julianday(closed_on) AS closed_j,
        max(0, CAST((julianday(started_on) - julianday(:first_day)) / 7 AS INTEGER)) AS lo,
        CASE WHEN closed_on IS NULL THEN :last_week
            ELSE min(:last_week,
                CAST((julianday(closed_on) - julianday(:first_day)) / 7 AS INTEGER)) END AS hi
    FROM delegations
    WHERE started_on < :last_day AND (closed_on IS NULL OR closed_on >= :first_day)
)
SELECT 'b', w.i,
    sum(CASE WHEN {_PLANNED_WORK} AND {_HAPPENED} THEN 1 ELSE 0 END),
    sum(CASE WHEN {_PLANNED_WORK} AND {_HAPPENED} AND t.outcome = '{BlockOutcome.DONE}'
        THEN 1 ELSE 0 END),
    sum(CASE WHEN {_PLANNED_WORK} AND {_HAPPENED} AND t.outcome = '{BlockOutcome.PARTLY_DONE}'
        THEN 1 ELSE 0 END),
    sum(CASE WHEN t.kind = '{BlockKind.FOCUS}' AND t.outcome <> '{BlockOutcome.SKIPPED}'
        AND {_HAPPENED} THEN {_MINUTES} ELSE 0 END),
    NULL
FROM weeks AS w JOIN time_blocks AS t ON t.start >= w.b AND t.start < w.e
GROUP BY w.i
UNION ALL
SELECT 'c', w.i,
    sum(CASE WHEN t.status = '{TaskStatus.DONE}' AND t.quadrant = '{Quadrant.DO}'
        THEN 1 ELSE 0 END),
    sum(CASE WHEN t.status = '{TaskStatus.DONE}' AND t.quadrant = '{Quadrant.SCHEDULE}'
        THEN 1 ELSE 0 END),
    NULL, NULL, NULL
FROM weeks AS w JOIN tasks AS t ON t.completed_at >= w.b AND t.completed_at < w.e
GROUP BY w.i
UNION ALL
SELECT 'f', w.i,
    sum(CASE WHEN n.tone IS NOT '{FeedbackTone.CONSTRUCTIVE}' THEN 1 ELSE 0 END),
    sum(CASE WHEN n.tone = '{FeedbackTone.CONSTRUCTIVE}' THEN 1 ELSE 0 END),
    NULL, NULL, NULL
FROM weeks AS w JOIN notes AS n
    ON n.kind = '{NoteKind.FEEDBACK_GIVEN}' AND n.written_on >= w.d0 AND n.written_on < w.d1
GROUP BY w.i
UNION ALL
SELECT 'd', w.i, count(*),
    sum(CASE WHEN (CASE WHEN d.closed_on < w.d1 THEN d.closed_j ELSE julianday(w.d1) END)
        - coalesce(julianday(max((SELECT max(c."on") FROM check_ins AS c
            WHERE c.delegation_id = d.id AND c."on" < w.d1), d.started_on)), d.started_j)
        <= d.check_in_every_days THEN 1 ELSE 0 END),
    NULL, NULL, NULL
FROM weeks AS w JOIN open_delegations AS d ON w.i BETWEEN d.lo AND d.hi
GROUP BY w.i
UNION ALL
SELECT 'p', w.i, p.id, p.one_on_one_every_days, p.started_on,
    (SELECT max(n.written_on) FROM notes AS n
     WHERE n.person_id = p.id AND n.kind = '{NoteKind.ONE_ON_ONE}'
       AND n.written_on >= :since_day AND n.written_on < w.d1),
    (SELECT max(t.start) FROM time_blocks AS t
     WHERE t.person_id = p.id AND t.kind = '{BlockKind.ONE_ON_ONE}'
       AND t.outcome IN ({_CREDITED}) AND t.start >= :since AND t.start < w.e)
FROM weeks AS w JOIN people AS p
    ON p.archived = 0 AND p.relationship = '{Relationship.REPORT}'
"""

# The same without the blocks' sums, for a caller that adds up the week's blocks from
# :data:`_WEEK_BLOCKS`' rows (the look-back lists them anyway: one scan of them, not two).
_TALLIES_HEAD, _, _TALLIES_REST = _TALLIES.partition("SELECT 'b', w.i,")
_TALLIES_WITHOUT_BLOCKS = _TALLIES_HEAD + "SELECT 'c'" + _TALLIES_REST.partition("SELECT 'c'")[2]
assert (
    "SELECT 'b'" not in _TALLIES_WITHOUT_BLOCKS and _TALLIES_WITHOUT_BLOCKS.count("SELECT '") == 4
)

# Every block of a week, in time order, with its task, and per block what the 'b' part of
# :data:`_TALLIES` adds up (by the same expressions): planned work?, happened?, focus minutes.
_WEEK_BLOCKS = f"""
SELECT t.id, t.title, t.kind, t.start, t."end", t.outcome, t.outcome_reason, t.task_id,
    k.title, k.status,
    CASE WHEN {_PLANNED_WORK} THEN 1 ELSE 0 END,
    CASE WHEN {_HAPPENED} THEN 1 ELSE 0 END,
    CASE WHEN t.kind = '{BlockKind.FOCUS}' AND t.outcome <> '{BlockOutcome.SKIPPED}'
        AND {_HAPPENED} THEN {_MINUTES} ELSE 0 END
FROM time_blocks AS t LEFT JOIN tasks AS k ON k.id = t.task_id
WHERE t.start >= :b AND t.start < :e
ORDER BY t.start, t.id
"""
_DONE = str(BlockOutcome.DONE)
_PARTLY_DONE = str(BlockOutcome.PARTLY_DONE)
_SQL_BY_WEEKS: dict[tuple[int, bool], str] = {}  # a run's statement by its number of weeks


# "+status": only the completed_at range may pick the index (through the status index SQLite
# would walk every finished task of the whole history).
_COMPLETED = f"""
SELECT id, title, quadrant FROM tasks
WHERE completed_at >= ? AND completed_at < ? AND +status = '{TaskStatus.DONE}'
ORDER BY completed_at, id
"""


class ReviewRepository:
    def __init__(self, session: Session | None, *, raw: Any = None) -> None:
        # ``session`` is None only over ``raw`` rows (``hub.read_rows()``): the figures and
        # the look-back's lists, which use no ORM method.
        self.s = cast(Session, session)
        self._driver: Any = raw
        self._texts: dict[tuple[datetime, int], str] = {}  # the look-back's bounds, written once

    def _utc(self, value: datetime) -> str:
        """``utc_text(value)``, each instant written once per repository. Keyed with the
        fold: aware datetimes of one zone compare by wall time, fold ignored, so an ambiguous
        hour's two instants are equal; with the fold they are not."""
        key = (value, value.fold)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = utc_text(value)
        return text

    # -- the review of a week -----------------------------------------------------------
    def for_week(self, week_start: date) -> WeekReview | None:
        return self.s.scalars(select(WeekReview).where(_r.week_start == week_start)).first()

    def newest_unfinished(self) -> WeekReview | None:
        return self.s.scalars(
            select(WeekReview)
            .where(_r.finished_at.is_(None))
            .order_by(_r.week_start.desc())
            .limit(1)
        ).first()

    def finished(self, limit: int) -> list[WeekReview]:
        return list(
            self.s.scalars(
                select(WeekReview)
                .where(_r.finished_at.is_not(None))
                .order_by(_r.week_start.desc())
                .limit(limit)
            )
        )

    def add(self, review: WeekReview) -> WeekReview:
        """Add a new review (written with the unit of work)."""
        self.s.add(review)
        return review

    # -- figures ------------------------------------------------------------------------
    def week_tallies(
        self,
        weeks: Sequence[WeekSpan],
        now: datetime | None,
        cadence_since: datetime,
        block_sums: dict[str, int] | None = None,
    ) -> tuple[list[WeekTally], list[list[ReportOneOnOnes]]]:
        """Per week of ``weeks`` (consecutive, oldest first): its sums, and each current
        report's cadence with their last one-on-one up to the week's end, looked for from
        ``cadence_since`` (an aware local midnight) on. Blocks count as happened at ``now``
        (``None``: all of them). ``block_sums``: the blocks' sums of the one week in
        ``weeks``, already added up by :meth:`week_blocks` (not counted again)."""
        if not weeks:
            return [], []
        if block_sums is not None and len(weeks) != 1:
            raise ValueError("block sums are given for one week only")
        key = (len(weeks), block_sums is None)
        sql = _SQL_BY_WEEKS.get(key)
        if sql is None:
            values = ", ".join(f"({i}, :b{i}, :e{i}, :d{i}, :n{i})" for i in range(len(weeks)))
            template = _TALLIES if block_sums is None else _TALLIES_WITHOUT_BLOCKS
            sql = _SQL_BY_WEEKS[key] = template.replace("{weeks}", values)
        params: dict[str, Any] = {}
        for i, week in enumerate(weeks):
            params[f"b{i}"] = self._utc(week.begin)
            params[f"e{i}"] = self._utc(week.end)
            params[f"d{i}"] = week.first_day.isoformat()
            params[f"n{i}"] = date.fromordinal(week.first_day.toordinal() + 7).isoformat()
        params["first_day"] = params["d0"]
        params["last_day"] = params[f"n{len(weeks) - 1}"]
        params["last_week"] = len(weeks) - 1
        params["now"] = None if now is None else self._utc(now)
        params["since"] = self._utc(cadence_since)
        params["since_day"] = cadence_since.date().isoformat()
        sums: list[dict[str, int]] = [{} for _ in weeks]
        if block_sums is not None:
            sums[0].update(block_sums)
        reports: list[list[ReportOneOnOnes]] = [[] for _ in weeks]
        dates: dict[str, date] = {}  # each day's text parsed once
        starts: dict[str, datetime] = {}

        def day(value: str | None) -> date | None:
            if value is None:
                return None
            found = dates.get(value)
            if found is None:
                found = dates[value] = date.fromisoformat(value)
            return found

        for part, i, v1, v2, v3, v4, v5 in self._rows(sql, params):
            into = sums[i]
            if part == "b":
                into.update(planned=v1, done_blocks=v2, partly_done_blocks=v3, focus_minutes=v4)
            elif part == "c":
                into.update(do_completed=v1, schedule_completed=v2)
            elif part == "f":
                into.update(feedback_positive=v1, feedback_constructive=v2)
            elif part == "d":
                into.update(delegations_open=v1, delegations_on_time=v2)
            else:
                block = None
                if v5 is not None:
                    block = starts.get(v5)
                    if block is None:
                        block = starts[v5] = datetime.fromisoformat(v5)
                reports[i].append(ReportOneOnOnes(v1, v2, day(v3), day(v4), block))
        return [WeekTally(**found) for found in sums], reports

    # -- the look-back's lists ----------------------------------------------------------
    def week_blocks(
        self, begin: datetime, end: datetime, now: datetime | None
    ) -> tuple[list[ReviewBlock], dict[str, int]]:
        """The planned work blocks starting in [begin, end) (not imported, not a break or
        buffer), in time order, with their task; and the week's blocks' sums as
        :meth:`week_tallies` counts them (happened at ``now``), from one scan of the week's
        blocks: pass the sums to ``week_tallies``."""
        rows = self._rows(
            _WEEK_BLOCKS,
            {
                "b": self._utc(begin),
                "e": self._utc(end),
                "now": None if now is None else self._utc(now),
            },
        )
        planned: list[ReviewBlock] = []
        counted = done = partly = minutes = 0
        new, parse = tuple.__new__, datetime.fromisoformat  # no Python frame per row
        for (
            block_id,
            title,
            kind,
            start,
            end_,
            outcome,
            reason,
            task_id,
            task_title,
            task_status,
            planned_work,
            happened,
            focus_minutes,
        ) in rows:
            minutes += focus_minutes
            if not planned_work:
                continue
            if happened:
                counted += 1
                if outcome == _DONE:
                    done += 1
                elif outcome == _PARTLY_DONE:
                    partly += 1
            planned.append(
                new(
                    ReviewBlock,
                    (
                        block_id,
                        title,
                        _KIND[kind],
                        parse(start),
                        parse(end_),
                        _OUTCOME[outcome],
                        reason,
                        task_id,
                        task_title,
                        None if task_status is None else _TASK_STATUS[task_status],
                    ),
                )
            )
        sums = {}
        if rows:  # as the statement's GROUP BY: no row for a week without blocks
            sums = {
                "planned": counted,
                "done_blocks": done,
                "partly_done_blocks": partly,
                "focus_minutes": minutes,
            }
        return planned, sums

    def completed_tasks(self, begin: datetime, end: datetime) -> list[CompletedTask]:
        """Tasks done with their completion in [begin, end), in that order."""
        rows = self._rows(_COMPLETED, (self._utc(begin), self._utc(end)))
        return [CompletedTask(task_id, title, _QUADRANT[q]) for task_id, title, q in rows]

    def _rows(self, sql: str, params: tuple[Any, ...] | dict[str, Any]) -> list[Any]:
        """Plain rows of a statement of this module, on the unit of work's own connection
        (no SQLAlchemy compile or result wrapping: stored text as it is, converted by the
        caller; driver errors are translated by ``ctx.read()`` like any other)."""
        driver = self._driver
        if driver is None:
            driver = self._driver = self.s.connection().connection.driver_connection
            assert driver is not None
        rows: list[Any] = driver.execute(sql, params).fetchall()
        return rows

    # -- the people check ---------------------------------------------------------------
    def people_by_id(self) -> dict[int, Person]:
        return {p.id: p for p in self.s.scalars(select(Person)) if p.id is not None}

    def check_ins_due(self, by: date) -> list[Delegation]:
        """Open delegations whose next check-in is due by ``by``, soonest first."""
        return list(
            self.s.scalars(
                select(Delegation)
                .where(_d.status.in_(OPEN_DELEGATION), _d.next_check_in_on <= by)
                .order_by(_d.next_check_in_on)
            )
        )

    def tasks_by_id(self, ids: Collection[int]) -> dict[int, Task]:
        if not ids:
            return {}
        return {
            t.id: t
            for t in self.s.scalars(select(Task).where(_t.id.in_(list(ids))))
            if t.id is not None
        }

    def open_action_items(self) -> list[ActionItem]:
        """Action items not done yet, oldest first."""
        return list(
            self.s.scalars(
                select(ActionItem).where(_a.done_on.is_(None)).order_by(_a.created_on, _a.id)
            )
        )

    # -- planning next week -------------------------------------------------------------
    def plan_tasks(self, task_ids: Collection[int] | None) -> list[PlanTaskRow]:
        """Open Do and Schedule tasks (only ``task_ids`` when given), in board order."""
        stmt = (
            select(
                _t.id,
                _t.title,
                _t.quadrant,
                _t.estimate_minutes,
                _t.due_on,
                _t.needed_by,
                _t.position,
                _t.person_id,
                _t.not_before,
            )
            .where(
                _t.status == TaskStatus.OPEN,
                _t.quadrant.in_([Quadrant.DO, Quadrant.SCHEDULE]),
            )
            .order_by(_t.quadrant, _t.position, _t.id)
        )
        if task_ids is not None:
            stmt = stmt.where(_t.id.in_(list(task_ids)))
        return [PlanTaskRow._make(row) for row in self.s.execute(stmt)]

    def blocks_starting(self, begin: datetime, end: datetime) -> list[TimeBlock]:
        """The stored blocks starting in [begin, end) (to check a proposal against)."""
        return list(self.s.scalars(select(TimeBlock).where(_b.start >= begin, _b.start < end)))

    def task(self, task_id: int) -> Task | None:
        return self.s.get(Task, task_id)

    def person(self, person_id: int) -> Person | None:
        return self.s.get(Person, person_id)


__all__ = [
    "CompletedTask",
    "OpenTask",
    "PlanTaskRow",
    "ReviewBlock",
    "ReviewRepository",
]
