"""The main window shell: navigation, undo wiring, persistence, privacy screen, lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence

from leaddesk.domain.model import Quadrant
from leaddesk.ui.actions import ACTIONS, ActionId, create_action
from leaddesk.ui.area import AREAS
from leaddesk.ui.dialogs.common import WRONG_PASSPHRASE_MESSAGE
from leaddesk.ui.empty_state import EmptyState
from leaddesk.ui.main_window import DEMO_TITLE, GEOMETRY_KEY, LAST_AREA_KEY
from leaddesk.ui.settings import AppSettings
from tests.conftest import PASSPHRASE


def _activate(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)


# -- navigation ------------------------------------------------------------------------------
def test_sidebar_switches_areas_and_creates_each_only_once(make_window) -> None:
    window = make_window()
    assert window.windowTitle() == "LeadDesk"
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == [
        spec.title for spec in AREAS
    ]
    window.sidebar.setCurrentRow(2)
    assert window.current_area_key() == AREAS[2].key
    page = window.stack.currentWidget()
    first = window.ensure_area(AREAS[2].key)
    window.sidebar.setCurrentRow(0)
    window.sidebar.setCurrentRow(2)
    assert window.stack.currentWidget() is page
    assert window.ensure_area(AREAS[2].key) is first


def test_ctrl_number_keys_switch_areas(make_window, qtbot) -> None:
    window = make_window()
    _activate(window, qtbot)
    for number, spec in reversed(list(enumerate(AREAS, start=1))):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_area_key() == spec.key
        assert window.sidebar.currentRow() == number - 1
        assert window.area_actions[number - 1].isChecked()
    assert window.area_actions[3].shortcut() == QKeySequence("Ctrl+4")


def test_an_area_whose_module_is_missing_shows_coming_soon(shell_areas, make_window) -> None:
    window = make_window()
    window.show_area("missing")
    page = window.ensure_area("missing")
    assert isinstance(page, EmptyState)
    assert page.badge_label.text() == "Coming soon"
    assert page.hint_label.text() == "An area whose module has not landed yet."
    assert page.isVisible()


# -- undo ------------------------------------------------------------------------------------
def test_edit_undo_and_redo_act_on_the_one_undo_stack(ctx, make_window) -> None:
    window = make_window()
    tasks = ctx.services.tasks
    assert ctx.run(lambda s: s.tasks.capture("Prepare the quarterly planning deck"), "Capture task")
    assert len(tasks.open_tasks(Quadrant.INBOX)) == 1
    edit_actions = window.menus["edit"].actions()
    assert window.undo_action in edit_actions and window.redo_action in edit_actions
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Capture task"
    assert QKeySequence(QKeySequence.StandardKey.Undo) in window.undo_action.shortcuts()

    window.undo_action.trigger()
    assert tasks.open_tasks() == []
    assert not window.undo_action.isEnabled()
    assert window.redo_action.isEnabled()

    window.redo_action.trigger()
    assert [t.title for t in tasks.open_tasks()] == ["Prepare the quarterly planning deck"]
    assert ctx.undo_stack.index() == 1


# -- persistence -----------------------------------------------------------------------------
def test_geometry_and_last_area_are_restored_without_private_content(
    ctx, shell_areas, make_window, app_paths
) -> None:
    ctx.services.tasks.capture("Confidential: reorg plan for Dana's team")
    # Only small pages get built: real areas may be wider than the 800x600 offscreen screen.
    ctx.settings.set(LAST_AREA_KEY, "probe")
    first = make_window()
    assert first.current_area_key() == "probe"
    first.show_area("missing")
    first.resize(790, 580)  # within the 800x600 offscreen screen, unlike the default size
    size = first.size()
    assert (size.width(), size.height()) != (1180, 760)
    first.close()
    assert ctx.settings.raw(LAST_AREA_KEY) == "missing"

    # A second start reads the INI file fresh.
    reread = AppSettings(QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat))
    assert reread.raw(GEOMETRY_KEY) is not None
    second = make_window()
    assert second.current_area_key() == "missing"
    assert second.size() == size

    text = Path(app_paths.settings_file).read_text(encoding="utf-8", errors="replace")
    assert "reorg" not in text and "Dana" not in text
    keys = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat).allKeys()
    assert all(k.startswith(("window/", "area/", "ui/", "week/", "security/")) for k in keys)


def test_an_unknown_last_area_falls_back_to_the_first(ctx, make_window) -> None:
    ctx.settings.set(LAST_AREA_KEY, "gone")
    assert make_window().current_area_key() == AREAS[0].key


# -- privacy screen --------------------------------------------------------------------------
def test_privacy_screen_toggle_and_status_indicator(ctx, make_window, qtbot) -> None:
    window = make_window()
    action = window.actions_by_id[ActionId.PRIVACY_SCREEN]
    assert action in window.menus["view"].actions()
    assert not window.privacy_indicator.isVisible()

    action.trigger()
    assert ctx.privacy_screen is True
    assert window.privacy_indicator.isVisible()
    assert window.privacy_indicator.text() == "Privacy screen on"

    ctx.set_privacy_screen(False)  # e.g. turned off by another window
    assert not action.isChecked()
    assert not window.privacy_indicator.isVisible()

    _activate(window, qtbot)
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert ctx.privacy_screen is True
    assert window.privacy_indicator.isVisible()


# -- lock ------------------------------------------------------------------------------------
def test_lock_forgets_everything_and_unlock_returns_to_the_same_area(
    ctx, shell_areas, make_window, qtbot, app_paths
) -> None:
    task_id = ctx.services.tasks.capture("Talk to Priya about the promotion").id
    window = make_window()
    window.show_area("probe")
    probe = window.areas["probe"]
    assert probe.label.text() == "Talk to Priya about the promotion"
    assert ctx.run(lambda s: s.tasks.update(task_id, estimate_minutes=30), "Edit task")

    window.actions_by_id[ActionId.LOCK].trigger()
    assert not ctx.is_unlocked
    assert ctx.undo_stack.count() == 1 and not window.undo_action.isEnabled()  # kept, inert
    assert probe.calls[-1] == "clear_private"
    assert probe.label.text() == ""
    assert not window.isVisible()
    dialog = window.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    assert not (app_paths.vault.parent / (app_paths.vault.name + "-wal")).exists()
    before = app_paths.vault.read_bytes()

    for attempt in range(1, 4):  # three wrong tries: a message each time, nothing locked
        dialog.passphrase.setText(f"wrong guess {attempt}")
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.busy, timeout=10_000)
        assert dialog.error.text() == WRONG_PASSPHRASE_MESSAGE
        assert dialog.isVisible() and not dialog.passphrase.isReadOnly()
        assert dialog.passphrase.selectedText() == f"wrong guess {attempt}"
        dialog.error.hide()
    assert app_paths.vault.read_bytes() == before
    assert not Path(str(app_paths.vault) + "-wal").exists()
    assert not Path(str(app_paths.vault) + "-shm").exists()

    dialog.passphrase.setText(PASSPHRASE)
    dialog.submit()
    qtbot.waitUntil(lambda: ctx.is_unlocked, timeout=5000)
    assert window.isVisible()
    assert window.unlock_dialog is None
    assert window.current_area_key() == "probe"
    assert probe.calls[-1] == "refresh"
    assert probe.label.text() == "Talk to Priya about the promotion"
    ctx.services.tasks.capture("Works after unlocking")


def test_locking_from_the_context_also_shows_the_unlock_dialog(ctx, make_window) -> None:
    window = make_window()
    ctx.lock()  # e.g. the idle timer
    assert window.unlock_dialog is not None and window.unlock_dialog.isVisible()
    assert not window.isVisible()
    window.lock_now()  # a second lock while locked is harmless
    assert window.unlock_dialog.isVisible()


def test_quitting_from_the_lock_screen_closes_the_window(ctx, make_window, qtbot) -> None:
    window = make_window()
    window.lock_now()
    with qtbot.waitSignal(window.closed, timeout=10_000):
        window.unlock_dialog.quit_button.click()
    assert not window.isVisible()


# -- actions ---------------------------------------------------------------------------------
def test_menus_hold_the_standard_actions(make_window) -> None:
    window = make_window()
    actions = window.actions_by_id
    file_actions = window.menus["file"].actions()
    for action_id in (ActionId.QUICK_CAPTURE, ActionId.QUICK_NOTE, ActionId.LOCK, ActionId.QUIT):
        assert actions[action_id] in file_actions
    assert actions[ActionId.QUICK_CAPTURE].shortcut() == QKeySequence("Ctrl+N")
    assert actions[ActionId.QUICK_NOTE].shortcut() == QKeySequence("Ctrl+Shift+N")
    assert actions[ActionId.LOCK].shortcut() == QKeySequence("Ctrl+L")
    assert QKeySequence("Ctrl+,") in actions[ActionId.PREFERENCES].shortcuts()
    assert QKeySequence("Ctrl+Q") in actions[ActionId.QUIT].shortcuts()
    assert actions[ActionId.PREFERENCES] in window.menus["edit"].actions()
    help_actions = window.menus["help"].actions()
    assert actions[ActionId.ABOUT] in help_actions and actions[ActionId.SHORTCUTS] in help_actions


def test_global_actions_without_their_module_are_disabled_as_coming_soon(
    make_window, monkeypatch
) -> None:
    window = make_window()
    spec = ACTIONS[ActionId.QUICK_NOTE]
    monkeypatch.setitem(
        ACTIONS,
        ActionId.QUICK_NOTE,
        type(spec)(spec.text, spec.keys, spec.tip, target="leaddesk.ui.nowhere.mod:open_it"),
    )
    action = create_action(ActionId.QUICK_NOTE, window)
    assert not action.isEnabled()
    assert action.toolTip() == "Coming soon"


def test_about_names_the_version_and_sqlcipher(make_window) -> None:
    from leaddesk import __version__
    from leaddesk.services.unlocking import sqlcipher_version

    text = make_window().about_text()
    assert __version__ in text
    assert sqlcipher_version() and f"SQLCipher {sqlcipher_version()}" in text


def test_keyboard_shortcuts_dialog_lists_the_live_shortcuts(make_window) -> None:
    window = make_window()
    dialog = window.open_shortcuts()
    texts = []
    root = dialog.tree.invisibleRootItem()
    for g in range(root.childCount()):
        group = root.child(g)
        texts += [
            (group.child(i).text(0), group.child(i).text(1)) for i in range(group.childCount())
        ]
    assert ("Lock", "Ctrl+L") in texts
    assert ("Privacy screen", "Ctrl+Shift+P") in texts
    assert (AREAS[0].title, "Ctrl+1") in texts
    undo_keys = dict(texts)["Undo"].split(", ")
    assert "Ctrl+Z" in undo_keys
    assert all("+" in key for key in undo_keys)  # chords only, not the X11 Undo/F14 keys
    dialog.reject()


@pytest.mark.parametrize("demo", [False, True])
def test_demo_windows_say_so_in_the_title(ctx, make_window, demo) -> None:
    ctx.demo = demo
    window = make_window()
    assert (window.windowTitle() == DEMO_TITLE) is demo


def test_locking_closes_open_dialogs(ctx, make_window) -> None:
    window = make_window()
    preferences = window.open_preferences()
    assert preferences.isVisible()
    window.lock_now()
    assert not preferences.isVisible()
    assert window.unlock_dialog.isVisible()


@pytest.mark.expected_error_log("leaddesk.ui.main_window")
def test_a_failing_area_does_not_stop_the_others_from_forgetting(
    ctx, shell_areas, make_window, monkeypatch
) -> None:
    ctx.settings.set(LAST_AREA_KEY, "probe")
    window = make_window()
    probe = window.areas["probe"]

    class Broken:
        def clear_private(self) -> None:
            raise RuntimeError("boom")

    window.areas = {"broken": Broken(), **window.areas}  # type: ignore[dict-item]
    window.lock_now()
    assert probe.calls[-1] == "clear_private"
    assert window.unlock_dialog.isVisible()


def _window_shortcut_clashes(window) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction, QShortcut

    owners: dict[str, dict[int, str]] = {}
    for action in window.findChildren(QAction):
        if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut:
            for key in action.shortcuts():
                owners.setdefault(key.toString(), {})[id(action)] = action.text()
    for shortcut in window.findChildren(QShortcut):
        if shortcut.context() == Qt.ShortcutContext.WindowShortcut and shortcut.isEnabled():
            for key in shortcut.keys():  # noqa: SIM118 (QShortcut, not a dict)
                owners.setdefault(key.toString(), {})[id(shortcut)] = shortcut.objectName()
    return {k: list(v.values()) for k, v in owners.items() if k and len(v) > 1}


def test_no_two_window_wide_shortcuts_share_a_key(make_window) -> None:
    """An ambiguous shortcut fires neither action, so areas must not reuse the shell's keys."""
    from PySide6.QtGui import QAction

    window = make_window()
    window.ensure_all_areas()
    assert _window_shortcut_clashes(window) == {}
    extra = QAction("Something else", window)
    extra.setShortcut(QKeySequence("Ctrl+L"))
    assert "Ctrl+L" in _window_shortcut_clashes(window)


