"""The Area base (ui/area.py): stale while hidden, refresh once when shown, skip a change the
area made itself, drop tracked connections when it goes. Real vault, real widgets."""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from leaddesk.domain.model import Quadrant
from leaddesk.services.base import ChangeKind
from leaddesk.ui.area import Area


class TaskTitles(Area):
    """Shows the open tasks' titles; counts its reads."""

    shows = frozenset({ChangeKind.TASKS})

    def __init__(self, ctx, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        self.reads = 0
        self.label = QLabel(self)
        QVBoxLayout(self).addWidget(self.label)

    def refresh(self) -> None:
        self.reads += 1
        self.label.setText(", ".join(t.title for t in self.ctx.services.tasks.open_tasks()))


def _stack(ctx, qtbot):  # type: ignore[no-untyped-def]
    """A shown window with two pages: the area and another one in front of it."""
    window = QWidget()
    qtbot.addWidget(window)
    stack = QStackedWidget(window)
    QVBoxLayout(window).addWidget(stack)
    area = TaskTitles(ctx)
    other = QLabel("other")
    stack.addWidget(area)
    stack.addWidget(other)
    window.show()
    qtbot.waitExposed(window)
    assert area.reads == 1 and area.isVisible()  # read once when first shown
    return window, stack, area, other


def test_a_hidden_area_reads_nothing_and_refreshes_once_when_shown(ctx, qtbot) -> None:
    _window, stack, area, other = _stack(ctx, qtbot)
    stack.setCurrentWidget(other)
    ctx.services.tasks.capture("first while away")
    ctx.services.tasks.capture("second while away")
    assert area.reads == 1  # hidden: only marked stale
    stack.setCurrentWidget(area)
    assert area.reads == 2  # once, for both changes
    assert "second while away" in area.label.text()
    stack.setCurrentWidget(other)
    stack.setCurrentWidget(area)
    assert area.reads == 2  # nothing changed meanwhile: nothing read


def test_a_visible_area_follows_only_the_kinds_it_shows(ctx, qtbot) -> None:
    _window, _stack_widget, area, _other = _stack(ctx, qtbot)
    ctx.services.tasks.capture("seen at once", quadrant=Quadrant.DO)
    assert area.reads == 2 and "seen at once" in area.label.text()
    ctx.services.people.add("Not a task")  # PEOPLE: not shown here
    assert area.reads == 2


def test_a_change_the_area_made_itself_is_not_read_back(ctx, qtbot) -> None:
    _window, _stack_widget, area, _other = _stack(ctx, qtbot)
    outcome = ctx.run(lambda s: s.tasks.capture("typed here"), "Capture", initiator=area.label)
    assert outcome.ok and outcome.changes is not None and outcome.changes.initiator is area.label
    assert area.reads == 1  # its own write: it already shows it
    ctx.run(lambda s: s.tasks.capture("typed elsewhere"), "Capture", initiator=QLabel())
    assert area.reads == 2


def test_tracked_connections_go_with_the_area(ctx, qtbot) -> None:
    heard: list[bool] = []
    area = TaskTitles(ctx)
    area.track(ctx.privacy_changed, lambda on: heard.append(on))
    ctx.set_privacy_screen(True)
    assert heard == [True]
    shiboken6.delete(area)  # the area goes (as when its window is closed for good)
    del area
    gc.collect()
    ctx.set_privacy_screen(False)
    ctx.services.tasks.capture("after the area went")  # no slot of a deleted area runs
    assert heard == [True]


def test_the_review_shows_a_change_made_while_it_was_hidden(ctx, qtbot) -> None:
    """Review used to ignore changes while hidden: switching back showed old figures."""
    from leaddesk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_area("review")
    review = window.areas["review"]
    assert "Not started" in review.overview.heading.text()
    window.show_area("matrix")
    ctx.services.reviews.start(review.current_week())  # e.g. from the Friday reminder
    assert "Not started" in review.overview.heading.text()  # hidden: not read yet
    window.show_area("review")
    assert "In progress" in review.overview.heading.text()
