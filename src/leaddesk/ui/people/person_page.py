"""One person's page: the pre-one-on-one brief, the notes timeline, feedback and growth.

The timeline is a lazy list (a page of rows at a time); the selected note is shown rendered
as Markdown and edited in place (double-click, Enter or "Edit"), autosaving as you type.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.cadence import describe_due, describe_since
from ...domain.errors import LeadDeskError
from ...domain.model import ActionOwner, FeedbackTone, Note, NoteKind, Person
from ...services.base import ChangeKind, ChangeSet
from ..area import ChangeFollower
from ..context import AppContext
from .commands import (
    ActionToTaskCommand,
    AddActionItemCommand,
    AddFeedbackCommand,
    AddGoalCommand,
    AddNoteCommand,
    AddTopicCommand,
    ArchivePersonCommand,
    DeleteNoteCommand,
    EditNoteCommand,
    EditPersonCommand,
    RemoveGoalCommand,
)
from .dialogs import PersonDialog
from .drafts import save_dialog_before_lock
from .editor import AutosaveEdit, MarkdownEdit, bind_note_field, next_edit_session
from .models import (
    GOAL_STATUS_LABELS,
    NOTE_KIND_LABELS,
    OBJECT_ROLE,
    PRIVACY_PLACEHOLDER,
    ActionItemsModel,
    GoalsModel,
    TimelineModel,
    TopicsModel,
    format_day,
)
from .widgets import MarkdownView

BRIEF, NOTES, FEEDBACK, GROWTH = range(4)
SBI_FIELDS = (
    ("situation", "Situation"),
    ("behavior", "Behavior"),
    ("impact", "Impact"),
    ("agreed_actions", "Agreed actions"),
)
FEEDBACK_KINDS = (NoteKind.FEEDBACK_GIVEN, NoteKind.FEEDBACK_RECEIVED)
RELEVANT = (
    ChangeKind.NOTES,
    ChangeKind.PEOPLE,
    ChangeKind.DELEGATIONS,
    ChangeKind.TASKS,
    ChangeKind.BLOCKS,
)


def _esc(text: str) -> str:
    return html.escape(text)


class _StatusDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]
        combo = QComboBox(parent)
        combo.setAccessibleName("Goal status")
        combo.addItems(list(GOAL_STATUS_LABELS.values()))
        return combo

    def setEditorData(self, editor, index):  # type: ignore[no-untyped-def]
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor, model, index):  # type: ignore[no-untyped-def]
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class _EditOnActivate(QObject):
    """Double-click or Enter on the rendered note switches to editing it in place."""

    def __init__(self, page: PersonPage) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonDblClick:
            self.page.start_editing()
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() in (  # type: ignore[attr-defined]
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.page.start_editing()
            return True
        return False


class PersonPage(QWidget):
    """Everything about one person. Call :meth:`show_person`; it follows ``ctx.changed``."""

    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person: Person | None = None
        self.current_note: Note | None = None
        self._dirty: set[int] = set()
        self._stash: dict[str, str] = {}
        self._highlight_query = ""
        self._build()
        # Follows changes only while on screen; hidden (the list or another area showing)
        # it marks itself stale and reads once when shown again (ui/area.py).
        self.follower = ChangeFollower(
            self,
            ctx,
            RELEVANT,
            self._on_ctx_changed,
            lambda: self._on_ctx_changed(ChangeSet(frozenset(RELEVANT))),
            active=lambda: self.person is not None,
        )
        self.follower.track(ctx.privacy_changed, self._on_privacy_changed)
        if ctx.privacy_screen:  # built while the screen is shared: start hidden
            self.set_privacy(True)

    # == building ========================================================================
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        header = QHBoxLayout()
        self.back_button = QPushButton("← People")
        self.back_button.setAccessibleName("Back to the people list")
        self.back_button.clicked.connect(self.back_requested)
        self.name_label = QLabel()
        self.name_label.setObjectName("personName")
        self.name_label.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.meta_label = QLabel()
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        self.meta_label.setObjectName("PersonSubtitle")  # muted colour from the theme
        self.due_label = QLabel()
        self.due_label.setTextFormat(Qt.TextFormat.PlainText)
        self.edit_person_button = QPushButton("Edit person…")
        self.edit_person_button.setAccessibleName("Edit person")
        self.edit_person_button.clicked.connect(self._on_edit_person_clicked)
        self.delegate_button = QPushButton("De&legate to…")
        self.delegate_button.setAccessibleName("Delegate a task to this person")
        self.delegate_button.setToolTip("Hand a task to this person as a tracked delegation")
        self.delegate_button.clicked.connect(self._on_delegate_clicked)
        self.archive_button = QPushButton("Archive")
        self.archive_button.setAccessibleName("Archive or restore person")
        self.archive_button.clicked.connect(self._on_archive_clicked)
        header.addWidget(self.back_button)
        header.addSpacing(8)
        header.addWidget(self.name_label)
        header.addSpacing(12)
        header.addWidget(self.meta_label)
        header.addSpacing(8)
        header.addWidget(self.due_label, 1)
        header.addWidget(self.edit_person_button)
        header.addWidget(self.delegate_button)
        header.addWidget(self.archive_button)
        layout.addLayout(header)
        self.archived_banner = QLabel(
            "Archived: notes are read-only. Restore the person to change them."
        )
        self.archived_banner.setStyleSheet(
            "background:#eee; color:#444; padding:4px 8px; border-radius:3px;"
        )
        self.archived_banner.hide()
        layout.addWidget(self.archived_banner)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Person sections")
        self.tabs.addTab(self._build_brief(), "&Brief")
        self.tabs.addTab(self._build_notes(), "&Notes")
        self.tabs.addTab(self._build_feedback(), "Feedbac&k")
        self.tabs.addTab(self._build_growth(), "Gro&wth")
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        layout.addWidget(self.tabs, 1)

    def _build_brief(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        self.brief_view = MarkdownView()
        self.brief_view.setAccessibleName("Pre-one-on-one brief")
        row.addWidget(self.brief_view, 3)
        side = QVBoxLayout()
        row.addLayout(side, 2)

        items_box = QGroupBox("Open action items (carried forward until ticked)")
        items_layout = QVBoxLayout(items_box)
        self.items_model = ActionItemsModel(self.ctx, self)
        self.items_view = QListView()
        self.items_view.setAccessibleName("Open action items")
        self.items_view.setModel(self.items_model)
        self.items_view.setUniformItemSizes(True)
        items_layout.addWidget(self.items_view)
        add_row = QHBoxLayout()
        self.item_owner = QComboBox()
        self.item_owner.setAccessibleName("Action item owner")
        self.item_owner.addItem("Mine", ActionOwner.MINE)
        self.item_owner.addItem("Theirs", ActionOwner.THEIRS)
        self.item_text = QLineEdit()
        self.item_text.setAccessibleName("New action item")
        self.item_text.setPlaceholderText("New action item, Enter to add")
        self.item_text.returnPressed.connect(self._on_item_text_return)
        add_row.addWidget(self.item_owner)
        add_row.addWidget(self.item_text, 1)
        items_layout.addLayout(add_row)
        self.to_task_button = QPushButton("Make inbox &task")
        self.to_task_button.setAccessibleName("Make the selected action item an inbox task")
        self.to_task_button.clicked.connect(self._on_to_task_clicked)
        items_layout.addWidget(self.to_task_button)
        side.addWidget(items_box, 3)

        topics_box = QGroupBox("Topics to revisit")
        topics_layout = QVBoxLayout(topics_box)
        self.topics_model = TopicsModel(self.ctx, self)
        self.topics_view = QListView()
        self.topics_view.setAccessibleName("Topics to revisit")
        self.topics_view.setModel(self.topics_model)
        self.topics_view.setUniformItemSizes(True)
        topics_layout.addWidget(self.topics_view)
        self.topic_text = QLineEdit()
        self.topic_text.setAccessibleName("New topic to revisit")
        self.topic_text.setPlaceholderText("New topic, Enter to add")
        self.topic_text.returnPressed.connect(self._on_topic_text_return)
        topics_layout.addWidget(self.topic_text)
        side.addWidget(topics_box, 2)
        return page

    def _build_notes(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
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
        bind_note_field(self.note_editor, self.ctx, self._current_note_id)
        self.note_editor.saved.connect(lambda: self.saved_label.setText("Saved"))
        self.note_editor.textChanged.connect(lambda: self.saved_label.setText(""))
        self.sbi_box = QGroupBox("Situation · Behavior · Impact")
        sbi_form = QFormLayout(self.sbi_box)
        self.sbi_editors: dict[str, AutosaveEdit] = {}
        for key, label in SBI_FIELDS:
            edit = AutosaveEdit()
            edit.setAccessibleName(f"{label} of this feedback")
            edit.setFixedHeight(48)
            bind_note_field(edit, self.ctx, self._current_note_id, key)
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
        return page

    def _build_feedback(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        left = QVBoxLayout()
        self.balance_label = QLabel()
        self.balance_label.setStyleSheet("font-weight:600;")
        self.nudge_label = QLabel()
        self.nudge_label.setWordWrap(True)
        self.nudge_label.setStyleSheet(
            "background:#fff4d6; color:#5b4300; padding:6px; border-radius:3px;"
        )
        self.preference_label = QLabel()
        self.preference_label.setWordWrap(True)
        self.feedback_list = MarkdownView()
        self.feedback_list.setAccessibleName("Feedback given")
        left.addWidget(self.balance_label)
        left.addWidget(self.nudge_label)
        left.addWidget(self.preference_label)
        left.addWidget(self.feedback_list, 1)
        layout.addLayout(left, 3)

        box = QGroupBox("Record feedback (Situation · Behavior · Impact)")
        form = QFormLayout(box)
        self.fb_kind = QComboBox()
        self.fb_kind.setAccessibleName("Feedback given or received")
        self.fb_kind.addItem("Given", NoteKind.FEEDBACK_GIVEN)
        self.fb_kind.addItem("Received", NoteKind.FEEDBACK_RECEIVED)
        self.fb_fields: dict[str, QPlainTextEdit] = {}
        form.addRow("Feedback", self.fb_kind)
        for key, label in (
            ("situation", "&Situation"),
            ("behavior", "Behavi&or"),
            ("impact", "&Impact"),
            ("agreed_actions", "A&greed actions"),
        ):
            edit = MarkdownEdit()
            edit.setAccessibleName(label.replace("&", ""))
            edit.setFixedHeight(64)
            self.fb_fields[key] = edit
            form.addRow(label, edit)
        tone_row = QHBoxLayout()
        self.tone_group = QButtonGroup(self)
        self.tone_positive = QRadioButton("&Positive")
        self.tone_positive.setAccessibleName("Positive feedback")
        self.tone_constructive = QRadioButton("Constr&uctive")
        self.tone_constructive.setAccessibleName("Constructive feedback")
        self.tone_group.addButton(self.tone_positive)
        self.tone_group.addButton(self.tone_constructive)
        self.tone_positive.setChecked(True)
        tone_row.addWidget(self.tone_positive)
        tone_row.addWidget(self.tone_constructive)
        tone_row.addStretch(1)
        form.addRow("Tone", tone_row)
        self.record_feedback_button = QPushButton("Re&cord feedback")
        self.record_feedback_button.setAccessibleName("Record feedback")
        self.record_feedback_button.clicked.connect(self._on_record_feedback_clicked)
        form.addRow("", self.record_feedback_button)
        right = QVBoxLayout()
        right.addWidget(box)
        right.addStretch(1)
        layout.addLayout(right, 2)
        return page

    def _build_growth(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.goals_model = GoalsModel(self.ctx, self)
        self.goals_view = QTableView()
        self.goals_view.setAccessibleName("Growth goals")
        self.goals_view.setModel(self.goals_model)
        self.goals_view.setItemDelegateForColumn(GoalsModel.STATUS, _StatusDelegate(self))
        header = self.goals_view.horizontalHeader()
        header.setSectionResizeMode(GoalsModel.GOAL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(GoalsModel.NEXT_STEP, QHeaderView.ResizeMode.Stretch)
        self.goals_view.verticalHeader().hide()
        self.goals_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        layout.addWidget(self.goals_view, 1)
        add = QHBoxLayout()
        self.goal_text = QLineEdit()
        self.goal_text.setAccessibleName("New growth goal")
        self.goal_text.setPlaceholderText("Goal")
        self.goal_step = QLineEdit()
        self.goal_step.setAccessibleName("Next step of the new goal")
        self.goal_step.setPlaceholderText("Next step")
        self.goal_step.returnPressed.connect(self._on_add_goal_clicked)
        self.goal_text.returnPressed.connect(self._on_add_goal_clicked)
        self.add_goal_button = QPushButton("Add &goal")
        self.add_goal_button.setAccessibleName("Add growth goal")
        self.add_goal_button.clicked.connect(self._on_add_goal_clicked)
        self.remove_goal_button = QPushButton("Remove goal")
        self.remove_goal_button.setAccessibleName("Remove the selected growth goal")
        self.remove_goal_button.clicked.connect(self._on_remove_goal_clicked)
        add.addWidget(self.goal_text, 2)
        add.addWidget(self.goal_step, 2)
        add.addWidget(self.add_goal_button)
        add.addWidget(self.remove_goal_button)
        layout.addLayout(add)
        hint = QLabel(
            "Double-click a cell to edit the goal, next step, timeline (YYYY-MM-DD) or status."
        )
        hint.setStyleSheet("color:#666;")
        layout.addWidget(hint)
        return page

    # == showing ==========================================================================
    @property
    def read_only(self) -> bool:
        return self.person is None or self.person.archived

    def show_person(self, person_id: int) -> None:
        self.flush()
        self.person = self.ctx.services.people.get(person_id)
        self.current_note = None
        self._highlight_query = ""
        self._dirty = {BRIEF, NOTES, FEEDBACK, GROWTH}
        self.timeline_model.set_person(person_id)
        self._dirty.discard(NOTES)
        self._show_header()
        self._show_note(None)
        self._refresh_current_tab()
        self.follower.stale = False

    def show_note(self, note_id: int, query: str = "") -> None:
        """Jump to a note (from search): Notes tab, row selected, matched words marked."""
        self._highlight_query = query
        self.tabs.setCurrentIndex(NOTES)
        row = self.timeline_model.load_until(note_id)
        if row >= 0:
            index = self.timeline_model.index(row, 0)
            self.timeline.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.timeline.scrollTo(index)

    def _show_header(self) -> None:
        person = self.person
        if person is None:
            return
        self.name_label.setText(person.name)
        cadence = self.ctx.services.notes.cadence(person)
        parts = [p for p in (person.role, person.relationship.value.capitalize()) if p]
        parts.append(f"one-on-one every {person.one_on_one_every_days} days")
        parts.append(f"last: {describe_since(cadence)}")
        if not person.archived:
            parts.append(describe_due(cadence))
        overdue = cadence.is_overdue and not person.archived
        self.meta_label.setText(" · ".join(parts[:-1] if not person.archived else parts))
        self.due_label.setText("" if person.archived else parts[-1])
        self.due_label.setStyleSheet(
            "color:#b3261e; font-weight:600;" if overdue else "color:#2e7d32;"
        )
        self.archive_button.setText("Restore" if person.archived else "Archive")
        self.archived_banner.setVisible(person.archived)
        for widget in (
            self.new_note_button,
            self.delete_note_button,
            self.item_text,
            self.topic_text,
            self.to_task_button,
            self.record_feedback_button,
            self.add_goal_button,
            self.remove_goal_button,
            self.goal_text,
            self.goal_step,
            self.edit_button,
            self.note_kind,
            self.note_date,
            self.delegate_button,
        ):
            widget.setEnabled(not person.archived)

    def _refresh_current_tab(self) -> None:
        index = self.tabs.currentIndex()
        if index not in self._dirty or self.person is None:
            return
        self._dirty.discard(index)
        if index == BRIEF:
            self._load_brief()
        elif index == NOTES:
            self._load_notes()
        elif index == FEEDBACK:
            self._load_feedback()
        elif index == GROWTH:
            self._load_growth()

    def _load_brief(self) -> None:
        assert self.person is not None and self.person.id is not None
        brief = self.ctx.services.notes.brief(self.person.id)
        privacy = self.ctx.privacy_screen
        items = brief.mine + brief.theirs
        self.items_model.set_items(items, read_only=self.read_only)
        self.items_model.set_privacy(privacy)
        self.topics_model.set_topics(brief.topics, read_only=self.read_only)
        self.topics_model.set_privacy(privacy)
        c = brief.cadence
        parts = ["<h3>Before the next one-on-one</h3>"]
        since = describe_since(c)
        last = f" ({_esc(format_day(c.last_on))})" if c.last_on else ""
        days = f"<b>{c.days_since_last} days</b> since" if c.days_since_last is not None else "No"
        parts.append(f"<p>{days} the last one-on-one{last}: {_esc(since)}.<br>")
        due = _esc(describe_due(c))
        if c.is_overdue:
            due = f'<span style="color:#b3261e"><b>{due}</b></span>'
        parts.append(f"Next due {_esc(format_day(c.next_due_on))}: {due}.</p>")
        parts.append(
            f"<p>Open action items: <b>{len(brief.mine)}</b> mine, "
            f"<b>{len(brief.theirs)}</b> theirs · topics to revisit: "
            f"<b>{len(brief.topics)}</b></p>"
        )
        parts.append("<h4>Open delegations</h4>")
        if brief.delegations:
            rows = []
            for d in brief.delegations:
                title = PRIVACY_PLACEHOLDER if privacy else d.title
                check = (
                    f" · check in {_esc(format_day(d.next_check_in_on))}"
                    if d.next_check_in_on
                    else ""
                )
                rows.append(f"<li>{_esc(title)}{check} ({d.status.value})</li>")
            parts.append("<ul>" + "".join(rows) + "</ul>")
        else:
            parts.append("<p><i>None.</i></p>")
        if brief.requests:  # what they asked for and are waiting on
            rows = []
            for r in brief.requests:
                title = PRIVACY_PLACEHOLDER if privacy else r.title
                by = f" · needed by {_esc(format_day(r.needed_by))}" if r.needed_by else ""
                rows.append(f"<li>{_esc(title)}{by} ({_esc(r.quadrant.label)})</li>")
            parts.append("<h4>Their requests</h4><ul>" + "".join(rows) + "</ul>")
        parts.append("<h4>Last note</h4>")
        if brief.last_note is None:
            parts.append("<p><i>No notes yet.</i></p>")
            self.brief_view.setHtml("".join(parts))
        else:
            note = brief.last_note
            parts.append(
                f"<p><i>{_esc(format_day(note.written_on))} · "
                f"{_esc(NOTE_KIND_LABELS[note.kind])}</i></p>"
            )
            self.brief_view.setHtml("".join(parts))
            cursor = self.brief_view.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            cursor.insertBlock()
            if privacy:
                cursor.insertText(PRIVACY_PLACEHOLDER)
            else:
                body = _note_markdown(note)
                cursor.insertMarkdown(body[:20_000] + ("\n\n…" if len(body) > 20_000 else ""))
            self.brief_view.moveCursor(cursor.MoveOperation.Start)

    def _load_notes(self) -> None:
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
            self._show_note(None)
            return
        index = self.timeline_model.index(row, 0)
        selection = self.timeline.selectionModel()
        if selection.currentIndex() != index:
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            self._follow_current_note()

    def _load_feedback(self) -> None:
        assert self.person is not None and self.person.id is not None
        summary = self.ctx.services.notes.feedback_summary(self.person.id)
        self.balance_label.setText(summary.balance.describe())
        self.nudge_label.setText(summary.nudge or "")
        self.nudge_label.setVisible(bool(summary.nudge))
        pref = self.person.feedback_preference
        self.preference_label.setText(f"Prefers: {pref}" if pref else "")
        self.preference_label.setVisible(bool(pref))
        if self.ctx.privacy_screen:
            self.feedback_list.setPlainText(PRIVACY_PLACEHOLDER)
            return
        given = self.ctx.services.notes.feedback_given(self.person.id)[:50]
        if not given:
            self.feedback_list.show_markdown("*No feedback given yet.*")
            return
        chunks = []
        for note in given:
            tone = note.tone.value if note.tone else "untagged"
            chunks.append(f"#### {format_day(note.written_on)} · {tone}\n\n{_note_markdown(note)}")
        self.feedback_list.show_markdown("\n\n---\n\n".join(chunks))

    def _load_growth(self) -> None:
        assert self.person is not None and self.person.id is not None
        self.goals_model.set_goals(
            self.ctx.services.notes.goals(self.person.id), read_only=self.read_only
        )
        self.goals_model.set_privacy(self.ctx.privacy_screen)

    # == the selected note ===============================================================
    def _current_note_id(self) -> int | None:
        return self.current_note.id if self.current_note else None

    def _show_note(self, note_id: int | None, *, keep_mode: bool = False) -> None:
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
        self.note_view.show_markdown(_note_markdown(note))
        if self._highlight_query:
            self.note_view.highlight_words(self._highlight_query)
        items, topics = self.ctx.services.notes.items_of_note(note.id)  # type: ignore[arg-type]
        lines = []
        for item in items:
            mark = "✓" if item.done_on else "○"
            lines.append(f"{mark} {item.owner.value}: {item.text}")
        lines += [f"{'✓' if t.resolved_on else '○'} revisit: {t.text}" for t in topics]
        self.items_of_note.setText("\n".join(lines))
        self._set_editing(editing and not self.read_only)

    def start_editing(self) -> None:
        if self.current_note is not None and not self.read_only and not self.ctx.privacy_screen:
            self._set_editing(True)

    def _set_editing(self, on: bool) -> None:
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
                self.note_view.show_markdown(_note_markdown(note))
            self.note_stack.setCurrentWidget(self.note_view)

    # == slots ===========================================================================
    def _on_timeline_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = current.data(OBJECT_ROLE) if current.isValid() else None
        self._show_note(summary.id if summary else None)

    def _on_tabs_current_changed(self, _index: int) -> None:
        self.flush()
        self._refresh_current_tab()

    def _on_edit_toggled(self, on: bool) -> None:
        if on:
            self.start_editing()
        else:
            self._set_editing(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Back) or (
            event.key() == Qt.Key.Key_Left and event.modifiers() == Qt.KeyboardModifier.AltModifier
        ):
            self.flush()
            self.back_requested.emit()
            return
        super().keyPressEvent(event)

    def _on_editor_escape(self) -> None:
        self._set_editing(False)
        self.note_view.setFocus()

    def _on_note_kind_activated(self, index: int) -> None:
        note = self.current_note
        kind = self.note_kind.itemData(index)
        if note is None or kind == note.kind:
            return
        self.ctx.push(
            EditNoteCommand(
                self.ctx.services,
                note.id,
                "kind",
                note.kind,
                kind,
                next_edit_session(),  # type: ignore[arg-type]
            )
        )

    def _on_note_date_edited(self) -> None:
        note = self.current_note
        day: date = self.note_date.date().toPython()  # type: ignore[assignment]
        if note is None or day == note.written_on:
            return
        self.ctx.push(
            EditNoteCommand(
                self.ctx.services,
                note.id,
                "written_on",
                note.written_on,
                day,
                next_edit_session(),  # type: ignore[arg-type]
            )
        )

    def _on_new_note_clicked(self) -> None:
        if self.person is None or self.read_only:
            return
        command = AddNoteCommand(self.ctx.services, self.person.id, self.new_kind.currentData())  # type: ignore[arg-type]
        if self.ctx.push(command) and command.note_id is not None:
            self.tabs.setCurrentIndex(NOTES)
            self._refresh_current_tab()
            self._reselect(command.note_id)
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
            self.ctx.push(DeleteNoteCommand(self.ctx.services, note.id))

    def _item_command(self) -> AddActionItemCommand | None:
        text = self.item_text.text().strip()
        if not text or self.person is None or self.read_only:
            return None
        owner = self.item_owner.currentData()
        return AddActionItemCommand(self.ctx.services, self.person.id, owner, text)  # type: ignore[arg-type]

    def _topic_command(self) -> AddTopicCommand | None:
        text = self.topic_text.text().strip()
        if not text or self.person is None or self.read_only:
            return None
        return AddTopicCommand(self.ctx.services, self.person.id, text)  # type: ignore[arg-type]

    def _on_item_text_return(self) -> None:
        command = self._item_command()
        if command is not None and self.ctx.push(command):
            self.item_text.clear()

    def _on_topic_text_return(self) -> None:
        command = self._topic_command()
        if command is not None and self.ctx.push(command):
            self.topic_text.clear()

    def _on_to_task_clicked(self) -> None:
        index = self.items_view.currentIndex()
        item = index.data(OBJECT_ROLE) if index.isValid() else None
        if item is None:
            QMessageBox.information(self, "LeadDesk", "Select one of your action items first.")
            return
        self.ctx.push(ActionToTaskCommand(self.ctx.services, item.id))

    def _feedback_draft(self) -> dict[str, str]:
        """The SBI form's text (kept aside while the privacy screen hides the form)."""
        if self.ctx.privacy_screen:
            return {key: self._stash.get(key, "") for key in self.fb_fields}
        return {key: edit.toPlainText() for key, edit in self.fb_fields.items()}

    def _feedback_command(self, fields: dict[str, str]) -> AddFeedbackCommand | None:
        if self.person is None or self.read_only:
            return None
        tone = (
            FeedbackTone.POSITIVE if self.tone_positive.isChecked() else FeedbackTone.CONSTRUCTIVE
        )
        return AddFeedbackCommand(
            self.ctx.services,
            self.person.id,  # type: ignore[arg-type]
            self.fb_kind.currentData(),
            tone=tone,
            **fields,
        )

    def _on_record_feedback_clicked(self) -> None:
        if self.ctx.privacy_screen:
            return
        command = self._feedback_command(self._feedback_draft())
        if command is not None and self.ctx.push(command):
            for edit in self.fb_fields.values():
                edit.clear()

    def _goal_command(self) -> AddGoalCommand | None:
        goal = self.goal_text.text().strip()
        if not goal or self.person is None or self.read_only:
            return None
        return AddGoalCommand(
            self.ctx.services,
            self.person.id,  # type: ignore[arg-type]
            goal,
            next_step=self.goal_step.text(),
        )

    def _on_add_goal_clicked(self) -> None:
        command = self._goal_command()
        if command is None:
            self.goal_text.setFocus()
            return
        if self.ctx.push(command):
            self.goal_text.clear()
            self.goal_step.clear()
            self.goal_text.setFocus()

    def _on_remove_goal_clicked(self) -> None:
        index = self.goals_view.currentIndex()
        goal = index.data(OBJECT_ROLE) if index.isValid() else None
        if goal is not None:
            self.ctx.push(RemoveGoalCommand(self.ctx.services, goal.id))

    def _on_edit_person_clicked(self) -> None:
        if self.person is None:
            return
        before = self.person
        dialog = PersonDialog(self, before)

        def command() -> EditPersonCommand | None:
            values = dialog.values()
            changes = {k: v for k, v in values.items() if getattr(before, k) != v}
            if not changes:
                return None
            return EditPersonCommand(self.ctx.services, before.id, **changes)  # type: ignore[arg-type]

        save_dialog_before_lock(self.ctx, dialog, command)  # a lock keeps the edits
        accepted = dialog.exec()
        if accepted and (edit := command()) is not None:
            self.ctx.push(edit)

    def _on_delegate_clicked(self) -> None:
        """The delegation tracker's own dialog, with this person already chosen."""
        if self.person is None or self.person.id is None:
            return
        from ..delegation.create import offer_delegation_for_person

        offer_delegation_for_person(self.ctx, self, self.person.id)

    def _on_archive_clicked(self) -> None:
        if self.person is None:
            return
        self.flush()
        self.ctx.push(
            ArchivePersonCommand(self.ctx.services, self.person.id, not self.person.archived)  # type: ignore[arg-type]
        )

    def _on_ctx_changed(self, changes: ChangeSet) -> None:
        if self.person is None or not changes.touches(*RELEVANT) or not self.ctx.is_unlocked:
            return
        try:
            self.person = self.ctx.services.people.get(self.person.id)  # type: ignore[arg-type]
        except LeadDeskError:
            self.person = None
            self.clear_private()
            self.back_requested.emit()
            return
        self._show_header()
        self._dirty = {BRIEF, NOTES, FEEDBACK, GROWTH}
        if changes.touches(ChangeKind.PEOPLE):
            self.items_model.read_only = self.topics_model.read_only = self.read_only
        self._refresh_current_tab()
        note = self.current_note
        if note is not None and self.tabs.currentIndex() != NOTES:
            self._follow_current_note()

    def _follow_current_note(self) -> None:
        """The current note changed in the vault (autosave, undo): follow without
        disturbing the editor's cursor while the user types."""
        note = self.current_note
        if note is None:
            return
        try:
            fresh = self.ctx.services.notes.get(note.id)  # type: ignore[arg-type]
        except LeadDeskError:
            self._show_note(None)
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
            self._set_editing(False)
        self.sbi_box.setVisible(fresh.kind in FEEDBACK_KINDS)
        self.note_editor.follow_saved(fresh.body)
        for key, editor in self.sbi_editors.items():
            editor.follow_saved(getattr(fresh, key))
        if self.note_stack.currentWidget() is self.note_view:
            self.note_view.show_markdown(_note_markdown(fresh))

    # == privacy and lock ================================================================
    def _on_privacy_changed(self, on: bool) -> None:
        self.set_privacy(on)

    def set_privacy(self, on: bool) -> None:
        if on:
            self.flush()
            self._set_editing(False)
            for key, edit in self.fb_fields.items():
                if edit.toPlainText() != PRIVACY_PLACEHOLDER:
                    self._stash[key] = edit.toPlainText()
                edit.setPlainText(PRIVACY_PLACEHOLDER)
                edit.setEnabled(False)
        else:
            for key, edit in self.fb_fields.items():
                edit.setPlainText(self._stash.pop(key, ""))
                edit.setEnabled(True)
        for model in (self.timeline_model, self.items_model, self.topics_model, self.goals_model):
            model.set_privacy(on)
        self.name_label.setVisible(not on)  # the name and role name a colleague (issue 15)
        self.meta_label.setVisible(not on)
        # Lines being typed into (a new action item, topic or goal) show dots while the
        # screen is shared; the text stays, so nothing typed is lost.
        echo = QLineEdit.EchoMode.Password if on else QLineEdit.EchoMode.Normal
        for line in (self.item_text, self.topic_text, self.goal_text, self.goal_step):
            line.setEchoMode(echo)
        if self.person is None:
            return
        self._dirty = {BRIEF, NOTES, FEEDBACK, GROWTH}
        self._refresh_current_tab()
        self._show_note(self.current_note.id if self.current_note else None)
        if on:  # hidden tabs too: they reload (privacy-aware) when shown
            for tab, view in ((BRIEF, self.brief_view), (FEEDBACK, self.feedback_list)):
                if self.tabs.currentIndex() != tab:
                    view.setPlainText(PRIVACY_PLACEHOLDER)

    def save_drafts_before_lock(self) -> None:
        """The vault is about to lock: save every typed but unsaved text of this page.

        Note editors autosave (flushed now); the feedback form, the new action item, topic
        and goal lines and an open goal cell are saved through their normal commands when
        valid, and dropped quietly when invalid or empty (no dialog in the middle of a lock).
        """
        self.flush()
        if self.person is None or self.read_only or not self.ctx.is_unlocked:
            return
        self._commit_open_goal_editor()
        draft = self._feedback_draft()
        if any(text.strip() for text in draft.values()):
            command = self._feedback_command(draft)
            if command is not None and self.ctx.push(command, quiet=True):
                self._stash.clear()
                for edit in self.fb_fields.values():
                    if edit.isEnabled():
                        edit.clear()
        for make, lines in (
            (self._item_command, (self.item_text,)),
            (self._topic_command, (self.topic_text,)),
            (self._goal_command, (self.goal_text, self.goal_step)),
        ):
            command = make()
            if command is not None and self.ctx.push(command, quiet=True):
                for line in lines:
                    line.clear()

    def _commit_open_goal_editor(self) -> None:
        """A goal cell being edited holds typed text only in its editor widget."""
        view = self.goals_view
        if view.state() != QAbstractItemView.State.EditingState:
            return
        index = view.currentIndex()
        editor = view.indexWidget(index) if index.isValid() else None
        if editor is None:
            return
        if isinstance(editor, QComboBox):
            value = editor.currentText()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            return
        command = self.goals_model.edit_command(index, value)
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if command is not None:
            self.ctx.push(command, quiet=True)

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

    def clear_private(self) -> None:
        """Forget everything from the vault (lock)."""
        for editor in self._editors():
            editor.timer.stop()
        self._load_editors(None)
        self.person = None
        self.current_note = None
        self._stash.clear()
        self._highlight_query = ""  # a search term is as telling as a note
        self.timeline_model.clear()
        self.items_model.clear()
        self.topics_model.clear()
        self.goals_model.clear()
        for view in (self.brief_view, self.note_view, self.feedback_list):
            view.clear()
        for edit in self.fb_fields.values():
            edit.clear()
        for widget in (
            self.name_label,
            self.meta_label,
            self.items_of_note,
            self.balance_label,
            self.nudge_label,
            self.preference_label,
            self.count_label,
        ):
            widget.clear()
        for line in (self.item_text, self.topic_text, self.goal_text, self.goal_step):
            line.clear()


def _note_markdown(note: Note) -> str:
    """A note as Markdown: the body, then the feedback fields when present."""
    parts = [note.body] if note.body else []
    for label, value in (
        ("Situation", note.situation),
        ("Behavior", note.behavior),
        ("Impact", note.impact),
        ("Agreed actions", note.agreed_actions),
    ):
        if value:
            parts.append(f"**{label}:** {value}")
    return "\n\n".join(parts) if parts else "*(empty note)*"
