"""One person's page: the header (name, cadence, edit, delegate, archive) and the four tabs.

Each tab is its own widget in its own module (brief_tab, notes_tab, feedback_tab, growth_tab),
reached as ``page.brief``, ``page.notes``, ``page.feedback`` and ``page.growth``. This shell
holds the person shown, builds the header, refreshes the tab on screen, follows
``ctx.changed`` and passes the privacy screen and the lock on to every tab.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ....domain.cadence import CadenceStatus, describe_due, describe_since
from ....domain.errors import LeadDeskError, NotFoundError
from ....domain.model import Person
from ....services.base import ChangeKind, ChangeSet
from ...area import ChangeFollower, made_within
from ...context import AppContext, Outcome
from ..commands import ArchivePersonCommand, EditPersonCommand, perform_here
from ..dialogs import PersonDialog
from ..drafts import save_dialog_before_lock
from ..models import PRIVACY_PLACEHOLDER
from ..widgets import ElidedLabel
from .brief_tab import BriefTab
from .common import BRIEF, FEEDBACK, GROWTH, NOTES, RELEVANT
from .feedback_tab import FeedbackTab
from .growth_tab import GrowthTab
from .notes_tab import NotesTab
from .typed_drafts import FeedbackInput, RestoredNotice, TypedInput, enter_all


class PersonPage(QWidget):
    """Everything about one person. Call :meth:`show_person`; it follows ``ctx.changed``."""

    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person: Person | None = None
        self._dirty: set[int] = set()  # tabs to reload when next shown
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
            owns=self.made_here,
        )
        self.follower.track(ctx.privacy_changed, self._on_privacy_changed)
        if ctx.privacy_screen:  # built while the screen is shared: start hidden
            self.set_privacy(True)

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
        # Shortens with "…" rather than widening the page: a long role and cadence pushed
        # the header's buttons past a 1280 px window (a horizontal scroll bar).
        self.meta_label = ElidedLabel()
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
        # Typed text back from an earlier session: one line beside the tabs (a line of its
        # own would push the page's add lines below a 720 px window).
        self.restored_notice = RestoredNotice()
        self.tabs.setCornerWidget(self.restored_notice, Qt.Corner.TopRightCorner)
        self.brief = BriefTab(self)
        self.notes = NotesTab(self)
        self.feedback = FeedbackTab(self)
        self.growth = GrowthTab(self)
        # What is typed in the tabs' add lines and the SBI form stays with its person.
        self.typed = [
            TypedInput(
                self.ctx,
                "person-brief",
                {"item": self.brief.item_text, "topic": self.brief.topic_text},
                self,
            ),
            FeedbackInput(self.ctx, self.feedback),
            TypedInput(
                self.ctx,
                "person-growth",
                {"goal": self.growth.goal_text, "step": self.growth.goal_step},
                self,
            ),
        ]
        self.tabs.addTab(self.brief, "&Brief")  # in the order of BRIEF, NOTES, ... (common.py)
        self.tabs.addTab(self.notes, "&Notes")
        self.tabs.addTab(self.feedback, "Feedbac&k")
        self.tabs.addTab(self.growth, "Gro&wth")
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        layout.addWidget(self.tabs, 1)

    @property
    def read_only(self) -> bool:
        return self.person is None or self.person.archived

    def show_person(self, person_id: int) -> None:
        self.flush()
        switching = self.person is None or self.person.id != person_id
        if switching:  # what was typed for the last person stays theirs (typed_drafts.py)
            for typed in self.typed:
                typed.leave()
                typed.clear()
        brief = None
        if self.tabs.currentIndex() == BRIEF:  # the brief brings the person and the cadence
            brief = self.ctx.services.notes.brief(person_id)
            self.person = brief.person
        else:
            self.person = self.ctx.services.people.get(person_id)
        self._dirty = {BRIEF, NOTES, FEEDBACK, GROWTH}
        self.notes.open_person(person_id)
        self._dirty.discard(NOTES)
        self._show_header(brief.cadence if brief is not None else None)
        self.notes.display_note(None)
        if brief is not None:
            self._dirty.discard(BRIEF)
            self.brief.show_brief(brief)
        else:
            self.refresh_current_tab()
        self.follower.stale = False
        if switching:
            self.restored_notice.show_line(enter_all(self.typed, self.ctx, person_id))

    def made_here(self, initiator: object) -> bool:
        """Did this page (a tab, its widgets or models) make the change? The writer already
        updated what it shows (:meth:`after_own_write`); nothing is read back."""
        return made_within(self, initiator)

    def after_own_write(
        self,
        *,
        stale: Iterable[int] = (),
        header: bool = False,
        person: Person | None = None,
    ) -> None:
        """A write made on this page, which its follower skipped: the writing tab has
        updated itself from the write's result. The tabs in ``stale`` (other tabs that show
        the same records) read again when next shown; ``header``: the one-on-one cadence may
        have changed (a one-on-one note added, dated or removed); ``person``: the person as
        the write left them."""
        if person is not None:
            self.person = person
        if header or person is not None:
            self._show_header()
        self._dirty |= set(stale)

    def _show_header(self, cadence: CadenceStatus | None = None) -> None:
        person = self.person
        if person is None:
            return
        self.name_label.setText(person.name)
        if cadence is None:
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
        self.delegate_button.setEnabled(not person.archived)
        for tab in (self.brief, self.notes, self.feedback, self.growth):
            tab.set_archived(person.archived)

    def show_note(self, note_id: int, query: str = "") -> None:
        """Jump to a note (from search): Notes tab, row selected, matched words marked."""
        self.notes.highlight_query = query
        self.tabs.setCurrentIndex(NOTES)
        self.notes.select_note(note_id)

    def refresh_current_tab(self) -> None:
        """Reload the tab on screen if a change made it stale (hidden tabs wait)."""
        index = self.tabs.currentIndex()
        if index not in self._dirty or self.person is None:
            return
        self._dirty.discard(index)
        tab = (self.brief, self.notes, self.feedback, self.growth)[index]
        tab.load()

    def _on_tabs_current_changed(self, _index: int) -> None:
        self.flush()
        self.refresh_current_tab()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Back) or (
            event.key() == Qt.Key.Key_Left and event.modifiers() == Qt.KeyboardModifier.AltModifier
        ):
            self.flush()
            self.back_requested.emit()
            return
        super().keyPressEvent(event)

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
            self._changed_person(perform_here(self.ctx, edit, self))

    def _changed_person(self, outcome: Outcome[object]) -> None:
        """The person was edited, archived or restored here: the header shows them as the
        write left them; every tab reads again (names, cadence and read-only all show)."""
        if not outcome or self.person is None:
            return
        person = outcome.value
        if not isinstance(person, Person):  # (every person write returns them)
            person = self.ctx.services.people.get(self.person.id)  # type: ignore[arg-type]
        self._dirty = {BRIEF, NOTES, FEEDBACK, GROWTH}
        self.after_own_write(person=person)
        self.brief.items_model.read_only = self.brief.topics_model.read_only = self.read_only
        self.refresh_current_tab()

    def _on_delegate_clicked(self) -> None:
        """The delegation tracker's own dialog, with this person already chosen."""
        if self.person is None or self.person.id is None:
            return
        from ...delegation.create import offer_delegation_for_person

        offer_delegation_for_person(self.ctx, self, self.person.id)

    def _on_archive_clicked(self) -> None:
        if self.person is None:
            return
        self.flush()
        archive = ArchivePersonCommand(
            self.ctx.services,
            self.person.id,  # type: ignore[arg-type]
            not self.person.archived,
        )
        self._changed_person(perform_here(self.ctx, archive, self))

    def _on_ctx_changed(self, changes: ChangeSet) -> None:
        """A change made elsewhere (or missed while hidden): read what it can have changed.

        The Brief tab on screen reads the person and the cadence with the brief (one read);
        otherwise the person is read again only for a change of people, the cadence only for
        a change of notes, blocks or people (its sources)."""
        if self.person is None or not changes.touches(*RELEVANT) or not self.ctx.is_unlocked:
            return
        person_id: int = self.person.id  # type: ignore[assignment]
        brief = None
        try:
            if self.tabs.currentIndex() == BRIEF:
                shown = self.brief.shown
                if shown is not None and shown.person.id == person_id and BRIEF not in self._dirty:
                    # only the parts the change's kinds can touch (a note: not the delegations)
                    brief = self.ctx.services.notes.refreshed_brief(shown, changes.kinds)
                else:
                    brief = self.ctx.services.notes.brief(person_id)
                self.person = brief.person
            elif changes.touches(ChangeKind.PEOPLE):
                self.person = self.ctx.services.people.get(person_id)
        except LeadDeskError as exc:
            if self.tabs.currentIndex() == BRIEF and not isinstance(exc, NotFoundError):
                raise  # the brief could not be read: said as any failed read is
            self.person = None
            self.clear_private()
            self.back_requested.emit()
            return
        self._dirty = {BRIEF, NOTES, FEEDBACK, GROWTH}
        if brief is not None:
            self._show_header(brief.cadence)
        elif changes.touches(ChangeKind.NOTES, ChangeKind.BLOCKS, ChangeKind.PEOPLE):
            self._show_header()
        if changes.touches(ChangeKind.PEOPLE):
            self.brief.items_model.read_only = self.brief.topics_model.read_only = self.read_only
        if brief is not None:
            self._dirty.discard(BRIEF)
            self.brief.show_brief(brief)
        else:
            self.refresh_current_tab()
        note = self.notes.current_note
        if note is not None and self.tabs.currentIndex() != NOTES:
            changed_notes = changes.ids.get(ChangeKind.NOTES)
            if changes.touches(ChangeKind.NOTES) and (
                changed_notes is None or note.id in changed_notes
            ):
                self.notes.follow_current_note()

    def _on_privacy_changed(self, on: bool) -> None:
        self.set_privacy(on)

    def set_privacy(self, on: bool) -> None:
        if on:
            self.flush()
            self.notes.set_editing(False)
        self.notes.timeline_model.set_privacy(on)
        for tab in (self.brief, self.feedback, self.growth):
            tab.set_privacy(on)
        self.name_label.setVisible(not on)  # the name and role name a colleague (issue 15)
        self.meta_label.setVisible(not on)
        if self.person is None:
            return
        self._dirty = {BRIEF, NOTES, FEEDBACK, GROWTH}
        self.refresh_current_tab()
        current = self.notes.current_note
        self.notes.display_note(current.id if current else None)
        if on:  # hidden tabs too: they reload (privacy-aware) when shown
            for index, view in (
                (BRIEF, self.brief.brief_view),
                (FEEDBACK, self.feedback.feedback_list),
            ):
                if self.tabs.currentIndex() != index:
                    view.setPlainText(PRIVACY_PLACEHOLDER)

    def save_drafts_before_lock(self) -> None:
        """The vault is about to lock: save every typed but unsaved text of this page.

        Note editors autosave (flushed now); the feedback form, the new action item, topic
        and goal lines and an open goal cell are saved through their normal commands when
        valid; what they refuse stays as the person's draft (no dialog in the middle of a
        lock), and comes back when the person is opened again.
        """
        self.flush()
        for typed in self.typed:  # drafts kept for other people this session: by the lock
            typed.mark_left_at_lock()
        if self.person is None or self.read_only or not self.ctx.is_unlocked:
            return
        self.growth.commit_open_goal_editor()
        self.feedback.save_draft()
        self.brief.save_drafts()
        self.growth.save_draft()
        for typed in self.typed:  # what the saves emptied goes; what they refused is kept
            typed.write(at_lock=True)

    def flush(self) -> None:
        """Save whatever is typed in the note editors now."""
        self.notes.flush()

    def clear_private(self) -> None:
        """Forget everything from the vault (lock)."""
        self.notes.clear_private()
        self.person = None
        for typed in self.typed:
            typed.stop()
        self.restored_notice.show_line("")
        for tab in (self.brief, self.feedback, self.growth):
            tab.clear_private()
        self.name_label.clear()
        self.meta_label.clear()
