"""Switching the tracker from a short "Open" list to a page of history lays the table out
before it is painted: the vertical scroll bar appears and the stretched "What" column
shrinks before the paint, so the table is painted once (it used to be painted a second
time, with the same pixels, by QTableView's column-resize timer). Real vault, real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import DelegationStatus, Quadrant
from leaddesk.ui.delegation.area import DelegationArea


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


@pytest.fixture
def area(ctx, qtbot):
    person = ctx.services.people.add("Rae Moss")
    service = ctx.services.delegations
    for i in range(40):  # more closed rows than the table shows: history needs a scroll bar
        task = ctx.services.tasks.capture(f"closed {i:02d}", quadrant=Quadrant.DO)
        d = service.create(task.id, person.id)
        service.close(d.id, DelegationStatus.DONE if i % 2 else DelegationStatus.CANCELLED)
    task = ctx.services.tasks.capture("still open", quadrant=Quadrant.DO)
    service.create(task.id, person.id)
    widget = DelegationArea(ctx)
    qtbot.addWidget(widget)
    widget.page_size = 25
    widget.resize(1100, 600)
    widget.refresh()
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def switch(area: DelegationArea, label: str) -> int:
    """Choose a status filter; how often the table's cells were painted."""
    counter = PaintCounter()
    viewport = area.table.viewport()
    viewport.installEventFilter(counter)
    area.status_filter.setCurrentIndex(area.status_filter.findText(label))
    settle()
    viewport.removeEventFilter(counter)
    return counter.paints


@pytest.mark.parametrize("label", ["All", "Done", "Cancelled"])
def test_history_page_is_painted_once(area, label) -> None:
    settle()
    assert not area.table.verticalScrollBar().isVisible()  # one open row
    assert switch(area, label) == 1
    assert area.table.verticalScrollBar().isVisible()
    assert switch(area, "Open") == 1  # and back: the scroll bar goes, one paint again
    assert not area.table.verticalScrollBar().isVisible()


def test_laying_out_first_changes_no_pixel(area, monkeypatch) -> None:
    settle()
    shots = []
    for lay_out in (True, False):
        if not lay_out:  # Qt's own order: laid out after the first paint
            monkeypatch.setattr(area, "_lay_out_table", lambda: None)
        found = []
        for label in ("All", "Open", "Done", "Open"):
            area.status_filter.setCurrentIndex(area.status_filter.findText(label))
            settle()
            widths = [area.table.columnWidth(c) for c in range(area.model.columnCount())]
            found.append((area.grab().toImage(), widths, area.table.currentIndex().row()))
        shots.append(found)
    for (image, widths, row), (old_image, old_widths, old_row) in zip(*shots, strict=True):
        assert widths == old_widths
        assert row == old_row
        assert image == old_image
