"""Issue 15: Ctrl+/ lists every area's keys too, with a search field; keyboard only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

from leaddesk.ui.area import AREAS
from leaddesk.ui.dialogs.shortcuts import ShortcutsDialog


def _open(window, qtbot) -> ShortcutsDialog:  # type: ignore[no-untyped-def]
    window.actions_by_id[next(i for i in window.actions_by_id if i.value == "shortcuts")].trigger()
    QApplication.processEvents()
    dialog = next(w for w in window.findChildren(ShortcutsDialog) if w.isVisible())
    qtbot.addWidget(dialog)
    return dialog


def test_every_area_and_every_key_it_registers_is_listed(ctx, make_window, qtbot) -> None:
    window = make_window()
    dialog = _open(window, qtbot)
    rows = dialog.visible_rows()
    groups = {group for group, _text, _keys in rows}
    assert {spec.title for spec in AREAS} <= groups
    listed = {keys for _g, _t, keys in rows}
    listed_parts = {part.strip() for keys in listed for part in keys.split(",")}
    native = QKeySequence.SequenceFormat.NativeText
    for spec in AREAS:
        area = window.areas[spec.key]
        actions = area.findChildren(QAction)
        registered = [a.shortcut() for a in actions if not a.shortcut().isEmpty()]
        registered += [s.key() for s in area.findChildren(QShortcut) if not s.key().isEmpty()]
        for seq in registered:
            text = seq.toString(native)
            if text in ("Esc", "O", "E", "D"):  # single keys inside a list: documented in words
                continue
            assert text in listed_parts, (spec.key, text)
    assert ("Matrix", "Complete the selected cards", "Space") in rows
    assert any(g == "Week" and "Alt+Right" in k for g, _t, k in rows)


def test_the_search_filters_and_down_goes_into_the_list(ctx, make_window, qtbot) -> None:
    window = make_window()
    dialog = _open(window, qtbot)
    assert dialog.focusWidget() is dialog.search
    qtbot.keyClicks(dialog.search, "next week")
    rows = dialog.visible_rows()
    assert rows
    for g, t, k in rows:  # every word of the search, anywhere in the row
        assert all(word in f"{g} {t} {k}".casefold() for word in ("next", "week"))
    assert ("Week", "Next week", "Alt+Right") in rows
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.focusWidget() is dialog.tree
    assert dialog.tree.currentItem().text(0) == rows[0][1]
    dialog.search.setText("zzz no such key")
    assert dialog.visible_rows() == [] and not dialog.no_match.isHidden()
