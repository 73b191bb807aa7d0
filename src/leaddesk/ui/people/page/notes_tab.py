"""The person page's Notes tab: the lazy notes timeline and the selected note,
shown rendered as Markdown and edited in place (double-click, Enter or "Edit"), autosaving."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ....domain.errors import LeadDeskError
from ....domain.model import Note, NoteKind
from ....services.notes.records import summary_of
from ...roles import OBJECT_ROLE
from ..commands import AddNoteCommand, DeleteNoteCommand, EditNoteCommand, perform_here
from ..editor import AutosaveEdit, bind_note_field, next_edit_session
from ..models import NOTE_KIND_LABELS, PRIVACY_PLACEHOLDER, TimelineModel
from ..widgets import MarkdownView
from .common import BRIEF, FEEDBACK, FEEDBACK_KINDS, NOTES, SBI_FIELDS, PersonTab, note_markdown

if TYPE_CHECKING:
    from .shell import PersonPage


class _EditOnActivate(QObject):
    """Double-click or Enter on the rendered note switches to editing it in place."""

    def __init__(self, tab: NotesTab) -> None:
        super().__init__(tab)
        self.tab = tab

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonDblClick:
            self.tab.start_editing()
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() in (  # type: ignore[attr-defined]
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.tab.start_editing()
            return True
        return False


class NotesTab(PersonTab):
    """The Notes tab: the timeline and the selected note (``current_note``), edited in place."""

    def __init__(self, page: PersonPage) -> None:
        super().__init__(page)
        self.current_note: Note | None = None
        self.highlight_query = ""  # search words marked in the shown note
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_kind = QComboBox()
        self.new_kind.setAccessibleName("Kind of new note")
        for kind, label in NOTE_KIND_LABELS.items():
            self.new_kind.addItem(label, kind)
        self.new_note_button = QPushButton("New n&ote")
        self.new_note_button.setAccessibleName("New note")
        self.new_note_button.clicked.connect(self._on_new_note_clicked)
        self.delete_note_button = QPushButton("Delete no&te")
        self.delete_note_button.setAccessibleName("Delete note")
        self.delete_note_button.clicked.connect(self._on_delete_note_clicked)
        self.count_label = QLabel()
        bar.addWidget(self.new_kind)
        bar.addWidget(self.new_note_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.delete_note_button)
        layout.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.timeline_model = TimelineModel(self.ctx, self)
        self.timeline = QListView()
        self.timeline.setAccessibleName("Notes timeline, newest first")
        self.timeline.setModel(self.timeline_model)
        self.timeline.setUniformItemSizes(True)
        self.timeline.setWordWrap(False)
        self.timeline.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.setSpacing(2)
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.timeline.selectionModel().currentChanged.connect(self._on_timeline_current_changed)
        self.timeline.activated.connect(lambda _index: self.start_editing())  # Enter edits
        split.addWidget(self.timeline)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.note_kind = QComboBox()
        self.note_kind.setAccessibleName("Kind of this note")
        for kind, label in NOTE_KIND_LABELS.items():
            self.note_kind.addItem(label, kind)
        self.note_kind.activated.connect(self._on_note_kind_activated)
        self.note_date = QDateEdit()
        self.note_date.setAccessibleName("Date of this note")
        self.note_date.setCalendarPopup(True)
        self.note_date.setDisplayFormat("d MMM yyyy")
        self.note_date.editingFinished.connect(self._on_note_date_edited)
        self.edit_button = QPushButton("Ed&it")
        self.edit_button.setAccessibleName("Edit or show this note")
        self.edit_button.setCheckable(True)
        self.edit_button.toggled.connect(self._on_edit_toggled)
        self.saved_label = QLabel("")
        self.saved_label.setStyleSheet("color:#2e7d32;")
        top.addWidget(self.note_kind)
        top.addWidget(self.note_date)
        top.addStretch(1)
        top.addWidget(self.saved_label)
        top.addWidget(self.edit_button)
        dl.addLayout(top)
        self.note_stack = QStackedWidget()
        self.note_view = MarkdownView()
        self.note_view.setAccessibleName("Note (double-click or Enter to edit)")
        self.note_view.viewport().installEventFilter(_EditOnActivate(self))
        self.note_view.installEventFilter(_EditOnActivate(self))
        self.note_editor = AutosaveEdit()
        self.note_editor.setAccessibleName("Note text (Markdown, saved as you type)")
        self.note_editor.setPlaceholderText("Write in Markdown. Saved as you type.")
        bind_note_field(
            self.note_editor, self.ctx, self._current_note_id, applied=self._on_text_saved
        )
        self.note_editor.saved.connect(lambda: self.saved_label.setText("Saved"))
        self.note_editor.textChanged.connect(lambda: self.saved_label.setText(""))
        self.sbi_box = QGroupBox("Situation · Behavior · Impact")
        sbi_form = QFormLayout(self.sbi_box)
        self.sbi_editors: dict[str, AutosaveEdit] = {}
        for key, label in SBI_FIELDS:
            edit = AutosaveEdit()
            edit.setAccessibleName(f"{label} of this feedback")
            edit.setFixedHeight(48)
            bind_note_field(edit, self.ctx, self._current_note_id, key, applied=self._on_text_saved)
            edit.escape_pressed.connect(self._on_editor_escape)
            self.sbi_editors[key] = edit
            sbi_form.addRow(label, edit)
        self.sbi_box.hide()
        self.edit_page = QWidget()
        edit_layout = QVBoxLayout(self.edit_page)
        edit_layout.setContentsMargins(0, 0, 0, 0)
        edit_layout.addWidget(self.sbi_box)
        edit_layout.addWidget(self.note_editor, 1)
        self.note_stack.addWidget(self.note_view)
        self.note_stack.addWidget(self.edit_page)
        dl.addWidget(self.note_stack, 1)
        self.items_of_note = QLabel()
        self.items_of_note.setWordWrap(True)
        self.items_of_note.setTextFormat(Qt.TextFormat.PlainText)
        dl.addWidget(self.items_of_note)
        split.addWidget(detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([320, 520])
        layout.addWidget(split, 1)
        self.note_editor.escape_pressed.connect(self._on_editor_escape)

    def open_person(self, person_id: int) -> None:
        """A new person: no note selected, no search words, their timeline from the top."""
        self.current_note = None
        self.highlight_query = ""
        self.timeline_model.set_person(person_id)

    def select_note(self, note_id: int) -> None:
        """Select ``note_id`` in the timeline (loading pages until it is there)."""
        row = self.timeline_model.load_until(note_id)
        if row >= 0:
            index = self.timeline_model.index(row, 0)
            self.timeline.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.timeline.scrollTo(index)

    def load(self) -> None:
        keep = self.current_note.id if self.current_note else None
        self.timeline_model.reload()
        assert self.person is not None and self.person.id is not None
        total = self.ctx.services.notes.count_notes(self.person.id)
        self.count_label.setText(f"{total} note{'s' if total != 1 else ''}")
        if keep is not None:
            self._reselect(keep)

    def _reselect(self, note_id: int) -> None:
        row = self.timeline_model.row_of(note_id)
        if row < 0:
            self.display_note(None)
            return
        index = self.timeline_model.index(row, 0)
        selection = self.timeline.selectionModel()
        if selection.currentIndex() != index:
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            self.follow_current_note()

    def _current_note_id(self) -> int | None:
        return self.current_note.id if self.current_note else None

    def _on_text_saved(self, note: object) -> None:
        """Typing in the note was saved (this page's own write, not read back): its timeline
        row shows the new preview; the brief's last note and the feedback list read again
        when shown. The cadence does not change with a note's text."""
        if not isinstance(note, Note):
            return
        if self.current_note is not None and self.current_note.id == note.id:
            self.current_note = note
        self.timeline_model.show_saved(summary_of(note))
        self.page.after_own_write(stale={BRIEF, FEEDBACK})

    def _after_note_change(self, note_id: int | None) -> None:
        """A note was added, re-dated, re-kinded or removed here: the timeline (order, count)
        reads again, and with it the cadence (a one-on-one note counts); other tabs when
        shown."""
        self.page.after_own_write(stale={BRIEF, FEEDBACK}, header=True)
        self.load()
        if note_id is not None:
            self._reselect(note_id)

    def display_note(self, note_id: int | None, *, keep_mode: bool = False) -> None:
        editing = keep_mode and self.note_stack.currentWidget() is self.edit_page
        self.flush()
        self.current_note = None if note_id is None else self.ctx.services.notes.get(note_id)
        note = self.current_note
        has = note is not None
        self.note_kind.setVisible(has)
        self.note_date.setVisible(has)
        self.edit_button.setVisible(has)
        self.delete_note_button.setVisible(has)
        if note is None:
            self._load_editors(None)
            self.note_view.show_markdown(
                "*Select a note, or press **New note**.*"
                if self.timeline_model.rowCount()
                else "*No notes yet. Press **New note** to write the first one.*"
            )
            self.items_of_note.setText("")
            self.note_stack.setCurrentWidget(self.note_view)
            return
        self.note_kind.setCurrentIndex(list(NOTE_KIND_LABELS).index(note.kind))
        self.note_date.blockSignals(True)
        self.note_date.setDate(QDate(note.written_on))
        self.note_date.blockSignals(False)
        if self.ctx.privacy_screen:
            self._load_editors(None)
            self.note_view.setPlainText(PRIVACY_PLACEHOLDER)
            self.items_of_note.setText("")
            self.note_stack.setCurrentWidget(self.note_view)
            self.edit_button.setEnabled(False)
            return
        self.edit_button.setEnabled(not self.read_only)
        self.note_editor.setPlaceholderText(
            "What happened since? (Markdown, saved as you type)"
            if note.kind in (NoteKind.FEEDBACK_GIVEN, NoteKind.FEEDBACK_RECEIVED)
            else "Write in Markdown. Saved as you type."
        )
        self._load_editors(note)
        self.note_view.show_markdown(note_markdown(note))
        if self.highlight_query:
            self.note_view.highlight_words(self.highlight_query)
        items, topics = self.ctx.services.notes.items_of_note(note.id)  # type: ignore[arg-type]
        lines = []
        for item in items:
            mark = "✓" if item.done_on else "○"
            lines.append(f"{mark} {item.owner.value}: {item.text}")
        lines += [f"{'✓' if t.resolved_on else '○'} revisit: {t.text}" for t in topics]
        self.items_of_note.setText("\n".join(lines))
        self.set_editing(editing and not self.read_only)

    def start_editing(self) -> None:
        if self.current_note is not None and not self.read_only and not self.ctx.privacy_screen:
            self.set_editing(True)

    def set_editing(self, on: bool) -> None:
        self.edit_button.blockSignals(True)
        self.edit_button.setChecked(on)
        self.edit_button.setText("&Done" if on else "Ed&it")
        self.edit_button.blockSignals(False)
        if on:
            self.note_stack.setCurrentWidget(self.edit_page)
            self.note_editor.setFocus()
        else:
            self.flush()
            if self.current_note is not None and not self.ctx.privacy_screen:
                note = self.ctx.services.notes.get(self.current_note.id)  # type: ignore[arg-type]
                self.current_note = note
                self.note_view.show_markdown(note_markdown(note))
            self.note_stack.setCurrentWidget(self.note_view)

    def _on_timeline_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = current.data(OBJECT_ROLE) if current.isValid() else None
        self.display_note(summary.id if summary else None)

    def _on_edit_toggled(self, on: bool) -> None:
        if on:
            self.start_editing()
        else:
            self.set_editing(False)

    def _on_editor_escape(self) -> None:
        self.set_editing(False)
        self.note_view.setFocus()

    def _on_note_kind_activated(self, index: int) -> None:
        note = self.current_note
        kind = self.note_kind.itemData(index)
        if note is None or kind == note.kind:
            return
        command = EditNoteCommand(
            self.ctx.services,
            note.id,  # type: ignore[arg-type]
            "kind",
            note.kind,
            kind,
            next_edit_session(),
        )
        if perform_here(self.ctx, command, self):
            self.display_note(note.id, keep_mode=True)  # the SBI fields follow the kind
            self._after_note_change(note.id)

    def _on_note_date_edited(self) -> None:
        note = self.current_note
        day: date = self.note_date.date().toPython()  # type: ignore[assignment]
        if note is None or day == note.written_on:
            return
        command = EditNoteCommand(
            self.ctx.services,
            note.id,  # type: ignore[arg-type]
            "written_on",
            note.written_on,
            day,
            next_edit_session(),
        )
        if perform_here(self.ctx, command, self):
            self._after_note_change(note.id)

    def _on_new_note_clicked(self) -> None:
        if self.person is None or self.read_only:
            return
        command = AddNoteCommand(self.ctx.services, self.person.id, self.new_kind.currentData())  # type: ignore[arg-type]
        if perform_here(self.ctx, command, self) and command.note_id is not None:
            self.page.tabs.setCurrentIndex(NOTES)
            self._after_note_change(command.note_id)
            self.start_editing()

    def _on_delete_note_clicked(self) -> None:
        note = self.current_note
        if note is None or note.id is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete note",
            "Delete this note? You can undo it with Ctrl+Z.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._load_editors(None)  # nothing pending for a deleted note
            if perform_here(self.ctx, DeleteNoteCommand(self.ctx.services, note.id), self):
                self._after_note_change(None)

    def follow_current_note(self) -> None:
        """The current note changed in the vault (autosave, undo): follow without
        disturbing the editor's cursor while the user types."""
        note = self.current_note
        if note is None:
            return
        try:
            fresh = self.ctx.services.notes.get(note.id)  # type: ignore[arg-type]
        except LeadDeskError:
            self.display_note(None)
            return
        self.current_note = fresh
        self.note_kind.setCurrentIndex(list(NOTE_KIND_LABELS).index(fresh.kind))
        self.note_date.blockSignals(True)
        self.note_date.setDate(QDate(fresh.written_on))
        self.note_date.blockSignals(False)
        if self.ctx.privacy_screen:
            return
        for editor in self._editors():
            editor.setReadOnly(self.read_only)
        if self.read_only:
            self.set_editing(False)
        self.sbi_box.setVisible(fresh.kind in FEEDBACK_KINDS)
        self.note_editor.follow_saved(fresh.body)
        for key, editor in self.sbi_editors.items():
            editor.follow_saved(getattr(fresh, key))
        if self.note_stack.currentWidget() is self.note_view:
            self.note_view.show_markdown(note_markdown(fresh))

    def flush(self) -> None:
        """Save whatever is typed in the note editors now."""
        for editor in self._editors():
            editor.flush()

    def _editors(self) -> list[AutosaveEdit]:
        return [self.note_editor, *self.sbi_editors.values()]

    def _load_editors(self, note: Note | None) -> None:
        """Show ``note`` in the editors (None: empty and read-only)."""
        if note is None:
            for editor in self._editors():
                editor.load("", read_only=True)
            self.sbi_box.hide()
            return
        self.note_editor.load(note.body, read_only=self.read_only)
        for key, editor in self.sbi_editors.items():
            editor.load(getattr(note, key), read_only=self.read_only)
        self.sbi_box.setVisible(note.kind in FEEDBACK_KINDS)

    def set_archived(self, archived: bool) -> None:
        for widget in (
            self.new_note_button,
            self.delete_note_button,
            self.edit_button,
            self.note_kind,
            self.note_date,
        ):
            widget.setEnabled(not archived)

    def clear_private(self) -> None:
        for editor in self._editors():
            editor.timer.stop()
        self._load_editors(None)
        self.current_note = None
        self.highlight_query = ""  # a search term is as telling as a note
        self.timeline_model.clear()
        self.note_view.clear()
        self.items_of_note.clear()
        self.count_label.clear()
