"""Preferences → Calendars: the subscribed calendars and the user's own addresses.

Adding an address source is an explicit opt-in (LeadDesk otherwise never uses the network):
the dialog says what will be fetched and when. The list shows each source's label, kind and
last status ("as of 10:42"); paths and addresses are shown here only, never in messages.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import LeadDeskError
from ...services.base import ChangeKind, ChangeSet
from ..context import AppContext
from ..file_dialogs import existing_directory, open_file_name
from ..roles import ID_ROLE

KIND_NAMES = {"file": "file", "folder": "folder", "url": "address"}
OPT_IN_TEXT = (
    "LeadDesk will fetch this address when you unlock and every 15 minutes while unlocked, "
    "over a verified https connection, and only from that address's host. The address is "
    "kept only in your encrypted vault. Paste the calendar's secret iCal address:"
)


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
        self.remove_button = QPushButton("&Remove")
        for button, name in (
            (self.add_file_button, "Add a calendar file"),
            (self.add_folder_button, "Add a calendar folder"),
            (self.add_url_button, "Add a calendar address"),
            (self.remove_button, "Remove the selected calendar"),
        ):
            button.setAccessibleName(name)
        self.add_file_button.clicked.connect(lambda: self.add_file())
        self.add_folder_button.clicked.connect(lambda: self.add_folder())
        self.add_url_button.clicked.connect(lambda: self.add_url())
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (
            self.add_file_button,
            self.add_folder_button,
            self.add_url_button,
            self.remove_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.addresses = QLineEdit()
        self.addresses.setAccessibleName("Your e-mail addresses")
        self.addresses.setPlaceholderText("you@example.com")
        self.addresses.setText(", ".join(ctx.services.calendar_sources.my_addresses()))
        self.addresses.editingFinished.connect(self._on_addresses_edited)
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
        layout.addWidget(self.addresses)
        ctx.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        if not self.ctx.is_unlocked:
            return
        service = self.ctx.services.calendar_sources
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
        self.remove_button.setEnabled(self.list.count() > 0)

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

    def add_url(self, url: str | None = None) -> bool:
        if url is None:
            url, ok = QInputDialog.getText(
                self, "Subscribe to a calendar address", OPT_IN_TEXT, QLineEdit.EchoMode.Password
            )
            if not ok:
                return False
        return bool(url) and self._add("url", url)

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
        try:
            self.ctx.services.calendar_sources.remove(int(item.data(ID_ROLE)))
        except LeadDeskError as exc:
            self.ctx.report(exc, self)

    def _on_addresses_edited(self) -> None:
        try:
            self.ctx.services.calendar_sources.set_my_addresses(self.addresses.text())
        except LeadDeskError as exc:
            self.ctx.report(exc, self)
