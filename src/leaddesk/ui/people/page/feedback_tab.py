"""The person page's Feedback tab: the balance and nudge, feedback given, the SBI form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from ....domain.model import FeedbackTone, NoteKind
from ..commands import AddFeedbackCommand, perform_here
from ..editor import MarkdownEdit
from ..models import PRIVACY_PLACEHOLDER, format_day
from ..widgets import MarkdownView
from .common import BRIEF, NOTES, PersonTab, note_markdown

if TYPE_CHECKING:
    from .shell import PersonPage


class FeedbackTab(PersonTab):
    """The Feedback tab: the given/received balance, feedback given and the SBI form."""

    def __init__(self, page: PersonPage) -> None:
        super().__init__(page)
        self._stash: dict[str, str] = {}  # the form's text while the privacy screen hides it
        layout = QHBoxLayout(self)
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

    def load(self) -> None:
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
            chunks.append(f"#### {format_day(note.written_on)} · {tone}\n\n{note_markdown(note)}")
        self.feedback_list.show_markdown("\n\n---\n\n".join(chunks))

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
        if command is not None and perform_here(self.ctx, command, self):
            for edit in self.fb_fields.values():
                edit.clear()
            self._recorded()

    def _recorded(self) -> None:
        """Feedback recorded here (not read back by the page): this tab's balance and list
        read again; the timeline and the brief's last note when shown. A feedback note does
        not count as a one-on-one, so the cadence stays."""
        self.load()
        self.page.after_own_write(stale={BRIEF, NOTES})

    def set_archived(self, archived: bool) -> None:
        self.record_feedback_button.setEnabled(not archived)

    def set_privacy(self, on: bool) -> None:
        if on:
            for key, edit in self.fb_fields.items():
                if edit.toPlainText() != PRIVACY_PLACEHOLDER:
                    self._stash[key] = edit.toPlainText()
                edit.setPlainText(PRIVACY_PLACEHOLDER)
                edit.setEnabled(False)
        else:
            for key, edit in self.fb_fields.items():
                edit.setPlainText(self._stash.pop(key, ""))
                edit.setEnabled(True)

    # -- typed input, kept per person (typed_drafts.py) -----------------------------------
    def typed_values(self) -> dict[str, str]:
        return self._feedback_draft()

    def fill_typed(self, values: dict[str, str]) -> None:
        if self.ctx.privacy_screen:  # shown when the screen is lifted
            self._stash.update({key: values.get(key, "") for key in self.fb_fields})
            return
        for key, edit in self.fb_fields.items():
            edit.setPlainText(values.get(key, ""))

    def clear_typed(self) -> None:
        self._stash.clear()
        if not self.ctx.privacy_screen:
            for edit in self.fb_fields.values():
                edit.clear()

    def save_draft(self) -> None:
        """Lock: save the typed SBI form through its normal command when valid."""
        draft = self._feedback_draft()
        if any(text.strip() for text in draft.values()):
            command = self._feedback_command(draft)
            if command is not None and self.ctx.push(command, quiet=True):
                self._stash.clear()
                for edit in self.fb_fields.values():
                    if edit.isEnabled():
                        edit.clear()

    def clear_private(self) -> None:
        self._stash.clear()
        self.feedback_list.clear()
        for edit in self.fb_fields.values():
            edit.clear()
        for widget in (self.balance_label, self.nudge_label, self.preference_label):
            widget.clear()
