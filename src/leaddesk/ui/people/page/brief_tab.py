"""The person page's Brief tab: the pre-one-on-one brief, open action items, topics."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from ....domain.cadence import describe_due, describe_since
from ....domain.model import ActionItem, ActionOwner, Topic
from ....services.notes import Brief
from ...html_text import escape
from ...roles import OBJECT_ROLE
from ..commands import (
    ActionToTaskCommand,
    AddActionItemCommand,
    AddTopicCommand,
    perform_here,
)
from ..models import (
    NOTE_KIND_LABELS,
    PRIVACY_PLACEHOLDER,
    ActionItemsModel,
    TopicsModel,
    format_day,
)
from ..widgets import MarkdownView
from .common import NOTES, PersonTab, note_markdown

if TYPE_CHECKING:
    from .shell import PersonPage


def _esc(text: str) -> str:
    return escape(text)


class BriefTab(PersonTab):
    """The Brief tab: what to know before the next one-on-one, open action items, topics."""

    def __init__(self, page: PersonPage) -> None:
        super().__init__(page)
        self.shown: Brief | None = None  # the brief on screen (own writes patch it)
        row = QHBoxLayout(self)
        self.brief_view = MarkdownView()
        self.brief_view.setAccessibleName("Pre-one-on-one brief")
        row.addWidget(self.brief_view, 3)
        side = QVBoxLayout()
        row.addLayout(side, 2)

        items_box = QGroupBox("Open action items (carried forward until ticked)")
        items_layout = QVBoxLayout(items_box)
        self.items_model = ActionItemsModel(self.ctx, self)
        self.items_model.applied = self._on_item_ticked
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
        self.topics_model.applied = self._on_topic_resolved
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

    def load(self) -> None:
        assert self.person is not None and self.person.id is not None
        self.show_brief(self.ctx.services.notes.brief(self.person.id))

    def show_brief(self, brief: Brief) -> None:
        """Show ``brief`` (read by :meth:`load`, by the page with the header, or patched
        after a write made here)."""
        self.shown = brief
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
                body = note_markdown(note)
                cursor.insertMarkdown(body[:20_000] + ("\n\n…" if len(body) > 20_000 else ""))
            self.brief_view.moveCursor(cursor.MoveOperation.Start)

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
        if command is None:
            return
        outcome = perform_here(self.ctx, command, self)
        if outcome:
            self.item_text.clear()
            self._patched(added=outcome.value)

    def _on_topic_text_return(self) -> None:
        command = self._topic_command()
        if command is None:
            return
        outcome = perform_here(self.ctx, command, self)
        if outcome:
            self.topic_text.clear()
            self._patched(added=outcome.value)

    def _on_item_ticked(self, item_id: int) -> None:
        """An open item was ticked here: it leaves the open list (as a reload would)."""
        self._patched(closed=("item", item_id))
        self.page.after_own_write(stale={NOTES})  # the note's item marks

    def _on_topic_resolved(self, topic_id: int) -> None:
        self._patched(closed=("topic", topic_id))
        self.page.after_own_write(stale={NOTES})

    def _patched(self, *, added: object = None, closed: tuple[str, int] | None = None) -> None:
        """Show the brief on screen with one item or topic added or closed, reading nothing
        (the counts and lists are the brief's own; an item made here links to no note)."""
        brief = self.shown
        if brief is None:
            return
        mine, theirs, topics = list(brief.mine), list(brief.theirs), list(brief.topics)
        if isinstance(added, ActionItem):
            (mine if added.owner is ActionOwner.MINE else theirs).append(added)
        elif isinstance(added, Topic):
            topics.append(added)
        if closed is not None:
            what, record_id = closed
            if what == "item":
                mine = [i for i in mine if i.id != record_id]
                theirs = [i for i in theirs if i.id != record_id]
            else:
                topics = [t for t in topics if t.id != record_id]
        self.show_brief(dataclasses.replace(brief, mine=mine, theirs=theirs, topics=topics))

    def _on_to_task_clicked(self) -> None:
        index = self.items_view.currentIndex()
        item = index.data(OBJECT_ROLE) if index.isValid() else None
        if item is None:
            QMessageBox.information(self, "LeadDesk", "Select one of your action items first.")
            return
        if perform_here(self.ctx, ActionToTaskCommand(self.ctx.services, item.id), self):
            self.load()  # the item shows "in tasks"; the brief's requests may list the task

    def set_archived(self, archived: bool) -> None:
        for widget in (self.item_text, self.topic_text, self.to_task_button):
            widget.setEnabled(not archived)

    def set_privacy(self, on: bool) -> None:
        self.items_model.set_privacy(on)
        self.topics_model.set_privacy(on)
        # A line being typed into shows dots while the screen is shared; nothing is lost.
        echo = QLineEdit.EchoMode.Password if on else QLineEdit.EchoMode.Normal
        for line in (self.item_text, self.topic_text):
            line.setEchoMode(echo)

    def save_drafts(self) -> None:
        """Lock: save a typed action item and topic when valid (quietly dropped if not)."""
        for make, line in (
            (self._item_command, self.item_text),
            (self._topic_command, self.topic_text),
        ):
            command = make()
            if command is not None and self.ctx.push(command, quiet=True):
                line.clear()

    def clear_private(self) -> None:
        self.shown = None
        self.items_model.clear()
        self.topics_model.clear()
        self.brief_view.clear()
        for line in (self.item_text, self.topic_text):
            line.clear()
