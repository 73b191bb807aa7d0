"""Issue 15 (keyboard): a visible focus ring, and switching areas puts the keys to work.

After Ctrl+2 the focus used to stay in the sidebar, so Alt+Right did nothing; tabbing into a
quadrant selected no card, so Alt+1..4 did nothing; buttons showed no focus at all.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QToolButton, QVBoxLayout

from leaddesk.domain.model import Quadrant
from leaddesk.services.demo import seed_demo
from leaddesk.ui.theme import DARK, LIGHT, ThemeManager


@pytest.fixture
def themed(qapp, app_settings):  # type: ignore[no-untyped-def]
    sheet, palette = qapp.styleSheet(), qapp.palette()

    def apply(scheme: str) -> ThemeManager:
        app_settings.set("ui/theme", scheme)
        return ThemeManager(qapp, app_settings)

    yield apply
    for manager in qapp.findChildren(ThemeManager):
        manager.setParent(None)
        manager.deleteLater()
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def _accent_pixels(image: QImage, accent: str) -> int:
    want = QColor(accent)
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - want.red()) < 24
                and abs(c.green() - want.green()) < 24
                and abs(c.blue() - want.blue()) < 24
            ):
                count += 1
    return count


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_buttons_show_a_focus_ring_in_both_schemes(scheme, themed, qtbot) -> None:
    themed(scheme)
    accent = (DARK if scheme == "dark" else LIGHT).accent
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    first, second = QPushButton("Back"), QPushButton("Next")
    tool = QToolButton()
    tool.setText("Lock")
    tool.setAutoRaise(True)
    tool.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    for widget in (first, second, tool):
        layout.addWidget(widget)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # focus (and its style) reaches only an active window (xcb)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    for widget in (first, tool):
        second.setFocus()
        QApplication.processEvents()
        unfocused = _accent_pixels(widget.grab().toImage(), accent)
        widget.setFocus()
        QApplication.processEvents()
        assert widget.hasFocus()
        focused = _accent_pixels(widget.grab().toImage(), accent)
        # a ring all around the button: at least its perimeter in the accent colour
        ring = widget.width() + widget.height()
        assert focused - unfocused >= ring, (type(widget).__name__, focused, unfocused)


def _press(window, qtbot, keys: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest

    combo = QKeySequence(keys)[0]
    target = window.focusWidget() or window
    QTest.keyClick(target, combo.key(), combo.keyboardModifiers())
    QApplication.processEvents()


def test_ctrl_2_focuses_the_week_grid_and_alt_right_moves_the_week(ctx, make_window, qtbot):
    seed_demo(ctx.services)
    window = make_window()
    window.activateWindow()
    window.show_area("matrix")
    window.sidebar.setFocus()  # where the focus was stuck before
    window.area_actions[1].trigger()  # Ctrl+2
    QApplication.processEvents()
    week = window.areas["week"]
    assert window.focusWidget() is week.grid
    before = week.anchor
    _press(window, qtbot, "Alt+Right")
    assert (week.anchor - before).days == 7


def test_every_area_switch_gives_its_main_view_the_focus(ctx, make_window, qtbot) -> None:
    seed_demo(ctx.services)
    window = make_window()
    expected = {
        "matrix": lambda a: a.panels[Quadrant.INBOX].view,
        "week": lambda a: a.grid,
        "delegations": lambda a: a.table,
        "people": lambda a: a.people_view,
    }
    for number, (key, main) in enumerate(expected.items(), start=1):
        window.sidebar.setFocus()
        window.area_actions[number - 1].trigger()
        QApplication.processEvents()
        area = window.areas[key]
        assert window.focusWidget() is main(area), key
    # On a person's page, People gives the focus to the page's tabs (not the search box).
    people = window.areas["people"]
    people.open_person(ctx.services.people.list()[0].id)
    window.show_area("matrix")
    window.area_actions[3].trigger()
    assert window.focusWidget() is people.person_page.tabs.tabBar()
    # The review takes the focus into itself too (not the sidebar).
    window.area_actions[4].trigger()
    assert window.areas["review"].isAncestorOf(window.focusWidget())


def test_arrow_keys_in_the_sidebar_browse_and_enter_goes_in(ctx, make_window, qtbot) -> None:
    window = make_window()
    window.show_area("matrix")
    window.sidebar.setFocus()
    _press(window, qtbot, "Down")
    assert window.current_area_key() == "week"
    assert window.focusWidget() is window.sidebar  # the next arrow still browses
    _press(window, qtbot, "Return")
    assert window.focusWidget() is window.areas["week"].grid


def test_tabbing_into_a_quadrant_selects_its_current_card(ctx, make_window, qtbot) -> None:
    tasks = ctx.services.tasks
    for title in ("Alpha", "Beta"):
        tasks.capture(title)
    window = make_window()
    window.activateWindow()  # focus-in events reach only an active window (xcb)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.show_area("matrix")
    area = window.areas["matrix"]
    inbox = area.panels[Quadrant.INBOX].view
    assert inbox.model().rowCount() == 2
    inbox.clearSelection()
    area.person_combo.setFocus()
    inbox.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    assert inbox.selected_ids(), "entering the list selects a card"
    first = inbox.selected_ids()
    _press(window, qtbot, "Alt+1")  # the selected card moves to Do at once
    do_ids = area.models[Quadrant.DO].task_ids()
    assert first[0] in do_ids
