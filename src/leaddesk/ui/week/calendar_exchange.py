"""The week's calendar exchange: import meetings from an .ics file and export the shown
week's blocks (and following weeks) as one."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ...domain.errors import LeadDeskError
from ...domain.week import week_bounds
from ...services.calendar.reading import MAX_FILE_BYTES
from ..export_warning import confirm_plaintext_export
from ..file_dialogs import open_file_name, save_file_name
from .calendar_import import CalendarImport

if TYPE_CHECKING:
    from .area import WeekArea

log = logging.getLogger(__name__)


def import_calendar_file(area: WeekArea, path: str | None) -> CalendarImport | None:
    """Read an .ics file the user picks (or ``path``) off the GUI thread, then one
    undoable write; a file too large or unreadable gets a plain message, no change."""
    if path is None:
        path = open_file_name(area, "Import calendar", "", "iCalendar files (*.ics);;All files (*)")
        if not path:
            return None
    try:
        if Path(path).stat().st_size > MAX_FILE_BYTES:
            QMessageBox.warning(
                area, "Import calendar", "That calendar file is too large (at most 20 MB)."
            )
            return None
        data = Path(path).read_bytes()
    except OSError as exc:
        log.info("calendar import: file not readable (%s)", type(exc).__name__)
        QMessageBox.warning(area, "Import calendar", "That file could not be read.")
        return None
    # read off the GUI thread (progress, cancel), then one undoable write
    run = CalendarImport(area.ctx, data, area)
    run.finished.connect(lambda text: text and area.status_label.setText(text))
    run.start()
    return run


def export_calendar_file(area: WeekArea, path: str | None, weeks: int) -> None:
    """Write the blocks of the shown week (and ``weeks - 1`` more) as an .ics file."""
    if path is None:
        if not confirm_plaintext_export(
            area.ctx, area, "block times, kinds and titles, never private notes"
        ):
            return
        suggested = f"leaddesk-week-{area.first_day.isoformat()}.ics"
        path = save_file_name(area, "Export week", suggested, "iCalendar files (*.ics)")
        if not path:
            return
    begin, _ = week_bounds(area.first_day, area.tz)
    _, end = week_bounds(area.first_day + timedelta(weeks=max(1, weeks) - 1), area.tz)
    try:
        count = area.ctx.services.calendar.write_ics(begin, end, path)
    except LeadDeskError as exc:
        area.ctx.report(exc, area)
        return
    except OSError as exc:
        log.info("calendar export failed (%s)", type(exc).__name__)
        QMessageBox.warning(area, "Export week", "The file could not be written.")
        return
    area.status_label.setText(f"Exported {count} blocks.")
