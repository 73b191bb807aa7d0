"""A printable plan for one week: time blocks day by day, then the open tasks by quadrant.

The PDF is something a lead may print or hand over, so it carries only what a plan needs:
block times, kinds and titles, task titles, estimates and dates. Private notes (people's
notes, and the free-text notes on tasks) are never read for it, so they cannot leak into it.

Rendering goes through ``QTextDocument`` and ``QPdfWriter``: no printer subsystem, works under
the offscreen platform, and needs only a ``QGuiApplication``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from .. import APP_NAME, __version__
from ..domain.model import Quadrant, Task, TimeBlock
from ..domain.week import is_all_day, iso_week_label, week_bounds, week_days
from ..domain.week import week_start as first_day_of_week
from ..private_files import private_target

# Quadrants worth printing in a plan, in the order a lead works through them. Delete is
# left out on purpose: those tasks are on their way off the board.
PLAN_QUADRANTS = (Quadrant.DO, Quadrant.SCHEDULE, Quadrant.DELEGATE, Quadrant.INBOX)


def render_plan_pdf(services: Any, week_start: date, path: str | Path) -> None:
    """Write the plan for the week starting on ``week_start`` as a PDF at ``path``.

    ``services`` is an unlocked :class:`leaddesk.services.container.Services`; everything is
    read through it. Raises ``OSError`` if the file cannot be written.
    """
    tz = services.clock.tz
    blocks = week_blocks(services, week_start)
    tasks = services.tasks.open_tasks()
    document_html = plan_html(week_start, tz, blocks, tasks, generated=services.clock.now())
    write_pdf(document_html, Path(path), title=f"{APP_NAME} plan {iso_week_label(week_start)}")


def week_blocks(services: Any, week_start: date) -> list[TimeBlock]:
    """The week's time blocks in start order (recurring series already expanded)."""
    return sorted(services.blocks.week_as_planned(week_start), key=lambda b: (b.start, b.id or 0))


def plan_html(
    week_start: date,
    tz: tzinfo,
    blocks: Sequence[TimeBlock],
    tasks: Sequence[Task],
    *,
    generated: datetime,
) -> str:
    """The plan as simple HTML (the subset ``QTextDocument`` renders well)."""
    days = week_days(week_start)
    heading = (
        f"Plan for week {week_start.isocalendar()[1]} "
        f"({_day_label(days[0])} – {_day_label(days[-1])} {days[-1].year})"
    )
    parts = [
        "<html><body>",
        f"<h1>{_e(heading)}</h1>",
        f"<p class='meta'>{_e(APP_NAME)} · {_e(iso_week_label(week_start))} · "
        f"printed {_e(generated.astimezone(tz).strftime('%Y-%m-%d %H:%M'))}</p>",
        "<h2>Time blocks</h2>",
    ]
    parts.extend(_blocks_html(week_start, tz, blocks))
    parts.append("<h2>Open tasks</h2>")
    parts.extend(_tasks_html(tasks))
    parts.append(
        "<p class='meta'>Private notes are never included in a printed plan.</p></body></html>"
    )
    return "\n".join(parts)


