"""Chips under the quick-capture line: what LeadDesk read from it, each removable.

"Estimate the A/B test for Carla by fri 2h schedule" shows four chips: "from Carla Mendes",
"by Fri 20 Nov", "2h", "Schedule" (see ``domain.capture_parse``). A chip is removed with a
click, with Alt+1..Alt+4 (its number) from the line, or with Delete/Backspace when it has
the focus; its words then stay in the title. A removed chip stays removed while typing
goes on. Parts read from the line take the place of the requester and needed-by fields
only when those are left empty. The requester field completes from People; a known
person's name there links the request to them (it shows on their brief).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QToolButton, QWidget

from ...domain.capture_parse import Parsed, Part, parse_capture
from ...domain.model import Quadrant
from .commands import CaptureTaskCommand

if TYPE_CHECKING:
    from ...services.tasks import TaskService
    from .capture import QuickCaptureDialog

MAX_CHIPS = 4


class UnderstoodCaptureCommand(CaptureTaskCommand):
    """A capture with what the line said: also the estimate and the requester as a person."""

    def __init__(
        self,
        tasks: TaskService,
        title: str,
        *,
        quadrant: Quadrant,
        requester: str,
        needed_by: date | None,
        person_id: int | None,
        estimate_minutes: int | None,
    ) -> None:
        super().__init__(tasks, title, quadrant=quadrant, requester=requester, needed_by=needed_by)
        self._args["person_id"] = person_id
        self._args["estimate_minutes"] = estimate_minutes


class _Chip(QToolButton):
    def __init__(self, row: CaptureChips, part: Part, number: int) -> None:
        super().__init__()
        self.row = row
        self.part = part
        self.setText(f"{part.label}  ✕")
        self.setToolTip(
            f"Read from “{part.text}”. Remove (Alt+{number}): the words stay in the title"
        )
        self.setAccessibleName(f"Recognised {part.kind.replace('_', ' ')}: {part.label}")
        self.setAccessibleDescription(f"Alt+{number}, Delete or a click removes it")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAutoRaise(False)
        self.clicked.connect(lambda _checked=False: row.remove(part.kind))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.row.remove(self.part.kind)
            self.row.dialog.title_edit.setFocus()
            return
        super().keyPressEvent(event)


class CaptureChips(QWidget):
    def __init__(self, dialog: QuickCaptureDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.setAccessibleName("What was recognised")
        ctx = dialog.ctx
        self.today = ctx.clock.today()
        self.people: list[tuple[int, str]] = []
        if ctx.is_unlocked:
            self.people = [(p.id, p.name) for p in ctx.services.people.list() if p.id is not None]
        # The requester field completes from People (free text stays allowed).
        completer = QCompleter([name for _, name in self.people], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        dialog.requester_edit.setCompleter(completer)
        self.dismissed: set[tuple[str, str]] = set()  # (kind, words) the user removed
        self.parsed = Parsed("")
        self.chips: list[_Chip] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.hint = QLabel()
        self.hint.setEnabled(False)
        self._layout.addStretch(1)
        self._layout.addWidget(self.hint)
        dialog.title_edit.installEventFilter(self)  # Alt+1..Alt+4 while typing
        dialog.title_edit.textChanged.connect(self.reparse)
        self.reparse(dialog.title_edit.text())

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        if (
            watched is self.dialog.title_edit
            and event.type() == QEvent.Type.KeyPress
            and event.modifiers() == Qt.KeyboardModifier.AltModifier
            and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_1 + MAX_CHIPS - 1
        ):
            self.remove_number(event.key() - Qt.Key.Key_1 + 1)
            return True
        return super().eventFilter(watched, event)

    @classmethod
    def attach(cls, dialog: QuickCaptureDialog) -> CaptureChips:
        """Put a chip row under the dialog's title line."""
        chips = cls(dialog)
        layout = dialog.layout()
        index = layout.indexOf(dialog.title_edit)
        layout.insertWidget(index + 1, chips)  # type: ignore[attr-defined]
        return chips

    # -- reading ------------------------------------------------------------------------
    def reparse(self, text: str) -> None:
        parsed = parse_capture(text, self.people, self.today)
        for kind, words in self.dismissed:
            part = parsed.part(kind)  # type: ignore[arg-type]
            if part is not None and part.text.lower() == words:
                parsed = parsed.without(kind)  # type: ignore[arg-type]
        if parsed.parts == self.parsed.parts and parsed.text == self.parsed.text:
            return
        self.parsed = parsed
        self._show()

    def _show(self) -> None:
        for chip in self.chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        for number, part in enumerate(self.parsed.parts[:MAX_CHIPS], start=1):
            chip = _Chip(self, part, number)
            self._layout.insertWidget(number - 1, chip)
            self.chips.append(chip)
        self.hint.setText("Alt+number removes a chip" if self.chips else "")
        self.setVisible(bool(self.chips))

    def remove(self, kind: str) -> None:
        part = self.parsed.part(kind)  # type: ignore[arg-type]
        if part is None:
            return
        self.dismissed.add((kind, part.text.lower()))
        self.parsed = self.parsed.without(kind)  # type: ignore[arg-type]
        self._show()

    def remove_number(self, number: int) -> None:
        if 1 <= number <= len(self.parsed.parts):
            self.remove(self.parsed.parts[number - 1].kind)

    # -- filing -------------------------------------------------------------------------
    def understood(self) -> bool:
        """Is there anything beyond the plain fields: chips, or a known person typed in
        the requester field (the request is then linked to them)?"""
        return (
            bool(self.parsed.parts)
            or self.known_person(self.dialog.requester_edit.text()) is not None
        )

    def known_person(self, text: str) -> int | None:
        wanted = text.strip().casefold()
        found = [pid for pid, name in self.people if name.casefold() == wanted]
        return found[0] if wanted and len(found) == 1 else None

    def values(self) -> dict[str, Any]:
        """What to file: the title without the chips' words, and the chips' values where
        the dialog's own requester and needed-by fields were left empty."""
        dialog = self.dialog
        parsed = self.parsed
        requester = dialog.requester_edit.text()
        person_id = self.known_person(requester)
        if parsed.requester is not None and not requester.strip():
            person_id, requester = parsed.requester
        needed_by = None
        if dialog.needed_check.isChecked():
            qdate = dialog.needed_date.date()
            needed_by = date(qdate.year(), qdate.month(), qdate.day())
        elif parsed.needed_by is not None:
            needed_by = parsed.needed_by
        return {
            "title": parsed.title,
            "quadrant": parsed.quadrant or Quadrant.INBOX,
            "requester": requester,
            "needed_by": needed_by,
            "person_id": person_id,
            "estimate_minutes": parsed.estimate_minutes,
        }

    def command(self) -> UnderstoodCaptureCommand:
        values = self.values()
        title = values.pop("title")
        return UnderstoodCaptureCommand(self.dialog.ctx.services.tasks, title, **values)
