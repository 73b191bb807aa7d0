"""Preferences → Calendars loses nothing typed to a lock or a crash (ui/dialogs/calendars.py).

The address dialog (was a QInputDialog: a lock dropped the pasted address) keeps the address
and name as a form draft in the vault; a lock never subscribes (the opt-in is the dialog's
button), and the dialog opened again comes back filled. The rename prompt saves the typed
name at a lock, or keeps it as a draft when it cannot. The e-mail addresses field is saved
at a lock, or kept as a draft. A calendar address is a credential: never in QSettings, a
log or a message. Real vault, real Qt widgets (offscreen), a real main window for the lock.
"""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

from leaddesk.services.unlocking import unlock_vault
from leaddesk.ui.dialogs.calendars import NO_ADDRESS, AddressDialog, CalendarsPanel
from leaddesk.ui.form_draft import RESTORED_AT_LOCK_TEXT, RESTORED_TEXT
from tests.conftest import PASSPHRASE
from tests.ui.test_form_drafts import (  # noqa: F401  (fixtures used by name)
    after_crash,
    banner_text,
    discard_button,
    discard_when_asked,
    wait_for_draft,
)

SECRET = "s3cr3t-t0ken-91f2"
ADDRESS = f"https://calendar.example.com/private/{SECRET}/basic.ics"


pytestmark = pytest.mark.usefixtures("deletes_flushed")


def _panel(ctx, qtbot) -> CalendarsPanel:  # type: ignore[no-untyped-def]
    """The Calendars page as Preferences shows it (the caller holds it)."""
    panel = CalendarsPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def _unlock_again(ctx, app_paths, clock) -> None:  # type: ignore[no-untyped-def]
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))


def _ok(dialog) -> None:  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()


# -- the address dialog -----------------------------------------------------------------------
def test_a_lock_keeps_the_typed_address_and_subscribes_nothing(
    ctx, qtbot, app_paths, clock, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    panel = _panel(ctx, qtbot)
    dialog = panel.add_url()
    assert isinstance(dialog, AddressDialog) and dialog.isVisible()
    assert dialog.address_edit.echoMode() is QLineEdit.EchoMode.Password  # a credential
    qtbot.keyClicks(dialog.address_edit, ADDRESS)
    qtbot.keyClicks(dialog.name_edit, "Work")
    ctx.lock()
    assert not dialog.isVisible()
    assert dialog.address_edit.text() == ""  # nothing private left on screen
    _unlock_again(ctx, app_paths, clock)
    assert ctx.services.calendar_sources.sources() == []  # a lock is no opt-in

    dialog = _panel(ctx, qtbot).add_url()  # Preferences opened again
    assert banner_text(dialog) == [RESTORED_AT_LOCK_TEXT]
    assert dialog.address_edit.text() == ADDRESS
    assert dialog.name_edit.text() == "Work"
    _ok(dialog)
    assert not dialog.isVisible()
    (source,) = ctx.services.calendar_sources.sources()
    assert (source.kind, source.location, source.label) == ("url", ADDRESS, "Work")
    assert ctx.services.drafts.kept_forms() == []  # subscribing forgets the draft
    ctx.lock()

    settings_text = "".join(
        p.read_text(errors="replace") for p in app_paths.config_dir.rglob("*") if p.is_file()
    )
    assert SECRET not in settings_text
    assert SECRET not in caplog.text


def test_a_crash_with_the_address_dialog_open_brings_it_back(
    ctx,
    services,
    qtbot,
    after_crash,  # noqa: F811  (the form-draft tests' fixture)
) -> None:
    dialog = _panel(ctx, qtbot).add_url()
    qtbot.keyClicks(dialog.address_edit, ADDRESS)
    draft = wait_for_draft(qtbot, services, "calendar-address", None)
    assert draft["address"] == ADDRESS
    assert ctx.undo_stack.count() == 0  # a draft is no undo step

    ctx2 = after_crash(dialog, services)
    dialog = _panel(ctx2, qtbot).add_url()
    assert dialog.address_edit.text() == ADDRESS
    assert banner_text(dialog) == [RESTORED_TEXT]
    # the banner's line made the dialog taller: the fields below it are not squeezed
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())
    discard_button(dialog).click()  # the user does not want it
    assert dialog.address_edit.text() == ""
    assert ctx2.services.drafts.kept_forms() == []
    dialog.reject()


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", NO_ADDRESS),
        ("   ", NO_ADDRESS),
        (f"http://calendar.example.com/{SECRET}.ics", "must start with https://"),
        (f"calendar.example.com/{SECRET}", "not a calendar address"),
    ],
)
def test_a_refused_address_is_explained_and_changes_nothing(ctx, qtbot, typed, problem) -> None:
    dialog = _panel(ctx, qtbot).add_url()
    dialog.address_edit.setText(typed)
    _ok(dialog)
    assert dialog.isVisible()  # still open, with what was typed
    assert dialog.address_edit.text() == typed
    assert dialog.error.isVisible() and problem in dialog.error.text()
    assert SECRET not in dialog.error.text()
    assert ctx.services.calendar_sources.sources() == []
    dialog.confirm_discard = lambda parent: True
    dialog.reject()


