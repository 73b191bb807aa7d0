"""The person page's header fits a 1280 px laptop window: the role and cadence line shortens
with "…" instead of widening the page past the window (seen at 1280x720: a horizontal scroll
bar and the Archive button off screen)."""

from __future__ import annotations

from datetime import date


def test_a_long_role_and_cadence_line_does_not_widen_the_page(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.people.page.shell import PersonPage

    person = ctx.services.people.add(
        "Alexandra Keller-Montgomery",
        role="Principal staff backend engineer, platform reliability and developer tooling",
        started_on=date(2020, 1, 1),
    )
    page = PersonPage(ctx)
    qtbot.addWidget(page)
    page.show_person(person.id)
    page.resize(1080, 600)  # 1280 minus the sidebar and margins
    page.show()
    qtbot.waitExposed(page)
    # Before: the header alone asked for about 1,300 px.
    assert page.minimumSizeHint().width() <= 1080, page.minimumSizeHint()
    assert page.archive_button.geometry().right() <= page.width()
    # The label keeps the whole text (for the accessibility tree); only the paint shortens.
    assert "developer tooling" in page.meta_label.text()
