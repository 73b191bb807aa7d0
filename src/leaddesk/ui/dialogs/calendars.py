"""Preferences → Calendars: the subscribed calendars and the user's own addresses.

Adding an address source is an explicit opt-in (LeadDesk otherwise never uses the network):
the dialog says what will be fetched and when. The list shows each source's label, kind and
last status ("as of 10:42"); paths and addresses are shown here only, never in messages.

Nothing typed here is lost to a lock or a crash (the form drafts of ``ui/form_draft.py``,
kept only in the encrypted vault): the address dialog keeps the address and name as a draft
(a lock never subscribes: the opt-in is the dialog's own button), the rename prompt saves the
new name at a lock and keeps it as a draft meanwhile, and the e-mail addresses field is saved
at a lock, or kept as a draft when it cannot be.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import LeadDeskError, VaultDamagedError
from ...services.base import ChangeKind, ChangeSet
from ..context import AppContext
from ..file_dialogs import existing_directory, open_file_name
from ..form_draft import FormDraft
from ..record_dialog import RecordDialog
from ..roles import ID_ROLE
from ..text_prompt import TextPrompt
from .common import error_label, fit_height

log = logging.getLogger(__name__)

KIND_NAMES = {"file": "file", "folder": "folder", "url": "address"}
OPT_IN_TEXT = (
    "LeadDesk will fetch this address when you unlock and every 15 minutes while unlocked, "
    "over a verified https connection, and only from that address's host. The address is "
    "kept only in your encrypted vault. Paste the calendar's secret iCal address:"
)
ADDRESS_FORM = "calendar-address"  # the draft of the address dialog (a new source)
NAME_FORM = "calendar-name"  # the draft of the rename prompt, per source
ADDRESSES_FORM = "calendar-my-addresses"  # the draft of the e-mail addresses field
NO_ADDRESS = "Paste the calendar's address first."


class AddressDialog(RecordDialog):
    """Subscribe to a calendar's secret address (an explicit opt-in to the network).

    The address is a credential: it shows as dots unless the user asks to see it (never
    under the privacy screen), and it is kept only in the vault, as the draft of this form
    while the dialog is open. A refused address is explained in the dialog, which stays
    open with what was typed; nothing is subscribed.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ctx = ctx
        self.setWindowTitle("Subscribe to a calendar address")
        self.setObjectName("CalendarAddressDialog")
        self.setMinimumWidth(480)
        intro = QLabel(OPT_IN_TEXT)
        intro.setWordWrap(True)
        self.address_edit = QLineEdit()
        self.address_edit.setAccessibleName("Calendar address")
        self.address_edit.setPlaceholderText("https://…/basic.ics")
        self.address_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_address = QCheckBox("S&how the address")
        self.show_address.setAccessibleName("Show the address")
        self.show_address.toggled.connect(self._apply_echo)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Calendar name")
        self.name_edit.setPlaceholderText("Work calendar (optional)")
        self.name_edit.setMaxLength(200)
        form = QFormLayout()
        form.addRow("&Address:", self.address_edit)
        form.addRow("", self.show_address)
        form.addRow("&Name:", self.name_edit)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Subscribe")
        ok.setAccessibleName("Subscribe to this address")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.address_edit.setFocus()
        self.use_draft(ADDRESS_FORM, None, {"address": self.address_edit, "name": self.name_edit})

    def _apply_echo(self) -> None:
        visible = self.show_address.isChecked() and not self.privacy_on
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.address_edit.setEchoMode(mode)

    def set_privacy(self, on: bool) -> None:
        super().set_privacy(on)  # dots in every field under the privacy screen
        self._apply_echo()  # and in the address field always, unless asked to show it

    def accept(self) -> None:
        address = self.address_edit.text().strip()
        if not address:
            self._explain(NO_ADDRESS)
            return
        try:
            self.ctx.services.calendar_sources.add("url", address, self.name_edit.text())
        except VaultDamagedError as exc:
            self.ctx.report(exc, self)
            return
        except LeadDeskError as exc:  # its message names no address (services/calendar)
            self._explain(str(exc))
            return
        super().accept()  # subscribed: the draft goes

    def _explain(self, problem: str) -> None:
        self.error.setText(problem)
        self.error.show()
        fit_height(self)  # the message never pushes the fields out of sight
        self.address_edit.setFocus()


class CalendarsPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.list = QListWidget()
        self.list.setAccessibleName("Subscribed calendars")
        self.list.setMinimumWidth(380)
        self.list.setMinimumHeight(120)
        self.add_file_button = QPushButton("Add &file…")
        self.add_folder_button = QPushButton("Add f&older…")
        self.add_url_button = QPushButton("Add &address…")
        self.rename_button = QPushButton("Re&name…")
        self.remove_button = QPushButton("&Remove")
        for button, name in (
            (self.add_file_button, "Add a calendar file"),
            (self.add_folder_button, "Add a calendar folder"),
            (self.add_url_button, "Add a calendar address"),
            (self.rename_button, "Rename the selected calendar"),
            (self.remove_button, "Remove the selected calendar"),
        ):
            button.setAccessibleName(name)
        self.add_file_button.clicked.connect(lambda: self.add_file())
        self.add_folder_button.clicked.connect(lambda: self.add_folder())
        self.add_url_button.clicked.connect(lambda: self.add_url())
        self.rename_button.clicked.connect(lambda: self.rename_selected())
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (
            self.add_file_button,
            self.add_folder_button,
            self.add_url_button,
            self.rename_button,
            self.remove_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.addresses = QLineEdit()
        self.addresses.setAccessibleName("Your e-mail addresses")
        self.addresses.setPlaceholderText("you@example.com")
        self.addresses.setText(", ".join(ctx.services.calendar_sources.my_addresses()))
        self.addresses.editingFinished.connect(self._on_addresses_edited)
        # typed addresses are kept as a draft until stored (crash), and saved at a lock
        self.draft = FormDraft(ctx, ADDRESSES_FORM, None, {"addresses": self.addresses}, self)
        ctx.about_to_lock.connect(self._on_ctx_about_to_lock)
        ctx.locked.connect(self._on_ctx_locked)
        addresses_label = QLabel(
            "Your &e-mail addresses (meetings you declined there are left out):"
        )
        addresses_label.setBuddy(self.addresses)
        addresses_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(addresses_label)
        if ctx.is_unlocked and self.draft.restore():
            layout.addWidget(self.draft.make_banner())
        layout.addWidget(self.addresses)
        ctx.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        if not self.ctx.is_unlocked:
            return
        service = self.ctx.services.calendar_sources
        current = self.list.currentItem()
        selected = current.data(ID_ROLE) if current is not None else None
        self.list.clear()
        for source in service.sources():
            as_of = service.as_of(source)
            text = f"{source.label} ({KIND_NAMES[source.kind]})"
            detail = " · ".join(p for p in (source.status, as_of) if p)
            item = QListWidgetItem(f"{text}\n{detail}" if detail else text)
            item.setData(ID_ROLE, source.id)
            # a secret address is a credential: only its host is ever shown
            item.setToolTip(
                urlsplit(source.location).hostname or ""
                if source.kind == "url"
                else source.location
            )
            self.list.addItem(item)
            if source.id == selected:
                self.list.setCurrentItem(item)
        self.remove_button.setEnabled(self.list.count() > 0)
        self.rename_button.setEnabled(self.list.count() > 0)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)

    def _on_changed(self, changes: ChangeSet) -> None:
        # a refresh that found nothing new changes only the source's status (SETTINGS)
        if ChangeKind.BLOCKS in changes.kinds or ChangeKind.SETTINGS in changes.kinds:
            self.reload()

    def _add(self, kind: str, location: str) -> bool:
        try:
            self.ctx.services.calendar_sources.add(kind, location)
        except LeadDeskError as exc:
            self.ctx.report(exc, self)
            return False
        return True

    def add_file(self, path: str | None = None) -> bool:
        if path is None:
            path = open_file_name(
                self, "Subscribe to a calendar file", "", "iCalendar files (*.ics)"
            )
        return bool(path) and self._add("file", path)

    def add_folder(self, path: str | None = None) -> bool:
        if path is None:
            path = existing_directory(self, "Subscribe to a calendar folder")
        return bool(path) and self._add("folder", path)

    def add_url(self, url: str | None = None) -> bool | AddressDialog:
        """Subscribe to ``url``; without one, open the address dialog (not blocking: it
        subscribes itself) and return it."""
        if url is not None:
            return bool(url) and self._add("url", url)
        dialog = AddressDialog(self.ctx, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def rename_selected(self) -> TextPrompt | None:
        """Ask for a new name for the selected calendar (not blocking). A lock while asking
        saves the typed name; what cannot be saved stays as the prompt's draft."""
        item = self.list.currentItem()
        if item is None or not self.ctx.is_unlocked:
            return None
        source_id = int(item.data(ID_ROLE))
        try:
            label = self.ctx.services.calendar_sources.get(source_id).label
        except LeadDeskError as exc:
            self.ctx.report(exc, self)
            return None
        prompt = TextPrompt(
            self.ctx,
            self,
            "Rename calendar",
            "&Name of this calendar:",
            lambda typed: typed == label or self._rename(source_id, typed, quiet=True),
            text=label,
            draft=(NAME_FORM, source_id),
        )
        prompt.setObjectName("CalendarRenamePrompt")
        prompt.field.setMaxLength(200)
        prompt.field.selectAll()
        prompt.accepted.connect(lambda: self._rename(source_id, prompt.field.text()))
        prompt.finished.connect(prompt.deleteLater)
        prompt.open()
        return prompt

    def _rename(self, source_id: int, label: str, *, quiet: bool = False) -> bool:
        """``quiet``: the vault is locking (no message box; a refused name stays a draft)."""
        if not self.ctx.is_unlocked:
            return False
        return self._stored(
            lambda: self.ctx.services.calendar_sources.rename(source_id, label),
            quiet,
            "calendar not renamed",
        )

    def _stored(self, store: Callable[[], object], quiet: bool, what: str) -> bool:
        """Run ``store``; a refusal is shown, or only logged (``quiet``: at a lock)."""
        try:
            store()
        except LeadDeskError as exc:
            if quiet:
                log.info("%s: %s", what, type(exc).__name__)
            else:
                self.ctx.report(exc, self)
            return False
        return True

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove calendar",
            "Stop showing this calendar? Its meetings leave your week (the calendar itself "
            "is not changed).",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        source_id = int(item.data(ID_ROLE))
        try:
            self.ctx.services.calendar_sources.remove(source_id)
            self.ctx.services.drafts.drop(NAME_FORM, source_id)  # a rename never finished
        except LeadDeskError as exc:
            self.ctx.report(exc, self)

    def _on_addresses_edited(self) -> None:
        if not self.ctx.is_unlocked:
            return  # the field lost focus as the lock closed the window: saved before it
        self._save_addresses()

    def _save_addresses(self, *, quiet: bool = False) -> bool:
        """Store the typed addresses; True when stored (or nothing changed). A refusal is
        shown (``quiet``, at a lock: only logged) and the text stays, as a draft."""
        text = self.addresses.text()
        service = self.ctx.services.calendar_sources

        def store() -> None:
            if ", ".join(service.my_addresses()) != text:
                service.set_my_addresses(text)

        if not self._stored(store, quiet, "addresses not saved"):
            return False
        self.draft.forget()  # stored: nothing left to keep
        self.draft.initial = self.draft.values()
        return True

    def _on_ctx_about_to_lock(self) -> None:
        """Typing in the addresses field is saved before the vault closes (the field's own
        editingFinished comes only after); a refused text is kept as the draft."""
        if self.draft.initial and self.draft.differs() and not self._save_addresses(quiet=True):
            self.draft.write(at_lock=True)
        self.draft.stop()  # a panel left over from before this lock saves nothing again

    def _on_ctx_locked(self) -> None:
        """The vault closed: nothing from it stays on this page (the shell closes the
        Preferences window too)."""
        self.list.clear()
        self.addresses.blockSignals(True)
        self.addresses.setText("")  # clear() would keep the text in the undo history
        self.addresses.blockSignals(False)
