"""Next week's plan as Markdown: time blocks and key tasks, never private notes.

Meant to be shared (e.g. focus hours with a manager), so it carries only what the lead
planned: block times, kinds and titles, and the open Do / Schedule tasks with estimates.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo
from pathlib import Path

from ..domain.model import BlockKind, Quadrant, Task, TimeBlock
from ..domain.week import is_all_day, iso_week_label
from ..private_files import write_private_text
from .base import Service


@dataclass(frozen=True)
class WeekPlan:
    week_start: date
    blocks: list[TimeBlock]
    tasks: list[Task]  # open Do and Schedule tasks, board order
    booked_task_ids: frozenset[int]
    tz: tzinfo = UTC

    def is_all_day(self, block: TimeBlock) -> bool:
        return is_all_day(block.start, block.end, self.tz)

    def hours(self, kind: BlockKind) -> float:
        """Planned hours of ``kind``; all-day events (a holiday, an offsite imported from a
        calendar) are not hours of work and stay out, as in the capacity figures."""
        minutes = sum(b.minutes for b in self.blocks if b.kind is kind and not self.is_all_day(b))
        return round(minutes / 60.0, 2)


def _md(text: str) -> str:
    """One line of user text, safe inside Markdown (no headings, lists or links forged)."""
    line = " ".join(text.split())
    for ch in "\\`*_[]<>#|":
        line = line.replace(ch, "\\" + ch)
    return line


class PlanExportService(Service):
    def week_plan(self, week_start: date) -> WeekPlan:
        """The week's blocks as the week view reads them (recurring series included) and the
        open Do / Schedule tasks in board order."""
        from .blocks import BlockService
        from .tasks import TaskService

        blocks = BlockService(self.hub).week_as_planned(week_start)
        tasks = [
            t
            for t in TaskService(self.hub).open_tasks()
            if t.quadrant in (Quadrant.DO, Quadrant.SCHEDULE)
        ]
        booked = frozenset(b.task_id for b in blocks if b.task_id is not None)
        return WeekPlan(week_start, blocks, tasks, booked, self.clock.tz)

    def write_markdown(self, week_start: date, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`markdown` to ``path`` (replacing it): 0600 from the first byte, atomic."""
        return write_private_text(path, self.markdown(week_start))

    def markdown(self, week_start: date) -> str:
        plan = self.week_plan(week_start)
        tz = self.clock.tz
        last = week_start + timedelta(days=6)
        out = [
            f"# Plan for {iso_week_label(week_start)} ({week_start:%d %b} – {last:%d %b %Y})",
            "",
            f"- Focus / coding: {plan.hours(BlockKind.FOCUS):g} h",
            f"- Meetings: {plan.hours(BlockKind.MEETING):g} h · "
            f"one-on-ones: {plan.hours(BlockKind.ONE_ON_ONE):g} h",
            f"- Buffer: {plan.hours(BlockKind.BUFFER):g} h · breaks: "
            f"{plan.hours(BlockKind.BREAK):g} h",
            "",
        ]
        by_day: dict[date, list[TimeBlock]] = defaultdict(list)
        for block in plan.blocks:
            by_day[block.start.astimezone(tz).date()].append(block)
        for offset in range(7):
            day = week_start + timedelta(days=offset)
            blocks = by_day.get(day, [])
            if not blocks:
                continue
            out.append(f"## {day:%A %d %B}")
            out.append("")
            for b in blocks:
                start, end = b.start.astimezone(tz), b.end.astimezone(tz)
                protected = " (protected)" if b.protected else ""
                when = "All day" if plan.is_all_day(b) else f"{start:%H:%M}–{end:%H:%M}"
                out.append(f"- {when} **{b.kind.label}**{protected}: {_md(b.title)}")
            out.append("")
        if not plan.blocks:
            out += ["_No time blocks planned for this week yet._", ""]
        out += ["## Key tasks", ""]
        for task in plan.tasks:
            estimate = f" (~{task.estimate_minutes} min)" if task.estimate_minutes else ""
            booked = " — booked" if task.id in plan.booked_task_ids else ""
            out.append(f"- [{task.quadrant.label}] {_md(task.title)}{estimate}{booked}")
        if not plan.tasks:
            out.append("_No open tasks in Do or Schedule._")
        out.append("")
        return "\n".join(out)
