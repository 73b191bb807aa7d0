"""The quick note after a one-on-one (Ctrl+Shift+N): a compact, keyboard-only window.

It opens for the person whose one-on-one block just ended (or the one chosen), with the
sections "discussed", "action items" (mine / theirs, one per line) and "revisit next time".
Everything autosaves (the note editor's ``Autosave``: after a pause, at least every 2 s while
typing, and on every focus change);
the action items and topics become real records that carry forward until ticked.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import LeadDeskError
from ...services.base import ChangeKind, ChangeSet
from ..autosave import Autosave
from ..context import AppContext
from ..record_dialog import RecordDialog
from .commands import QuickNoteCommand, QuickNoteState
from .editor import FocusWatcher, MarkdownEdit, next_edit_session
from .models import PRIVACY_PLACEHOLDER

log = logging.getLogger(__name__)


def open_quick_note(
    ctx: AppContext, parent: QWidget | None = None, person_id: int | None = None
) -> None:
    """Entry point for the shell's Ctrl+Shift+N (imported lazily). The window is kept on
    the context while open (``ctx.keep_open``), which also saves it before a lock."""
    if not ctx.is_unlocked:
        return
    window = QuickNoteWindow(ctx, parent, person_id)
    window.show()
    window.raise_()
    window.activateWindow()


class QuickNoteWindow(RecordDialog):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, person_id: int | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.ctx = ctx
        self.setWindowTitle("Quick note")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)
        self.note_id: int | None = None
        self._session = next_edit_session()
        self._saved: QuickNoteState | None = None
        self._stash: dict[str, str] = {}
        self._hidden = False  # fields show the privacy placeholder, not the note
        self._build()
        self._choose_person(person_id)
        if self.person_id() is None:  # a draft is never filed under a guessed person
            self._restore_unfiled()
        self.track(ctx.changed, self._on_ctx_changed)
        if ctx.privacy_screen:
            self.set_privacy(True)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.context_label = QLabel()
        self.context_label.setStyleSheet("color:#555;")
        layout.addWidget(self.context_label)
        form = QFormLayout()
        # The person is typed with a completer: the first letter no longer picks someone and
        # moves on (the rest of the name became the note). Enter or Tab on a name chooses it;
        # until then the focus stays here. It stays correctable until the window closes.
        self.person = QComboBox()
        self.person.setAccessibleName("Person")
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.lineEdit().setPlaceholderText("Type a name, then Enter or Tab")
        self._completer = QCompleter(self.person.model(), self.person)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.person.setCompleter(self._completer)
        self._completer.activated[str].connect(self._on_name_chosen)
        self.person.installEventFilter(self)  # keys reach the combo, which has the focus
        self._saved_person: int | None = None
        self._closed = False
        self.discussed = MarkdownEdit()
        self.discussed.setAccessibleName("Discussed")
        self.discussed.setPlaceholderText("What you talked about (Markdown)")
        self.mine = MarkdownEdit()
        self.mine.setAccessibleName("My action items, one per line")
        self.mine.setPlaceholderText("One per line")
        self.theirs = MarkdownEdit()
        self.theirs.setAccessibleName("Their action items, one per line")
        self.theirs.setPlaceholderText("One per line")
        self.revisit = MarkdownEdit()
        self.revisit.setAccessibleName("Revisit next time, one per line")
        self.revisit.setPlaceholderText("Topics to bring up again, one per line")
        self.discussed.setMinimumHeight(110)
        for edit in (self.mine, self.theirs, self.revisit):
            edit.setFixedHeight(60)
        form.addRow("&Person", self.person)
        form.addRow("&Discussed", self.discussed)
        form.addRow("Action items — &mine", self.mine)
        form.addRow("Action items — &theirs", self.theirs)
        form.addRow("&Revisit next time", self.revisit)
        layout.addLayout(form)
        bottom = QHBoxLayout()
        self.status_label = QLabel("Saved as you type.")
        self.status_label.setStyleSheet("color:#666;")
        self.done_button = QPushButton("Done (Ctrl+Enter)")
        self.done_button.setAccessibleName("Done")
        self.done_button.setDefault(False)
        self.done_button.setAutoDefault(False)
        self.done_button.clicked.connect(self.reject)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.done_button)
        layout.addLayout(bottom)
        self.setTabOrder(self.person, self.discussed)
        self.setTabOrder(self.discussed, self.mine)
        self.setTabOrder(self.mine, self.theirs)
        self.setTabOrder(self.theirs, self.revisit)
        self.setTabOrder(self.revisit, self.done_button)
        self.resize(520, 480)

        self.timer = Autosave(self.flush, self)
        self._watcher = FocusWatcher(self.flush, self)
        for edit in self.fields:
            edit.textChanged.connect(self._on_text_changed)
            edit.installEventFilter(self._watcher)
            edit.installEventFilter(self)  # Ctrl+Enter closes even from inside an editor
        self.person.activated.connect(self._on_person_activated)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.reject)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.reject)

    @property
    def fields(self) -> tuple[MarkdownEdit, ...]:
        return (self.discussed, self.mine, self.theirs, self.revisit)

    def _choose_person(self, person_id: int | None) -> None:
        services = self.ctx.services
        people = services.people.list()
        # One insert for all names (an item at a time updated the completer's view each
        # time), then each row's id.
        self.person.addItems([p.name for p in people])
        for row, p in enumerate(people):
            self.person.setItemData(row, p.id)
        self.person.setCurrentIndex(-1)  # never guess whose note this is
        block = None
        if person_id is None:
            block = services.notes.just_ended_one_on_one()
            person_id = block.person_id if block else None
        if person_id is not None:
            index = self.person.findData(person_id)
            if index >= 0:
                self.person.setCurrentIndex(index)
        if block is not None:
            end = block.end.astimezone(self.ctx.clock.tz)
            self.context_label.setText(f"After the one-on-one that ended at {end:%H:%M}.")
            self.discussed.setFocus()
        else:
            self.context_label.setText(
                "Type the person's name, Enter or Tab to choose, then write. It saves itself."
            )
            self.person.setFocus()
        if not people:
            self.context_label.setText("Add a person in the People area first.")
            for edit in self.fields:
                edit.setEnabled(False)

    def _on_person_activated(self, _index: int) -> None:
        if self.person_id() is None:
            return
        self.discussed.setFocus()
        self.flush()  # text typed before choosing is saved now

    def person_id(self) -> int | None:
        """The person chosen; None while the name box shows something else (typing)."""
        index = self.person.currentIndex()
        if index < 0 or self.person.currentText() != self.person.itemText(index):
            return None
        return self.person.itemData(index)

    def _match(self, text: str) -> int:
        """The one person the typed text names: the exact name, else the only name that
        contains it (case-insensitive); -1 when none or several."""
        wanted = " ".join(text.split()).casefold()
        if not wanted:
            return -1
        names = [self.person.itemText(i).casefold() for i in range(self.person.count())]
        if wanted in names:
            return names.index(wanted)
        found = [i for i, name in enumerate(names) if wanted in name]
        return found[0] if len(found) == 1 else -1

    def _on_name_chosen(self, name: str) -> None:
        index = self._match(name)
        if index >= 0:
            self._pick(index)

    def _pick(self, index: int) -> None:
        self.person.setCurrentIndex(index)
        self.person.lineEdit().setText(self.person.itemText(index))
        self.status_label.setText("Saved as you type.")
        self.discussed.setFocus(Qt.FocusReason.TabFocusReason)
        self.flush()  # text typed before choosing (or under the old person) is saved now

    def _person_key(self, event: QKeyEvent) -> bool:
        """Enter or Tab in the name box: choose the person named, or stay and say why."""
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            return False
        text = self.person.lineEdit().text()
        if self.person_id() is not None and event.key() == Qt.Key.Key_Tab:
            return False  # already chosen: Tab moves on as usual
        index = self._match(text)
        if index >= 0:
            self._pick(index)
        else:
            self.status_label.setText(
                "No one by that name: keep typing, or Alt+Down for the list."
                if text.strip()
                else "Type the person's name first."
            )
        return True

    # == saving ===========================================================================
    def state(self) -> QuickNoteState:
        return QuickNoteState(
            discussed=self.discussed.toPlainText(),
            mine=self.mine.toPlainText().splitlines(),
            theirs=self.theirs.toPlainText().splitlines(),
            revisit=self.revisit.toPlainText().splitlines(),
        )

    def _on_text_changed(self) -> None:
        if self._hidden:
            return
        self.status_label.setText("Editing…")
        self.timer.touch()

    def flush(self) -> bool:
        """Save now if anything changed (timer, focus change, close)."""
        self.timer.stop()
        if self._hidden or not self.ctx.is_unlocked or self._closed:
            return False  # closed: saved already (the fields are being deleted)
        state = self.state()
        person_id = self.person_id()
        if person_id is None:
            if state != QuickNoteState():
                self.status_label.setText("Choose the person to save this note.")
            return False
        if state == self._saved and person_id == self._saved_person:
            return True
        if self.note_id is None and state == QuickNoteState():
            return True  # nothing typed yet: no empty note
        command = QuickNoteCommand(
            self.ctx.services, person_id, self.note_id, self._saved, state, self._session
        )
        if not self.ctx.push(command, initiator=self):  # shown here already: not read back
            return False
        self.note_id = command.note_id
        self._saved = state
        self._saved_person = person_id  # still correctable: a new choice moves the note
        self.status_label.setText("Saved.")
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.person
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self._person_key(event)
        ):
            return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.reject()
            return True
        return super().eventFilter(watched, event)

    def reject(self) -> None:
        """Escape, Ctrl+Enter, Done and the window's close button all end here: save first,
        never discard."""
        saved = self.flush()
        typed = self.state() != QuickNoteState()
        if not saved and typed and self.ctx.is_unlocked and not self._hidden:
            # Nowhere to save it yet (no person chosen) or the save was refused: stay open
            # rather than drop the note; the status line says what is missing.
            self.person.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._closed = True
        super().reject()

    # == the session (RecordDialog) =======================================================
    def save_before_lock(self) -> None:
        """Save the last second of typing (the vault is still open). A note whose person is
        not chosen yet is kept as the unfiled draft, which the next quick note brings back."""
        self.saved_on_lock = self.flush()
        state = self.state()
        if self.saved_on_lock or self.person_id() is not None or state == QuickNoteState():
            return
        try:
            self.ctx.services.notes.keep_unfiled(**state.as_kwargs())
        except LeadDeskError as exc:
            log.info("unfiled quick note not kept: %s", type(exc).__name__)
            return
        self.saved_on_lock = True

    def _restore_unfiled(self) -> None:
        """Bring back the note that was being written when the vault locked."""
        try:
            draft = self.ctx.services.notes.take_unfiled()
        except LeadDeskError:
            return
        if not draft:
            return
        self.discussed.setPlainText(str(draft.get("discussed", "")))
        self.mine.setPlainText("\n".join(draft.get("mine", [])))
        self.theirs.setPlainText("\n".join(draft.get("theirs", [])))
        self.revisit.setPlainText("\n".join(draft.get("revisit", [])))
        self.status_label.setText(
            "Restored the note you were writing when LeadDesk locked: choose the person."
        )

    def private_widgets(self) -> list[QWidget]:
        return [self.person, self.context_label]

    # == following the vault ==============================================================
    def _on_ctx_changed(self, changes: ChangeSet) -> None:
        if self.note_id is None or not changes.touches(ChangeKind.NOTES):
            return
        if changes.initiator is self:
            return  # this window's own save: its note is there
        changed = changes.ids.get(ChangeKind.NOTES)
        if changed is not None and self.note_id not in changed:
            return  # other notes changed (each note row changed is named): ours is there
        try:
            self.ctx.services.notes.get(self.note_id)
        except LeadDeskError:  # undone: the next keystroke starts a new note
            self.note_id = None
            self._saved = None
            self._session = next_edit_session()
            self.person.setEnabled(True)

    def set_privacy(self, on: bool) -> None:
        """The sections show a placeholder (the typed text is stashed, not lost); the
        person's name is hidden."""
        self._privacy_on = on
        for widget in self.private_widgets():
            widget.setVisible(not on)
        if on == self._hidden:
            return
        if on:
            self.flush()
            for edit, key in zip(self.fields, ("d", "m", "t", "r"), strict=True):
                self._stash[key] = edit.toPlainText()
                edit.blockSignals(True)
                edit.setPlainText(PRIVACY_PLACEHOLDER)
                edit.blockSignals(False)
                edit.setEnabled(False)
            self._hidden = True
        else:
            self._hidden = False
            for edit, key in zip(self.fields, ("d", "m", "t", "r"), strict=True):
                edit.blockSignals(True)
                edit.setPlainText(self._stash.pop(key, ""))
                edit.blockSignals(False)
                edit.setEnabled(True)

    def clear_private(self) -> None:
        """The vault closed: forget the note (the context then closes the window)."""
        self.timer.stop()
        for edit in self.fields:
            edit.blockSignals(True)
            edit.clear()
        self._stash.clear()
        self._saved = None
        self.person.blockSignals(True)
        self.person.clear()
        self.context_label.clear()
