"""Issue 18 (peak memory): pages an area may never show are made when first opened.

The review's five steps and its insights, and the person page behind the people list, are
hundreds of widgets. They are built the first time they are opened, in the place (stack
index and keyboard order) they had when they were built with their area.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from leaddesk.services.demo import seed_demo
from leaddesk.ui.people.page.shell import PersonPage
from leaddesk.ui.review.insights import InsightsView
from leaddesk.ui.review.steps import STEP_TITLES
from leaddesk.ui.review.steps.base import StepPage


def _tab_walk(window: QWidget, start: QWidget, stop: QWidget) -> list[QWidget]:
    """Focus ``start`` and press Tab until ``stop`` has the focus: the widgets passed."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    passed: list[QWidget] = []
    for _ in range(80):
        window.focusNextPrevChild(True)
        widget = QApplication.focusWidget()
        assert widget is not None
        if widget is stop:
            return passed
        passed.append(widget)
    raise AssertionError("Tab never reached the stop widget")


def _keyboard_stops(page: QWidget) -> list[QWidget]:
    return [
        w
        for w in page.findChildren(QWidget)
        if w.isVisibleTo(page) and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]


def test_review_steps_and_insights_are_made_when_first_opened(ctx, make_window) -> None:
    seed_demo(ctx.services)
    window = make_window()
    window.show()
    window.show_area("review")
    review = window.areas["review"]
    assert review.findChildren(StepPage) == []
    assert review.findChildren(InsightsView) == []
    assert review.nav.count() == review.stack.count() == 7  # every step still listed

    review.start_review()  # step 1
    QApplication.processEvents()
    built = review.findChildren(StepPage)
    assert [type(p).__name__ for p in built] == ["LookBackPage"]
    assert review.stack.currentWidget() is built[0]
    assert review.findChildren(InsightsView) == []

    review.step_forward()  # step 2, the inbox
    QApplication.processEvents()
    assert len(review.findChildren(StepPage)) == 2
    assert review.stack.currentWidget() is review.step(1)
    assert review.stack.indexOf(review.step(1)) == 2

    review.show_insights()
    QApplication.processEvents()
    assert review.stack.currentWidget() is review.insights
    assert len(review.findChildren(InsightsView)) == 1


def test_a_step_made_late_keeps_the_keyboard_order(ctx, make_window) -> None:
    """Qt puts a widget made after its window at the end of the Tab order: a late step's
    fields would come after Back and Next. They come between the step list and Back."""
    seed_demo(ctx.services)
    window = make_window()
    window.show()
    window.show_area("review")
    review = window.areas["review"]
    review.nav.setCurrentRow(2)  # step 2, made now
    QApplication.processEvents()
    page = review.step(1)
    stops = _keyboard_stops(page)
    assert stops, "the inbox step has keyboard stops with the demo data"
    passed = _tab_walk(window, review.nav, review.back_button)
    assert passed and all(page.isAncestorOf(w) for w in passed)
    assert set(passed) == set(stops)


def test_the_person_page_is_made_when_a_person_is_first_opened(ctx, make_window) -> None:
    seed_demo(ctx.services)
    window = make_window()
    window.show()
    window.show_area("people")
    people = window.areas["people"]
    assert people.findChildren(PersonPage) == []
    assert window.focusWidget() is people.people_view  # the list still gets the focus

    people.open_person(ctx.services.people.list()[0].id)
    QApplication.processEvents()
    (page,) = people.findChildren(PersonPage)
    assert people.stack.currentWidget() is page
    # In the Tab order right after the area's top row, as when it was built with the area.
    passed = _tab_walk(window, people.add_button, page.tabs.tabBar())
    assert passed == [
        page.back_button,
        page.edit_person_button,
        page.delegate_button,
        page.archive_button,
    ]
    page.back_button.click()
    assert people.stack.currentIndex() == 0
    assert people.findChildren(PersonPage) == [page]  # made once, kept


def test_the_review_lists_each_steps_own_title() -> None:
    """The step list is labelled before any step's module is imported (steps.STEP_TITLES):
    the same titles as the pages' own."""
    from leaddesk.ui.review.steps import STEP_CLASSES, STEP_TITLES

    assert [cls.title for cls in STEP_CLASSES] == list(STEP_TITLES)