def test_the_address_stays_dots_after_the_privacy_screen(ctx, qtbot) -> None:
    dialog = _panel(ctx, qtbot).add_url()
    ctx.set_privacy_screen(True)
    ctx.set_privacy_screen(False)  # the base class puts other fields back to plain text
    assert dialog.address_edit.echoMode() is QLineEdit.EchoMode.Password
    assert dialog.name_edit.echoMode() is QLineEdit.EchoMode.Normal
    dialog.show_address.setChecked(True)
    assert dialog.address_edit.echoMode() is QLineEdit.EchoMode.Normal
    ctx.set_privacy_screen(True)  # shown on request, but never while the screen is shared
    assert dialog.address_edit.echoMode() is QLineEdit.EchoMode.Password
    ctx.set_privacy_screen(False)
    dialog.reject()


# -- renaming -------------------------------------------------------------------------------
def test_a_lock_saves_the_typed_name_and_keeps_an_empty_one_as_a_draft(
    ctx, services, qtbot, app_paths, clock
) -> None:
    source = services.calendar_sources.add("url", ADDRESS, "Calendar 1")
    panel = _panel(ctx, qtbot)
    prompt = panel.rename_selected()
    assert prompt is not None and prompt.field.text() == "Calendar 1"
    qtbot.keyClicks(prompt.field, "Team rota")  # replaces the selected name
    ctx.lock()
    assert not prompt.isVisible()
    _unlock_again(ctx, app_paths, clock)
    assert ctx.services.calendar_sources.get(source.id).label == "Team rota"
    assert ctx.services.drafts.kept_forms() == []

    panel = _panel(ctx, qtbot)
    prompt = panel.rename_selected()
    assert prompt is not None
    prompt.field.selectAll()
    qtbot.keyClick(prompt.field, Qt.Key.Key_Delete)  # an empty name cannot be saved
    ctx.lock()
    _unlock_again(ctx, app_paths, clock)
    assert ctx.services.calendar_sources.get(source.id).label == "Team rota"
    assert ctx.services.drafts.kept_forms() == [f"calendar-name/{source.id}"]
    prompt = _panel(ctx, qtbot).rename_selected()
    assert prompt is not None and prompt.field.text() == ""
    assert banner_text(prompt) == [RESTORED_AT_LOCK_TEXT]
    qtbot.keyClicks(prompt.field, "Rota")
    _ok(prompt)
    assert ctx.services.calendar_sources.get(source.id).label == "Rota"
    assert ctx.services.drafts.kept_forms() == []
    ctx.lock()


