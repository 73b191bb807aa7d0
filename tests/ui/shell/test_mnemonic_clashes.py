"""Issue 15: no window has two Alt-mnemonics on one letter.

Alt+F opened the File menu instead of the Feedback tab; Alt+N hit both the Notes tab and
"New note". This walks the main window with every area built (each area shown in turn),
the person page's tabs, and every dialog, and fails on a clash.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QWidget,
)

from leaddesk.domain.model import BlockKind
from leaddesk.services.demo import seed_demo
from leaddesk.ui.area import AREAS
from tests.conftest import BERLIN, PASSPHRASE


def _letter(text: str) -> str:
    seq = QKeySequence.mnemonic(text)
    return seq.toString(QKeySequence.SequenceFormat.PortableText) if not seq.isEmpty() else ""


def mnemonic_owners(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter -> the texts that use it, among what shows in ``window`` right now."""
    owners: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        key = _letter(text)
        if key:
            owners[key].append(text)

    if isinstance(window, QMainWindow) and window.menuBar().isVisibleTo(window):
        for action in window.menuBar().actions():
            add(action.text())
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            add(widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget.title())
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index):
                    add(widget.tabText(index))
    return owners


def clashes(window: QWidget, where: str) -> list[str]:
    QApplication.processEvents()
    return [
        f"{where}: {key} on {texts}"
        for key, texts in mnemonic_owners(window).items()
        if len(texts) > 1
    ]


def walk_pages(window: QWidget, where: str) -> list[str]:
    """Clashes in every state of the window's tabs and page lists (one at a time)."""
    found = clashes(window, where)
    for tabs in window.findChildren(QTabWidget):
        if not tabs.isVisibleTo(window):
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            found += clashes(window, f"{where} tab {tabs.tabText(index)!r}")
    for pages in window.findChildren(QListWidget):
        stack = next(
            (s for s in window.findChildren(QStackedWidget) if s.count() == pages.count()), None
        )
        if stack is None or pages.objectName() not in ("PreferencePages",):
            continue
        for row in range(pages.count()):
            pages.setCurrentRow(row)
            found += clashes(window, f"{where} page {pages.item(row).text()!r}")
    return list(dict.fromkeys(found))


def _open_dialogs() -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and not isinstance(w, QMainWindow)
    ]


def test_the_main_window_and_the_person_page_have_no_clash(ctx, make_window, qtbot) -> None:
    seed_demo(ctx.services)
    window = make_window()
    window.ensure_all_areas()
    found: list[str] = []
    for spec in AREAS:
        window.show_area(spec.key)
        found += walk_pages(window, f"main window, {spec.key}")
    people = window.areas["people"]
    window.show_area("people")
    person = ctx.services.people.list()[0]
    people.open_person(person.id)
    found += walk_pages(window, "person page")
    review = window.areas["review"]
    window.show_area("review")
    review.start_review()
    for step in range(len(review.steps)):
        review._go_step(step)
        found += clashes(window, f"review step {step + 1}")
    assert found == [], "\n".join(found)


def test_no_dialog_has_a_clash(ctx, make_window, qtbot, app_paths) -> None:
    from leaddesk.ui.delegation.checkin import open_check_in
    from leaddesk.ui.delegation.create import open_delegation_dialog
    from leaddesk.ui.delegation.debrief import open_debrief
    from leaddesk.ui.dialogs.change_passphrase import ChangePassphraseDialog
    from leaddesk.ui.dialogs.create_vault import CreateVaultDialog
    from leaddesk.ui.dialogs.restore_backup import RestoreBackupDialog
    from leaddesk.ui.dialogs.unlock import UnlockDialog
    from leaddesk.ui.matrix.capture import open_quick_capture
    from leaddesk.ui.matrix.editor import open_task_editor
    from leaddesk.ui.people.quick_note import open_quick_note

    services = ctx.services
    ana = services.people.add("Ana Pérez")
    task = services.tasks.capture("Prepare the board demo")
    other = services.tasks.capture("Write the release notes")
    services.delegations.create(other.id, ana.id, expected_outcome="Notes out")
    delegation_id = services.delegations.for_task(other.id).id
    start = datetime(2026, 11, 18, 9, tzinfo=BERLIN)
    made = services.blocks.create("Focus", BlockKind.FOCUS, start, start.replace(hour=10))
    block_id = made.created_ids[0]
    window = make_window()
    window.ensure_all_areas()
    week = window.areas["week"]

    openers = {
        "task editor": lambda: open_task_editor(ctx, window, task.id),
        "block editor": lambda: week.edit_block(block_id),
        "new block": lambda: week.new_block_dialog(),
        "quick capture": lambda: open_quick_capture(ctx, window),
        "quick note": lambda: open_quick_note(ctx, None, ana.id),
        "delegate": lambda: open_delegation_dialog(ctx, window, task_id=task.id),
        "check-in": lambda: open_check_in(ctx, window, delegation_id),
        "debrief": lambda: open_debrief(ctx, window, delegation_id),
        "preferences": window.open_preferences,
        "shortcuts": window.open_shortcuts,
        "change passphrase": lambda: ChangePassphraseDialog(ctx, window).show(),
        "create vault": lambda: CreateVaultDialog(lambda _p: None, window).show(),
        "unlock": lambda: UnlockDialog(lambda _p: None, window).show(),
        "restore": lambda: RestoreBackupDialog(app_paths, window, passphrase=PASSPHRASE).show(),
    }
    found: list[str] = []
    walked: list[str] = []
    for name, open_it in openers.items():
        before = {id(w) for w in _open_dialogs()}
        seen: list[QWidget] = []

        def inspect(name: str = name, before: set[int] = before, seen: list = seen) -> None:
            opened = [w for w in _open_dialogs() if id(w) not in before]
            seen.extend(opened)
            for dialog in opened:
                found.extend(walk_pages(dialog, name))
                dialog.close()  # also ends a dialog's own exec()

        QTimer.singleShot(30, inspect)  # inside exec() for the dialogs that run their own loop
        open_it()
        qtbot.waitUntil(lambda seen=seen: bool(seen), timeout=3000)
        walked.append(name)
        QApplication.processEvents()
    assert found == [], "\n".join(found)
    assert len(walked) == len(openers)