def test_the_areas_import_no_page_or_dialog_module() -> None:
    """The person page's, the review steps' and the tracker dialogs' modules load when they
    are first opened, not with their area (a few hundred KiB of code). Checked in a fresh
    interpreter: this one has them all."""
    import os
    import subprocess
    import sys

    lazy = (
        "leaddesk.ui.people.page",
        "leaddesk.ui.review.insights",
        "leaddesk.ui.review.charts",
        "leaddesk.ui.review.steps.",
        "leaddesk.ui.delegation.checkin",
        "leaddesk.ui.delegation.create",
        "leaddesk.ui.delegation.debrief",
        "leaddesk.ui.delegation.snooze",
    )
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "import leaddesk.ui.people.area, leaddesk.ui.review.area, leaddesk.ui.delegation.area\n"
        f"print(sorted(m for m in sys.modules if m.startswith({lazy!r})))\n"
        "print('html' in sys.modules)\n"  # html.entities: ~0.7 MB of tables (ui/html_text.py)
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout
    assert out.split() == ["['leaddesk.ui.review.steps.base']", "False"]


def test_pages_made_under_the_privacy_screen_start_screened(ctx, make_window) -> None:
    """A step or person page made for the first time while the screen is shared shows no
    name or title (it was built before the screen went on when areas were built whole)."""
    from leaddesk.domain.model import Quadrant
    from tests.ui.review.test_review_privacy_screen import MARK, _hits

    services = ctx.services
    person = services.people.add(f"Lena {MARK}")
    services.tasks.capture(f"Find a mentor for {MARK}", requester=f"Bo {MARK}")
    services.tasks.capture(f"Review {MARK} design", quadrant=Quadrant.DO, person_id=person.id)
    handed = services.tasks.capture(f"Write {MARK} notes")
    services.delegations.create(handed.id, person.id, expected_outcome=f"{MARK} done")
    window = make_window()
    window.show_area("review")
    review = window.areas["review"]
    ctx.set_privacy_screen(True)
    review.start_review()
    for index in range(len(STEP_TITLES)):
        review._go_step(index)  # each step made now, under the screen
        QApplication.processEvents()
        assert _hits(review.stack.currentWidget()) == [], f"step {index + 1}"
    window.show_area("people")
    people = window.areas["people"]
    people.open_person(person.id)  # the person page made now, under the screen
    QApplication.processEvents()
    assert not people.person_page.name_label.isVisible()
    assert _hits(people.person_page) == []


def test_focus_handed_on_from_a_late_page_stays_in_the_review(ctx, make_window) -> None:
    """Every widget of a late page, keyboard stop or not, goes where the page would have
    been in the focus chain: a panel focused by code (the plan step's proposal) hands the
    focus on to the next stop after it when it hides, which must be in the review (Back,
    Next), not the sidebar at the start of the window."""
    seed_demo(ctx.services)
    window = make_window()
    window.show_area("review")
    review = window.areas["review"]
    for row in (5, 3, 1):  # out of order
        review.nav.setCurrentRow(row)
        QApplication.processEvents()
    for row in (5, 3, 1):
        review.nav.setCurrentRow(row)
        QApplication.processEvents()
        page = review.stack.currentWidget()
        assert page.focusPolicy() == Qt.FocusPolicy.NoFocus  # no stop: given focus by code
        page.setFocus(Qt.FocusReason.OtherFocusReason)
        assert QApplication.focusWidget() is page
        window.focusNextPrevChild(True)
        after = QApplication.focusWidget()
        assert after is not None and review.isAncestorOf(after), (row, after)


def test_the_ui_escapes_html_as_the_standard_library_does() -> None:
    import html

    from leaddesk.ui.html_text import escape

    samples = ["", "plain", "a & b < c > d", "\"quoted\" and 'single'", "&amp; already", "é ✓ 𝄞"]
    for text in samples:
        assert escape(text) == html.escape(text)
        assert escape(text, quote=False) == html.escape(text, quote=False)
