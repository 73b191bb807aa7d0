"""Week view: changing a series' repeat rule in the editor, the privacy screen, and the
block editor saving typed edits when the vault locks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QMimeData, QRectF, QTimer
from PySide6.QtGui import QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from leaddesk.domain.model import BlockKind, BlockOutcome, Quadrant
from leaddesk.domain.recurrence import weekly_rule
from leaddesk.services.block_rows import snapshot
from leaddesk.services.unlocking import unlock_vault
from leaddesk.ui.week.block_item import BlockItem, BlockStyle
from leaddesk.ui.week.editor import BlockEditor
from leaddesk.ui.week.models import TASK_ROLE
from tests.conftest import PASSPHRASE

from .conftest import BERLIN, at

WEEK = date(2026, 11, 16)


def make_series(services, weeks: int = 6):  # type: ignore[no-untyped-def]
    change = services.blocks.create(
        "Deep work",
        BlockKind.FOCUS,
        at(17, 9),
        at(17, 12),
        recurrence=weekly_rule([1, 3], until=at(17, 0) + timedelta(weeks=weeks)),
    )
    head = change.created_ids[0]
    return head, services.blocks.series(head)


def everything(services) -> list[dict]:  # type: ignore[no-untyped-def]
    rows = services.blocks.between(at(1, 0, month=1), at(1, 0, month=6, year=2027))
    return sorted((snapshot(b) for b in rows), key=lambda r: r["id"])


def open_editor_and(qtbot, opener, interact) -> None:  # type: ignore[no-untyped-def]
    """Open a modal editor with ``opener()`` (it blocks in exec) and run ``interact(dialog)``
    inside it, as a user would."""
    seen: list[BlockEditor] = []

    def step() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, BlockEditor) and w.isVisible()
        ]
        if not dialogs:
            QTimer.singleShot(10, step)
            return
        seen.append(dialogs[0])
        interact(dialogs[0])

    QTimer.singleShot(0, step)
    opener()
    assert seen, "the editor never opened"


def save(dialog: BlockEditor) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


# -- 1. repeat rule of an existing series -------------------------------------------------


def test_changing_the_rule_in_the_editor_is_one_undoable_step(area, services, ctx, qtbot) -> None:
    head, rows = make_series(services)
    services.blocks.set_outcome([head], BlockOutcome.DONE)  # yesterday's block: history
    before = everything(services)
    asked = []
    area.rule_scope_chooser = lambda parent: asked.append(parent) or "all"
    area.scope_chooser = lambda parent, verb: (_ for _ in ()).throw(AssertionError("3 scopes"))
    thursday = rows[1]

    def interact(dialog: BlockEditor) -> None:
        # the editor shows the series' current rule
        assert dialog.repeat_combo.currentData() == "weekly"
        assert [c.isChecked() for c in dialog.weekday_checks][:5] == [
            False,
            True,
            False,
            True,
            False,
        ]
        assert dialog.until_check.isChecked()
        assert dialog.until_edit.date() == QDate(2026, 12, 28)
        assert "Every week on Tue, Thu" in dialog.series_label.text()
        dialog.weekday_checks[3].setChecked(False)  # Tuesdays only
        dialog.interval_spin.setValue(2)  # every two weeks
        save(dialog)

    open_editor_and(qtbot, lambda: area.edit_block(thursday.id), interact)

    assert len(asked) == 1
    series = services.blocks.series(head)
    assert [b.start for b in series] == [at(17, 9), at(1, 9, month=12), at(15, 9, month=12)]
    assert services.blocks.get(head).outcome is BlockOutcome.DONE
    rule = services.blocks.recurrence_of(series[1])
    assert rule is not None and rule.describe(BERLIN).startswith("Every 2 weeks on Tue until")
    assert rule.until == at(29, 0, month=12)  # the end date shown (28 Dec) was kept
    assert ctx.undo_stack.undoText() == "Change repeat rule"
    ctx.undo_stack.undo()
    assert everything(services) == before  # the old series exactly, same ids
    ctx.undo_stack.redo()
    assert [b.start for b in services.blocks.series(head)] == [
        at(17, 9),
        at(1, 9, month=12),
        at(15, 9, month=12),
    ]


def test_the_rule_scope_question_offers_no_this_one(area, qtbot) -> None:
    from leaddesk.ui.week.editor import ask_rule_scope

    texts: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        texts.extend(b.text() for b in box.buttons())
        texts.append(box.informativeText())
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, answer)
    assert ask_rule_scope(area) is None
    buttons = [t for t in texts[:-1] if t]
    assert "This one" not in buttons
    assert {"This and following", "All"} <= set(buttons)
    assert "cannot change for one block alone" in texts[-1]


def test_a_series_can_stop_repeating_from_here_on(area, services, ctx) -> None:
    head, rows = make_series(services)
    pivot = services.blocks.get(rows[4].id)
    dialog = BlockEditor(BERLIN, pivot, rule=services.blocks.recurrence_of(pivot))
    dialog.repeat_combo.setCurrentIndex(dialog.repeat_combo.findData("none"))
    area.rule_scope_chooser = lambda parent: "following"
    assert area.apply_editor(pivot, dialog)
    assert [b.id for b in services.blocks.series(head)] == [b.id for b in rows[:4]]
    assert services.blocks.get(pivot.id).series_id is None
    ctx.undo_stack.undo()
    assert [b.id for b in services.blocks.series(head)] == [b.id for b in rows]


def test_bad_repeat_input_keeps_the_editor_open_and_changes_nothing(area, services) -> None:
    _head, rows = make_series(services)
    before = everything(services)
    block = services.blocks.get(rows[2].id)
    dialog = BlockEditor(BERLIN, block, rule=services.blocks.recurrence_of(block))
    for check in dialog.weekday_checks:
        check.setChecked(False)  # weekly, but on no day
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != BlockEditor.DialogCode.Accepted
    assert "weekday" in dialog.error_label.text() and dialog.error_label.isVisible()
    dialog.weekday_checks[1].setChecked(True)
    dialog.until_edit.setDate(QDate(2026, 11, 1))  # before the block
    dialog.accept()
    assert dialog.isVisible() and "before the block" in dialog.error_label.text()
    assert everything(services) == before
    dialog.reject()


def test_an_untouched_series_block_saves_nothing(area, services, ctx) -> None:
    _head, rows = make_series(services)
    block = services.blocks.get(rows[2].id)
    dialog = BlockEditor(BERLIN, block, rule=services.blocks.recurrence_of(block))
    assert not dialog.is_modified() and not dialog.rule_changed
    assert not area.apply_editor(block, dialog)
    assert ctx.undo_stack.count() == 0


def test_rules_the_controls_cannot_show_are_kept_as_they_are(area, services) -> None:
    change = services.blocks.create(
        "Offsite planning",
        BlockKind.THINKING,
        at(19, 14),
        at(19, 16),
        recurrence="FREQ=YEARLY;BYMONTH=11;BYDAY=3TH;UNTIL=20300101T000000Z",
    )
    block = services.blocks.get(change.created_ids[0])
    dialog = BlockEditor(BERLIN, block, rule=services.blocks.recurrence_of(block))
    assert dialog.repeat_combo.currentText().startswith("As now: Every year")
    dialog.title_edit.setText("Offsite planning (bring budget)")
    values = dialog.values()
    assert not values.rule_changed and "BYDAY=3TH" in values.recurrence
    area.scope_chooser = lambda parent, verb: "all"
    assert area.apply_editor(block, dialog)
    assert services.blocks.get(block.id).recurrence == block.recurrence


def test_weekday_and_every_n_weeks_rules_show_in_the_controls(services) -> None:
    for rule, key, interval in (
        (weekly_rule([0, 1, 2, 3, 4]), "weekdays", 1),
        (weekly_rule([1], interval=3), "weekly", 3),
        (weekly_rule([1], interval=2), "biweekly", 1),
        ("FREQ=DAILY;INTERVAL=2", "daily", 2),
        ("FREQ=WEEKLY", "weekly", 1),
    ):
        change = services.blocks.create("x", BlockKind.ADMIN, at(17, 8), at(17, 9), recurrence=rule)
        block = services.blocks.get(change.created_ids[0])
        dialog = BlockEditor(BERLIN, block, rule=services.blocks.recurrence_of(block))
        assert (dialog.repeat_combo.currentData(), dialog.interval_spin.value()) == (key, interval)
        assert dialog.weekday_checks[1].isChecked()
        assert not dialog.rule_changed and not dialog.is_modified()


# -- 2. privacy screen ------------------------------------------------------------------------


def render(block, privacy: bool) -> QImage:  # type: ignore[no-untyped-def]
    """The pixels of one block item as the grid paints it."""
    style = BlockStyle(QPalette(), QFont())
    item = BlockItem(block, BERLIN, False, style)
    item.set_privacy(privacy)
    item.setRect(QRectF(0, 0, 180, 120))
    image = QImage(182, 122, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    item.paint(painter, None, None)  # type: ignore[arg-type]
    painter.end()
    return image


def test_privacy_screen_paints_no_title_or_reason(services) -> None:
    anna = services.blocks.create(
        "1:1 Anna — performance", BlockKind.ONE_ON_ONE, at(18, 14), at(18, 16)
    ).created_ids[0]
    bo = services.blocks.create(
        "1:1 Bo — wants to quit", BlockKind.ONE_ON_ONE, at(18, 14), at(18, 16)
    ).created_ids[0]
    services.blocks.set_outcome([anna], BlockOutcome.DERAILED, "Anna cried")
    services.blocks.set_outcome([bo], BlockOutcome.DERAILED, "Bo left early")
    first, second = services.blocks.get(anna), services.blocks.get(bo)
    # Same kind, time and outcome, different title and reason: identical pixels when hidden.
    assert render(first, True) == render(second, True)
    assert render(first, False) != render(second, False)


def test_privacy_screen_hides_titles_in_the_week(area, services, ctx, monkeypatch) -> None:
    block_id = services.blocks.create(
        "1:1 Anna — performance", BlockKind.ONE_ON_ONE, at(18, 14), at(18, 15)
    ).created_ids[0]
    services.blocks.create("Anna's wedding", BlockKind.MEETING, at(19, 0), at(20, 0))
    services.tasks.capture("Prepare Anna's review", quadrant=Quadrant.DO, estimate_minutes=60)
    area.refresh()
    item = area.grid.items_by_id[block_id]
    model = area.tasks_panel.model
    row = model.index(0, 0)
    assert "Anna" in item.toolTip() and area.header.chip_texts(date(2026, 11, 19)) == [
        "Anna's wedding"
    ]
    reloads = []
    monkeypatch.setattr(area, "refresh", lambda: reloads.append(1))

    ctx.set_privacy_screen(True)
    area.grid.select_block(block_id)
    texts = [
        item.toolTip(),
        item.describe(),
        item.shown_title(),
        area.grid.accessibleDescription(),
        *area.header.chip_texts(date(2026, 11, 19)),
        *(model.data(row, role) for role in (0, 3, 11)),  # display, tooltip, accessible
        model.mimeData([row]).text(),
    ]
    assert not [t for t in texts if "Anna" in t]
    assert item.shown_title() == "One-on-one"
    assert "One-on-one" in item.toolTip() and "14:00–15:00" in item.toolTip()
    assert area.header.chip_texts(date(2026, 11, 19)) == ["All-day event"]
    assert model.data(row, 0) == "Task\nDo · 1h"
    assert model.data(row, TASK_ROLE).title == "Prepare Anna's review"  # data kept, not shown

    ctx.set_privacy_screen(False)
    assert reloads == []  # titles come back without reading the vault again
    assert area.grid.items_by_id[block_id] is item
    assert item.shown_title() == "1:1 Anna — performance" and "Anna" in item.toolTip()
    assert area.header.chip_texts(date(2026, 11, 19)) == ["Anna's wedding"]
    assert "Prepare Anna's review" in model.data(row, 0)
    assert isinstance(model.mimeData([row]), QMimeData)


def test_the_task_model_under_the_privacy_screen_passes_the_model_tester(
    qtmodeltester, services
) -> None:
    from leaddesk.ui.week.models import UnbookedTasksModel

    services.tasks.capture("Call Anna's doctor", quadrant=Quadrant.DO, estimate_minutes=30)
    model = UnbookedTasksModel()
    model.set_tasks(services.blocks.unbooked_tasks(WEEK))
    model.set_privacy(True)
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0)) == "Task\nDo · 30m"


def test_blocks_added_under_the_privacy_screen_are_hidden_too(area, services, ctx) -> None:
    ctx.set_privacy_screen(True)
    block_id = services.blocks.create(
        "Salary talk Anna", BlockKind.ONE_ON_ONE, at(19, 9), at(19, 10)
    ).created_ids[0]
    area.refresh()
    item = area.grid.items_by_id[block_id]
    assert "Anna" not in item.toolTip() and item.shown_title() == "One-on-one"


def test_a_week_area_built_under_the_privacy_screen_starts_hidden(ctx, services, qtbot) -> None:
    from leaddesk.ui.week.area import WeekArea

    block_id = services.blocks.create(
        "1:1 Anna", BlockKind.ONE_ON_ONE, at(19, 9), at(19, 10)
    ).created_ids[0]
    ctx.set_privacy_screen(True)
    widget = WeekArea(ctx)
    qtbot.addWidget(widget)
    widget.refresh()
    assert widget.grid.items_by_id[block_id].shown_title() == "One-on-one"


def test_the_block_editor_masks_the_title_under_the_privacy_screen(
    area, services, ctx, qtbot
) -> None:
    block_id = services.blocks.create(
        "1:1 Anna — performance", BlockKind.ONE_ON_ONE, at(19, 9), at(19, 10)
    ).created_ids[0]
    ctx.set_privacy_screen(True)
    shown: list[str] = []

    def interact(dialog: BlockEditor) -> None:
        shown.append(dialog.title_edit.displayText())
        ctx.set_privacy_screen(False)
        shown.append(dialog.title_edit.displayText())
        dialog.reject()

    open_editor_and(qtbot, lambda: area.edit_block(block_id), interact)
    assert "Anna" not in shown[0] and shown[1] == "1:1 Anna — performance"
    assert services.blocks.get(block_id).title == "1:1 Anna — performance"


def test_the_block_editor_hides_the_person_under_the_privacy_screen(
    area, services, ctx, qtbot
) -> None:
    anna = services.people.add("Anna Berg")
    block_id = services.blocks.create(
        "1:1", BlockKind.ONE_ON_ONE, at(19, 9), at(19, 10), person_id=anna.id
    ).created_ids[0]
    ctx.set_privacy_screen(True)
    seen: list[tuple[bool, str]] = []

    def interact(dialog: BlockEditor) -> None:
        seen.append((dialog.person_combo.isVisible(), dialog.person_combo.currentText()))
        ctx.set_privacy_screen(False)
        seen.append((dialog.person_combo.isVisible(), dialog.person_combo.currentText()))
        dialog.reject()

    open_editor_and(qtbot, lambda: area.edit_block(block_id), interact)
    assert seen == [(False, "Anna Berg"), (True, "Anna Berg")]  # hidden, not changed


# -- 3. the editor and the lock ----------------------------------------------------------------


def reopen(ctx, app_paths, clock) -> None:  # type: ignore[no-untyped-def]
    assert not ctx.is_unlocked
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))


def test_lock_saves_valid_typing_from_the_open_editor(
    area, services, ctx, qtbot, app_paths, clock
) -> None:
    block_id = services.blocks.create(
        "Deep work", BlockKind.FOCUS, at(19, 9), at(19, 10)
    ).created_ids[0]
    closed = []

    def interact(dialog: BlockEditor) -> None:
        dialog.finished.connect(closed.append)
        dialog.title_edit.setText("Deep work: RFC on the billing migration")
        dialog.end_edit.setTime(dialog.end_edit.time().addSecs(30 * 60))
        ctx.lock()  # Ctrl+L, idle lock, sleep or quit

    open_editor_and(qtbot, lambda: area.edit_block(block_id), interact)
    assert closed == [BlockEditor.DialogCode.Rejected]  # closed, with nothing left to save
    reopen(ctx, app_paths, clock)
    saved = ctx.services.blocks.get(block_id)
    assert (saved.title, saved.end) == ("Deep work: RFC on the billing migration", at(19, 10, 30))
    assert ctx.undo_stack.undoText() == "Edit block"  # the Save button's command
    ctx.undo_stack.undo()
    assert ctx.services.blocks.get(block_id).title == "Deep work"


def test_lock_with_invalid_edits_writes_nothing(area, services, ctx, qtbot, app_paths, clock):  # type: ignore[no-untyped-def]
    block_id = services.blocks.create(
        "Deep work", BlockKind.FOCUS, at(19, 9), at(19, 10)
    ).created_ids[0]
    before = everything(services)

    def interact(dialog: BlockEditor) -> None:
        dialog.title_edit.setText("Half typed")
        dialog.end_edit.setTime(dialog.start_edit.time())  # zero minutes: invalid
        ctx.lock()

    open_editor_and(qtbot, lambda: area.edit_block(block_id), interact)
    reopen(ctx, app_paths, clock)
    assert everything(ctx.services) == before
    assert ctx.undo_stack.count() == 0


def test_lock_saves_a_new_block_and_a_rule_change(area, services, ctx, qtbot, app_paths, clock):  # type: ignore[no-untyped-def]
    head, rows = make_series(services)

    def type_new(dialog: BlockEditor) -> None:
        dialog.title_edit.setText("Prepare the offsite")
        ctx.lock()

    open_editor_and(qtbot, lambda: area.new_block_dialog(at(20, 9), at(20, 10)), type_new)
    reopen(ctx, app_paths, clock)
    assert [b.title for b in ctx.services.blocks.week(WEEK) if b.start == at(20, 9)] == [
        "Prepare the offsite"
    ]

    area.refresh()

    def stop_repeating(dialog: BlockEditor) -> None:
        dialog.repeat_combo.setCurrentIndex(dialog.repeat_combo.findData("none"))
        ctx.lock()

    area.rule_scope_chooser = lambda parent: (_ for _ in ()).throw(AssertionError("asked"))
    open_editor_and(qtbot, lambda: area.edit_block(rows[4].id), stop_repeating)
    reopen(ctx, app_paths, clock)
    # saved without a question, for "this and following": the earlier blocks still repeat
    assert [b.id for b in ctx.services.blocks.series(head)] == [b.id for b in rows[:4]]
    assert ctx.services.blocks.get(rows[4].id).series_id is None


def test_an_untouched_editor_just_closes_on_lock(area, services, ctx, qtbot, app_paths, clock):  # type: ignore[no-untyped-def]
    block_id = services.blocks.create(
        "Deep work", BlockKind.FOCUS, at(19, 9), at(19, 10)
    ).created_ids[0]
    open_editor_and(qtbot, lambda: area.edit_block(block_id), lambda dialog: ctx.lock())
    reopen(ctx, app_paths, clock)
    assert ctx.undo_stack.count() == 0
    _ = QWidget


@pytest.mark.parametrize(
    ("label", "scope"), [("This one", "this"), ("This and following", "following"), ("All", "all")]
)
def test_the_scope_question_returns_the_button_chosen(area, qtbot, label, scope) -> None:
    from leaddesk.ui.week.editor import ask_scope

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        next(b for b in box.buttons() if b.text() == label).click()

    QTimer.singleShot(0, answer)
    assert ask_scope(area, "Move") == scope
