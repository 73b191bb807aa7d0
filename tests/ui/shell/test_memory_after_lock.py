"""Text that was only viewed does not stay in the UI's memory after a lock (issue 19,
item 12).

Every area is built, notes, names and titles are viewed (and searched), dialogs are open;
then the real lock runs. Afterwards no Qt model, text document, line edit (including its
undo history), label, button, combo box or tooltip anywhere in the application may still
hold the marker, and no domain record holding it may be reachable from the UI's objects.

What is deliberately kept is the undo history of the session (README, "Memory of the
running app"): this test only views, so the undo stack is empty. Python cannot promise
that the bytes of a freed string are overwritten, so the assertions are about objects
that still *hold* the text, not about raw memory.
"""

from __future__ import annotations

import gc
from datetime import date, datetime

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGraphicsScene,
    QLabel,
    QLineEdit,
    QWidget,
)

from leaddesk.domain.model import BlockKind, NoteKind, Person, Task, TimeBlock
from leaddesk.domain.model import Note as NoteRecord
from tests.conftest import BERLIN

MARK = "Quokka"  # in names, titles and note text; appears nowhere else in the app
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    *range(Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 12),
)


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return max(model.columnCount(parent), 1)
    except TypeError:  # a list model's columnCount is private in PySide
        return 1


def _has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return bool(model.hasChildren(index))
    except TypeError:  # a list or table model has no tree below its rows
        return False