def test_global_actions_call_their_entry_point_with_the_context(ctx, make_window, monkeypatch):
    from tests.ui.shell import probe_area

    spec = ACTIONS[ActionId.QUICK_CAPTURE]
    monkeypatch.setitem(
        ACTIONS,
        ActionId.QUICK_CAPTURE,
        type(spec)(spec.text, spec.keys, spec.tip, target="tests.ui.shell.probe_area:record_entry"),
    )
    probe_area.ENTRY_CALLS.clear()
    window = make_window()
    window.actions_by_id[ActionId.QUICK_CAPTURE].trigger()
    assert [(ctx, window)] == probe_area.ENTRY_CALLS
    window.lock_now()  # while locked, nothing private may open
    window._run_entry_point(ActionId.QUICK_CAPTURE)
    assert len(probe_area.ENTRY_CALLS) == 1


def test_a_dialog_that_drives_the_lock_can_stay_open(ctx, make_window) -> None:
    from PySide6.QtWidgets import QDialog

    from leaddesk.ui.main_window import KEEP_ON_LOCK

    window = make_window()
    preferences = window.open_preferences()
    restoring = QDialog(preferences)  # e.g. restoring a backup locks the vault first
    restoring.setProperty(KEEP_ON_LOCK, True)
    restoring.show()
    other = QDialog(window)
    other.show()
    window.lock_now()
    assert restoring.isVisible() and preferences.isVisible()
    assert not other.isVisible()
    restoring.reject()
