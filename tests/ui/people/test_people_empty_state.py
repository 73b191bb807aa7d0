"""People with nobody in it (issue 15): one centred message that fills the page, no
"0 people" line above a hidden table."""

from __future__ import annotations


def test_the_empty_people_list_is_one_centred_message(ctx, qtbot) -> None:
    from leaddesk.ui.people.area import PeopleArea

    area = PeopleArea(ctx)
    qtbot.addWidget(area)
    area.resize(1000, 600)
    area.show()
    area.refresh()
    qtbot.wait(10)
    assert area.empty_label.isVisible() and not area.people_view.isVisible()
    assert not area.summary_label.isVisible()
    page = area.empty_label.parentWidget()
    assert area.empty_label.height() > page.height() * 0.8  # it fills the page
    ctx.services.people.add("Ana Pérez")
    area.refresh()
    assert area.people_view.isVisible() and area.summary_label.isVisible()
    assert not area.empty_label.isVisible()
