"""Importing an .ics file without freezing the window: read off the GUI thread, then apply.

Reading a calendar (cutting the file, parsing, expanding repeat rules) can take seconds for
a large file. It runs on a background thread through ``CalendarExchangeService.read``
(which touches no database), with a progress dialog whose Cancel stops it between batches.
Writing the result is quick and happens on the GUI thread, as one undoable command.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ...domain.errors import LeadDeskError
from ...services.calendar import CalendarRead, ReadCancelled
from ..context import AppContext
from ..dialogs.background import BackgroundCall
from .commands import ImportCalendarCommand

log = logging.getLogger(__name__)


class CalendarImport(QObject):
    """One import run. ``finished(text)`` carries the line for the status bar."""

    progressed = Signal(int, int)
    finished = Signal(str)

    def __init__(self, ctx: AppContext, data: bytes, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._data = data
        self._parent = parent
        self._stop = threading.Event()
        self._call: BackgroundCall | None = None
        self.dialog = QProgressDialog("Reading the calendar…", "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle("Import calendar")
        self.dialog.setAccessibleName("Import calendar progress")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # small files finish before it shows
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.progressed.connect(self._on_progress)
        self.result_text = ""

    @property
    def running(self) -> bool:
        return self._call is not None

    def start(self) -> None:
        read: Callable[[], CalendarRead] = lambda: self._ctx.services.calendar.read(  # noqa: E731
            self._data, cancel=self._stop.is_set, progress=self.progressed.emit
        )
        self._call = BackgroundCall(read, self)
        self._call.done.connect(self._on_done)
        self._call.start()

    def cancel(self) -> None:
        self._stop.set()

    def _on_progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _on_done(self, read: CalendarRead | None, error: BaseException | None) -> None:
        if self._call is not None:
            self._call.wait()
            self._call = None
        self.dialog.reset()
        self.dialog.hide()
        self._data = b""
        if isinstance(error, ReadCancelled):
            self.result_text = "Import cancelled; nothing was changed."
        elif error is not None:
            if not isinstance(error, LeadDeskError):
                log.info("calendar import failed (%s)", type(error).__name__)
            self._ctx.report(error, self._parent)
            self.result_text = ""
        else:
            assert read is not None
            command = ImportCalendarCommand(self._ctx, read)
            if self._ctx.push(command) and command.result is not None:
                self.result_text = command.result.summary
        self.finished.emit(self.result_text)
