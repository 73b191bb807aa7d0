"""A draft says why it was kept (services/drafts.py): by a lock, or while typing (the app
then closed without a lock). The restored-draft line reads it ("... locked." / "...
closed."). Real vault."""

from __future__ import annotations

from leaddesk.services.drafts import KeptDraft
from leaddesk.services.unlocking import unlock_vault
from tests.conftest import PASSPHRASE


def test_a_draft_remembers_whether_a_lock_kept_it_across_a_reopen(
    services, app_paths, clock
) -> None:
    ana = services.people.add("Ana Pérez").id
    bo = services.people.add("Bo Lindqvist").id
    drafts = services.drafts
    drafts.keep("person-growth", {"goal": "typing"}, ana)
    drafts.keep("person-growth", {"goal": "at the lock"}, bo, at_lock=True)
    assert drafts.find_kept("person-growth", ana) == KeptDraft({"goal": "typing"}, False)
    assert drafts.find_kept("person-growth", bo) == KeptDraft({"goal": "at the lock"}, True)
    assert drafts.find("person-growth", bo) == {"goal": "at the lock"}  # fields only, as before
    drafts.keep("person-growth", {"goal": "typed on"}, bo)  # typing again: no longer the lock's
    assert drafts.find_kept("person-growth", bo) == KeptDraft({"goal": "typed on"}, False)
    services.close()
    again = unlock_vault(app_paths, PASSPHRASE, clock)
    try:
        assert again.drafts.find_kept("person-growth", ana).at_lock is False
    finally:
        again.close()


def test_marking_drafts_as_kept_by_a_lock_touches_only_those_kept(services) -> None:
    ana = services.people.add("Ana Pérez").id
    bo = services.people.add("Bo Lindqvist").id
    drafts = services.drafts
    drafts.keep("person-brief", {"item": "send the RFC"}, ana)
    assert drafts.mark_kept_at_lock("person-brief", [ana, bo]) == 1  # Bo has none
    assert drafts.find_kept("person-brief", ana) == KeptDraft({"item": "send the RFC"}, True)
    assert drafts.find_kept("person-brief", bo) is None
    assert drafts.mark_kept_at_lock("person-brief", [ana]) == 0  # already marked
    assert drafts.mark_kept_at_lock("person-brief", []) == 0
    assert drafts.kept_forms() == [f"person-brief/{ana}"]