def _model_hits(model: QAbstractItemModel, parent: QModelIndex, depth: int = 0) -> list[str]:
    hits: list[str] = []
    if depth > 3:
        return hits
    rows = model.rowCount(parent)
    for row in range(min(rows, 500)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            for role in ROLES:
                value = index.data(role)
                if value is not None and MARK in repr(value):
                    hits.append(f"{type(model).__name__}[{row},{column}] role {int(role)}")
            if column == 0 and _has_children(model, index):
                hits.extend(_model_hits(model, index, depth + 1))
    for section in range(_columns(model, parent)):
        header = model.headerData(section, Qt.Orientation.Horizontal)
        if header is not None and MARK in str(header):
            hits.append(f"{type(model).__name__} header {section}")
    return hits


def _where(obj: QObject) -> str:
    """The object and the widgets it sits in, for a readable failure."""
    parts = [type(obj).__name__]
    parent = obj.parent()
    while parent is not None and len(parts) < 5:
        label = parent.accessibleName() if isinstance(parent, QWidget) else ""
        parts.append(f"{type(parent).__name__}{f'[{label}]' if label else ''}")
        parent = parent.parent()
    return " in ".join(parts)


def _object_hits(obj: QObject) -> list[str]:
    name = _where(obj)
    texts: list[str] = []
    if isinstance(obj, QAbstractItemModel):
        return _model_hits(obj, QModelIndex())
    if isinstance(obj, QTextDocument):
        texts.append(obj.toPlainText())
        if obj.isUndoAvailable():  # its history cannot be read: any history is a hit
            return [f"{name} (undo history)"]
    if isinstance(obj, QLineEdit):
        texts.append(obj.text())
        if obj.isUndoAvailable():
            obj.undo()  # the previous text is what the undo history holds
            texts.append(obj.text())
    if isinstance(obj, QLabel | QAbstractButton):
        texts.append(obj.text())
    if isinstance(obj, QComboBox):
        texts.extend(obj.itemText(i) for i in range(obj.count()))
    if isinstance(obj, QWidget):
        texts.extend([obj.toolTip(), obj.windowTitle(), obj.accessibleDescription()])
    return [name for text in texts if MARK in (text or "")]


def _held(value: object, depth: int = 0) -> bool:
    """Does a Python attribute value (a cache, a stash, a record) hold the marker?"""
    if isinstance(value, str):
        return MARK in value
    if depth > 3:
        return False
    if isinstance(value, dict):
        return any(_held(k, depth + 1) or _held(v, depth + 1) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(_held(v, depth + 1) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return MARK in repr(value)
    return False


def _python_attribute_hits(obj: QObject) -> list[str]:
    """Caches and stashes kept as Python attributes of a UI object."""
    attributes = getattr(obj, "__dict__", {})
    return [
        f"{type(obj).__name__}.{name}"
        for name, value in attributes.items()
        if not isinstance(value, QObject) and _held(value)
    ]


def _all_objects() -> list[QObject]:
    """Every QObject under a widget, and parentless models and documents Python holds."""
    seen: set[int] = set()
    objects: list[QObject] = []
    for widget in QApplication.allWidgets():
        for obj in [widget, *widget.findChildren(QObject)]:
            if id(obj) not in seen:
                seen.add(id(obj))
                objects.append(obj)
    gc.collect()
    for obj in gc.get_objects():
        if isinstance(obj, QAbstractItemModel | QTextDocument) and id(obj) not in seen:
            seen.add(id(obj))
            objects.append(obj)
    return objects


def private_text_left(earlier: list[QObject]) -> list[str]:
    """Hits in objects made by this test (``earlier``: what other tests of this process
    left behind, held here so no new object can reuse one of their ids)."""
    skip = {id(obj) for obj in earlier}
    seen: set[int] = set(skip)
    objects: list[QObject] = []
    for widget in QApplication.allWidgets():
        for obj in [widget, *widget.findChildren(QObject)]:
            if id(obj) not in seen:
                seen.add(id(obj))
                objects.append(obj)
    gc.collect()
    for obj in gc.get_objects():  # parentless models and documents held by Python
        if isinstance(obj, QAbstractItemModel | QTextDocument) and id(obj) not in seen:
            seen.add(id(obj))
            objects.append(obj)
    hits: list[str] = []
    for obj in objects:
        try:
            hits.extend(_object_hits(obj))
            hits.extend(_python_attribute_hits(obj))
            if isinstance(obj, QGraphicsScene):
                for item in obj.items():  # graphics items are not QObjects
                    texts = [item.toolTip(), getattr(item, "toPlainText", lambda: "")()]
                    hits.extend(f"{type(item).__name__} in a scene" for t in texts if MARK in t)
        except RuntimeError:  # deleted on the C++ side meanwhile: holds nothing
            continue
    return hits


def domain_records_left() -> list[str]:
    gc.collect()
    kinds = (NoteRecord, Person, Task, TimeBlock)
    return [
        type(obj).__name__
        for obj in gc.get_objects()
        if isinstance(obj, kinds) and MARK in repr(obj)
    ]


def test_viewed_notes_names_and_titles_are_dropped_at_lock(ctx, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    services = ctx.services
    # Only ids are kept here: the test's own variables must not hold the records.
    person_id = services.people.add(f"Ana {MARK}", role=f"{MARK} lead").id
    note_ids = [
        services.notes.add_note(person_id, NoteKind.ONE_ON_ONE, f"{MARK} note {i}: private").id
        for i in range(4)
    ]
    services.notes.add_note(
        person_id, NoteKind.FEEDBACK_GIVEN, "", situation=f"{MARK} demo", impact=f"{MARK} hurt"
    )
    services.notes.add_topic(person_id, f"{MARK} topic")
    services.notes.add_goal(person_id, f"{MARK} goal")
    task_id = services.tasks.capture(f"{MARK} task title", requester=f"{MARK} asked").id
    start = datetime(2026, 11, 18, 9, tzinfo=BERLIN)
    services.blocks.create(f"{MARK} block", BlockKind.FOCUS, start, start.replace(hour=10))

    earlier = _all_objects()  # left by other tests of this process: not this test's business
    window = make_window()
    window.ensure_all_areas()
    for area in window.areas.values():
        area.refresh()
    window.show_area("people")
    people = window.areas["people"]
    people.open_person(person_id)
    page = people.person_page
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)  # brief, notes, feedback, growth all viewed
    for note_id in note_ids:
        page.show_note(note_id, MARK)
    people.search_box.setText(MARK)
    people.run_search()
    assert people.search_model.rowCount() > 0
    window.show_area("week")
    window.show_area("matrix")
    window.show_area("delegations")
    services.reviews.save(date(2026, 11, 16), lessons=f"{MARK} lesson", deprioritized={})
    window.show_area("review")
    review = window.areas["review"]
    review.start_review()
    for step in range(len(review.steps)):
        review._go_step(step)  # every step of the Friday review viewed
    review.show_insights()
    matrix = window.areas["matrix"]
    matrix.filter_edit.setText(MARK)  # a filter term typed and shown
    from leaddesk.ui.delegation.checkin import open_check_in
    from leaddesk.ui.delegation.create import edit_delegation
    from leaddesk.ui.matrix.editor import open_task_editor
    from leaddesk.ui.people.quick_note import open_quick_note

    open_task_editor(ctx, window, task_id)  # open dialogs showing titles, names, text
    other = services.tasks.capture(f"{MARK} handed over").id
    services.delegations.create(other, person_id, expected_outcome=f"{MARK} outcome")
    delegation_id = services.delegations.for_task(other).id
    edit_delegation(ctx, None, delegation_id)
    open_check_in(ctx, window, delegation_id)
    open_quick_note(ctx, None, person_id)
    window.areas["delegations"].refresh()
    assert private_text_left(earlier), "the probe must see the text while unlocked"

    ctx.lock()

    assert private_text_left(earlier) == []
    assert domain_records_left() == []
