"""Issue 15: under the privacy screen no review step names a colleague or shows a title.

Step 4 ("Check people and delegations") listed names and delegated task titles with the
screen on. Every step is walked with a marker in every name and title; tree children (the
rows under each section) are read too, not just the section headers.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItem, QWidget

from leaddesk.domain.model import Quadrant
from tests.ui.shell.test_privacy_screen_everywhere import MARK, _shown_hits


def _tree_texts(item: QTreeWidgetItem) -> list[str]:
    texts = [item.text(c) for c in range(item.columnCount())]
    texts += [item.toolTip(c) for c in range(item.columnCount())]
    for i in range(item.childCount()):
        texts += _tree_texts(item.child(i))
    return texts


def _hits(root: QWidget) -> list[str]:
    hits = _shown_hits(root)
    for tree in root.findChildren(QTreeWidget):
        if not tree.isVisibleTo(root.window()):
            continue
        root_item = tree.invisibleRootItem()
        hits += [tree.objectName() for text in _tree_texts(root_item) if MARK in text]
    return hits


def test_every_review_step_hides_names_and_titles(ctx, qtbot) -> None:
    from leaddesk.ui.main_window import MainWindow

    services = ctx.services
    person = services.people.add(f"Lena {MARK}")
    services.tasks.capture(f"Find a mentor for {MARK}", requester=f"Bo {MARK}")
    services.tasks.capture(f"Review {MARK} design", quadrant=Quadrant.DO, person_id=person.id)
    handed = services.tasks.capture(f"Write {MARK} notes")
    services.delegations.create(handed.id, person.id, expected_outcome=f"{MARK} done")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_area("review")
    review = window.areas["review"]
    step4 = review.steps[3]
    # Unscreened, the marker is on step 4 (so the check below can fail).
    review.start_review()
    for _ in range(3):
        review.step_forward()
    QApplication.processEvents()
    assert review.stack.currentWidget() is step4
    assert _hits(step4), "the seed should show on step 4 without the privacy screen"

    ctx.set_privacy_screen(True)
    review.start_review()
    for index, page in enumerate(review.steps):
        review._go_step(index)
        QApplication.processEvents()
        assert _hits(page) == [], f"step {index + 1}"
    assert MARK not in window.windowTitle()
