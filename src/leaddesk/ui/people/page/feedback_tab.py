"""The person page's Feedback tab: the balance and nudge, feedback given, the SBI form."""

from __future__ import annotations

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
    QWidget,
)

from ....domain.model import FeedbackTone, NoteKind
from ..commands import AddFeedbackCommand
from ..editor import MarkdownEdit
from ..models import PRIVACY_PLACEHOLDER, format_day
from ..widgets import MarkdownView
from .common import note_markdown


class FeedbackTab:
    """The Feedback tab of :class:`PersonPage` (shell.py), which mixes it in and owns
    ``ctx``, ``person`` and ``read_only``.
    """

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
        if command is not None and self.ctx.push(command):
            for edit in self.fb_fields.values():
                edit.clear()