def _blocks_html(week_start: date, tz: tzinfo, blocks: Sequence[TimeBlock]) -> list[str]:
    begin, end = week_bounds(week_start, tz)
    in_week = [b for b in blocks if b.end > begin and b.start < end]
    if not in_week:
        return ["<p>No time blocks planned for this week.</p>"]
    # One table for the whole week: a heading row per day keeps the columns aligned.
    out: list[str] = ["<table width='100%' cellspacing='0' cellpadding='2'>"]
    for day in week_days(week_start):
        todays = [b for b in in_week if b.start.astimezone(tz).date() == day]
        if not todays:
            continue
        # all-day events (holidays, offsites) are listed but are not planned hours
        hours = sum(b.minutes for b in todays if not is_all_day(b.start, b.end, tz)) / 60
        if len(out) > 1:  # a thin spacer row between days (cell padding is not honoured)
            out.append("<tr><td colspan='3' style='font-size: 4pt'>&nbsp;</td></tr>")
        out.append(
            "<tr><td colspan='3' style='font-size: 11pt; font-weight: bold'>"
            f"{_e(_day_label(day, weekday=True))} · {hours:.1f} h planned</td></tr>"
        )
        for block in todays:
            start = block.start.astimezone(tz).strftime("%H:%M")
            finish = block.end.astimezone(tz).strftime("%H:%M")
            when = "All day" if is_all_day(block.start, block.end, tz) else f"{start}–{finish}"
            marks = " <i>(protected)</i>" if block.protected else ""
            out.append(
                "<tr>"
                f"<td width='16%'>{when}</td>"
                f"<td width='24%'>{_e(block.kind.label)}</td>"
                f"<td>{_e(block.title)}{marks}</td>"
                "</tr>"
            )
    out.append("</table><p class='gap'>&nbsp;</p>")  # Qt drops margins after a table
    return out


def _tasks_html(tasks: Sequence[Task]) -> list[str]:
    out: list[str] = []
    for quadrant in PLAN_QUADRANTS:
        column = [t for t in tasks if t.quadrant == quadrant]
        if not column:
            continue
        out.append(f"<h3>{_e(quadrant.label)} <small>({_e(quadrant.axes)})</small></h3><ul>")
        for task in column:
            details = []
            if task.estimate_minutes:
                details.append(_duration(task.estimate_minutes))
            if task.due_on:
                details.append(f"due {task.due_on.isoformat()}")
            if task.needed_by:
                details.append(f"answer by {task.needed_by.isoformat()}")
            suffix = f" <i>({_e(', '.join(details))})</i>" if details else ""
            out.append(f"<li>{_e(task.title)}{suffix}</li>")
        out.append("</ul>")
    if not out:
        out.append("<p>No open tasks.</p>")
    return out


def write_pdf(document_html: str, path: Path, *, title: str) -> None:
    """Lay out ``document_html`` on A4 pages and write it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # QPdfWriter writes by path: it fills a pre-created 0600 temp file beside ``path``,
    # which replaces ``path`` only when complete (private from the first byte, atomic).
    with private_target(path) as partial:
        _print_pdf(document_html, partial, title=title)
        if not partial.exists() or partial.stat().st_size == 0:
            raise OSError("The PDF could not be written.")


def _print_pdf(document_html: str, path: Path, *, title: str) -> None:
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator(f"{APP_NAME} {__version__}")
    writer.setResolution(300)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 16, 18, 16), QPageLayout.Unit.Millimeter)
    document = QTextDocument()
    # Lay the text out at the writer's resolution (else point sizes follow the screen's
    # dpi and come out tiny on a 300 dpi page), on the page's printable area.
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultStyleSheet(_STYLE)
    document.setHtml(document_html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    del document  # it points at the writer's paint device
    del writer  # closes the file before it is renamed into place


_STYLE = """
h1 { font-size: 16pt; margin-bottom: 2pt; }
h2 { font-size: 13pt; margin-top: 14pt; border-bottom: 1px solid #888; }
h3 { font-size: 11pt; margin-top: 10pt; margin-bottom: 2pt; }

p, li, td { font-size: 10pt; }
.gap { font-size: 4pt; }
.meta { color: #555; font-size: 8pt; }
small { color: #555; font-weight: normal; }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _day_label(day: date, *, weekday: bool = False) -> str:
    label = f"{day.day} {day.strftime('%b')}"
    return f"{day.strftime('%A')} {label}" if weekday else label


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def next_week_start(today: date, first_weekday: int = 0) -> date:
    """The first day of the week after the one containing ``today`` (what Friday plans)."""
    return first_day_of_week(today, first_weekday) + timedelta(days=7)


__all__ = ["next_week_start", "plan_html", "render_plan_pdf", "week_blocks", "write_pdf"]
