"""Deferring a task: "not before" a date it is off the board and out of the week's
planning, then comes back by itself; undo puts it back at once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import Quadrant
from leaddesk.domain.planner import PlanRules
from leaddesk.domain.week import week_start


def _board_ids(services) -> set[int]:
    return {c.id for cards in services.tasks.board_snapshot().cards.values() for c in cards}


def test_a_deferred_task_leaves_the_board_until_its_day(services, clock) -> None:
    task = services.tasks.capture("Tech-debt proposal", quadrant=Quadrant.SCHEDULE)
    before = services.tasks.get(task.id)
    services.tasks.update(task.id, not_before=clock.today() + timedelta(days=3))
    assert task.id not in _board_ids(services)
    assert services.tasks.board_cards([task.id]) == []
    clock.advance(days=3)
    assert task.id in _board_ids(services)
    assert [c.id for c in services.tasks.board_cards([task.id])] == [task.id]
    services.tasks.update(task.id, not_before=None)
    assert services.tasks.get(task.id).not_before is None and before.not_before is None


def test_deferring_to_today_or_earlier_is_refused_and_changes_nothing(services, clock) -> None:
    task = services.tasks.capture("Roadmap", quadrant=Quadrant.SCHEDULE)
    for day in (clock.today(), clock.today() - timedelta(days=1)):
        with pytest.raises(ValidationError, match="later day"):
            services.tasks.update(task.id, not_before=day)
    assert services.tasks.get(task.id).not_before is None


def test_planning_respects_the_deferral(services, clock) -> None:
    monday = week_start(clock.today()) + timedelta(days=7)
    wednesday = monday + timedelta(days=2)
    soon = services.tasks.capture("Design doc", quadrant=Quadrant.DO, estimate_minutes=60)
    later = services.tasks.capture("Offsite ideas", quadrant=Quadrant.DO, estimate_minutes=60)
    services.tasks.update(soon.id, not_before=wednesday)
    services.tasks.update(later.id, not_before=monday + timedelta(days=14))
    proposal = services.planning.propose(monday, PlanRules(focus_target_percent=0))
    assert proposal.task_ids == [soon.id]  # the later one is not a candidate at all
    assert proposal.placements[0].start.date() >= wednesday
    assert later.id not in [u.task_id for u in proposal.unplaced]


def test_the_week_side_panel_leaves_deferred_tasks_out(services, clock) -> None:
    task = services.tasks.capture("Design doc", quadrant=Quadrant.SCHEDULE)
    services.tasks.update(task.id, not_before=clock.today() + timedelta(days=2))
    assert task.id not in [t.id for t in services.blocks.plan_tasks()]
    clock.advance(days=2)
    assert task.id in [t.id for t in services.blocks.plan_tasks()]


def test_a_vault_from_before_deferral_is_upgraded_with_its_tasks(tmp_path) -> None:
    from leaddesk.services.container import Services
    from leaddesk.storage.migrate import HEAD_REVISION, current_revision, upgrade_to
    from leaddesk.storage.opening import open_raw_connection
    from leaddesk.storage.tables import tasks as tasks_table
    from leaddesk.storage.vault import Vault
    from tests.conftest import PASSPHRASE

    path = tmp_path / "data" / "leaddesk.vault"
    path.parent.mkdir(parents=True)
    vault = Vault(path, open_raw_connection(path, PASSPHRASE, creating=True))
    upgrade_to(vault.engine, "0004")
    with vault.engine.begin() as conn:
        conn.execute(
            tasks_table.insert().values(title="Old task", quadrant=Quadrant.DO, status="open")
        )
    vault.close()

    vault = Vault.open(path, PASSPHRASE, backup_dir=tmp_path / "backups")
    services = Services(vault)
    try:
        assert current_revision(vault.engine) == HEAD_REVISION >= "0005"
        (task,) = services.tasks.open_tasks()
        assert task.title == "Old task" and task.not_before is None
        services.tasks.update(task.id, not_before=services.clock.today() + timedelta(days=1))
        assert _board_ids(services) == set()
    finally:
        services.close()
