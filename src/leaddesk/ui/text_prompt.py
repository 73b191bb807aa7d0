"""A one-line question whose answer is saved when the vault locks while it is open.

``QInputDialog.getText`` is a plain modal dialog: an idle lock while it was open dropped the
typed answer (the week's "What derailed it?"). This prompt is a :class:`RecordDialog`, so a
lock first hands the typed text to ``save_on_lock`` (the vault still open), then empties and
closes the dialog, and the caller gets ``None`` as for Cancel. An answer that may be empty
(``empty_counts``: the board's E prompt, where empty clears the estimate) is handed over
empty too once the user emptied the field.

``draft`` (a form name and record id, see ``ui/form_draft.py``): what is typed is also kept
as a draft in the vault while the prompt is open, at most two seconds behind, so a crash
loses nothing and a lock whose save was refused keeps it; the prompt opened again for the
same record comes back filled, with one line saying so and a Discard button.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from .context import AppContext
from .record_dialog import RecordDialog


class TextPrompt(RecordDialog):
    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        title: str,
        label: str,
        save_on_lock: Callable[[str], object] | None = None,
        *,
        text: str = "",
        empty_counts: bool = False,
        draft: tuple[str, int | None] | None = None,
    ) -> None:
        super().__init__(None, parent)
        self.setWindowTitle(title)
        self.setObjectName("TextPrompt")
        self.setMinimumWidth(360)  # room for the title and a few words of answer
        self._save_on_lock = save_on_lock
        self._empty_counts = empty_counts
        layout = QVBoxLayout(self)
        question = QLabel(label)
        question.setWordWrap(True)
        layout.addWidget(question)
        self.field = QLineEdit(text)
        self.field.setAccessibleName(label)
        question.setBuddy(self.field)
        layout.addWidget(self.field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.bind(ctx, save=self._save_typed)
        if draft is not None:
            self.use_draft(draft[0], draft[1], {"text": self.field})
        self.confirm_discard = lambda parent: True  # one line: Esc cancels at once, as before

    def _save_typed(self) -> bool:
        text = self.field.text().strip()
        if self._save_on_lock is None:
            return False
        if not text and not (self._empty_counts and self.field.isModified()):
            return False
        return bool(self._save_on_lock(text))


def ask_text(
    ctx: AppContext,
    parent: QWidget | None,
    title: str,
    label: str,
    save_on_lock: Callable[[str], object] | None = None,
    *,
    text: str = "",
    empty_counts: bool = False,
    draft: tuple[str, int | None] | None = None,
) -> str | None:
    """The typed answer, or None (Cancel, or the vault locked: then ``save_on_lock`` got it).
    ``text``: what the field starts with (selected, so typing replaces it). ``draft``: see
    the module docstring."""
    prompt = TextPrompt(
        ctx, parent, title, label, save_on_lock, text=text, empty_counts=empty_counts, draft=draft
    )
    prompt.field.selectAll()
    try:
        accepted = prompt.exec() == TextPrompt.DialogCode.Accepted
        return prompt.field.text() if accepted else None
    finally:
        prompt.deleteLater()