def test_a_crash_while_renaming_brings_the_name_back_and_removing_forgets_it(
    ctx,
    services,
    qtbot,
    after_crash,  # noqa: F811
    monkeypatch,
) -> None:
    source = services.calendar_sources.add("url", ADDRESS, "Calendar 1")
    prompt = _panel(ctx, qtbot).rename_selected()
    qtbot.keyClicks(prompt.field, "On-call")
    wait_for_draft(qtbot, services, "calendar-name", source.id)
    ctx2 = after_crash(prompt, services)
    assert ctx2.services.calendar_sources.get(source.id).label == "Calendar 1"
    panel = _panel(ctx2, qtbot)
    prompt = panel.rename_selected()
    assert prompt.field.text() == "On-call" and banner_text(prompt) == [RESTORED_TEXT]
    qtbot.keyClick(prompt.field, Qt.Key.Key_Escape)  # cancels at once (one line: no question)
    assert not prompt.isVisible()
    assert ctx2.services.drafts.kept_forms() == []
    # a rename typed, then the calendar removed: no draft is left behind
    ctx2.services.drafts.keep("calendar-name", {"text": "Stale"}, source.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.remove_selected()
    assert ctx2.services.calendar_sources.sources() == []
    assert ctx2.services.drafts.kept_forms() == []


def test_an_empty_name_on_ok_is_refused_with_a_message(ctx, services, qtbot) -> None:
    source = services.calendar_sources.add("url", ADDRESS, "Calendar 1")
    reported: list[str] = []
    ctx.report = lambda exc, parent=None: reported.append(str(exc))  # type: ignore[method-assign]
    prompt = _panel(ctx, qtbot).rename_selected()
    prompt.field.setText("   ")
    _ok(prompt)
    assert reported == ["A calendar needs a name."]
    assert services.calendar_sources.get(source.id).label == "Calendar 1"


# -- the e-mail addresses field ---------------------------------------------------------------
def test_typed_addresses_are_saved_at_a_lock_or_kept_as_a_draft(
    ctx, services, qtbot, app_paths, clock
) -> None:
    services.calendar_sources.add("url", ADDRESS, "Work")
    stale = _panel(ctx, qtbot)
    qtbot.keyClicks(stale.addresses, "dana@example.com")  # no focus change before the lock
    ctx.lock()
    assert stale.addresses.text() == "" and stale.list.count() == 0  # nothing left shown
    _unlock_again(ctx, app_paths, clock)
    assert ctx.services.calendar_sources.my_addresses() == ["dana@example.com"]
    assert ctx.services.drafts.kept_forms() == []

    panel = _panel(ctx, qtbot)
    assert panel.addresses.text() == "dana@example.com"
    assert panel.list.count() == 1
    qtbot.keyClicks(panel.addresses, ", dana at work")  # not an address: cannot be saved
    ctx.lock()  # the panel from before the first lock (still open here) saves nothing
    _unlock_again(ctx, app_paths, clock)
    assert ctx.services.calendar_sources.my_addresses() == ["dana@example.com"]
    panel = _panel(ctx, qtbot)
    assert panel.addresses.text() == "dana@example.com, dana at work"
    assert banner_text(panel) == [RESTORED_AT_LOCK_TEXT]
    discard_button(panel).click()
    assert panel.addresses.text() == "dana@example.com"
    assert ctx.services.drafts.kept_forms() == []
    ctx.lock()


def test_typing_in_the_addresses_field_survives_a_crash(
    ctx,
    services,
    qtbot,
    after_crash,  # noqa: F811
) -> None:
    panel = _panel(ctx, qtbot)
    qtbot.keyClicks(panel.addresses, "lead@exam")
    wait_for_draft(qtbot, services, "calendar-my-addresses", None)
    ctx2 = after_crash(panel, services)  # the process dies: nothing of the panel runs
    panel = _panel(ctx2, qtbot)
    assert panel.addresses.text() == "lead@exam"
    qtbot.keyClicks(panel.addresses, "ple.com")
    panel.addresses.editingFinished.emit()
    assert ctx2.services.calendar_sources.my_addresses() == ["lead@example.com"]
    assert ctx2.services.drafts.kept_forms() == []


# -- through the main window: Ctrl+L and the unlock dialog -------------------------------------
def test_the_address_survives_ctrl_l_and_unlocking_in_the_main_window(ctx, qtbot) -> None:
    from leaddesk.ui.actions import ActionId
    from leaddesk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    prefs = window.open_preferences()
    prefs.show_page("Calendars")
    panel = prefs.findChild(CalendarsPanel)
    panel.add_url_button.click()
    dialog = prefs.findChild(AddressDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.address_edit, ADDRESS)
    window.actions_by_id[ActionId.LOCK].trigger()
    assert not ctx.is_unlocked and not dialog.isVisible() and not prefs.isVisible()
    unlock = window.unlock_dialog
    unlock.passphrase.setText(PASSPHRASE)
    unlock.submit()
    qtbot.waitUntil(lambda: ctx.is_unlocked, timeout=10_000)

    prefs = window.open_preferences()
    prefs.show_page("Calendars")
    prefs.findChild(CalendarsPanel).add_url_button.click()
    dialog = prefs.findChild(AddressDialog)
    assert dialog.address_edit.text() == ADDRESS
    assert banner_text(dialog) == [RESTORED_AT_LOCK_TEXT]
    _ok(dialog)
    assert [s.location for s in ctx.services.calendar_sources.sources()] == [ADDRESS]
    prefs.reject()
    ctx.lock()
