"""Form drafts in the vault (services/drafts.py): kept, read back, forgotten, checked at the
door, encrypted with the rest of the vault, and quiet (no change notice, no undo record)."""

from __future__ import annotations

import pytest

from leaddesk.domain.errors import ValidationError
from leaddesk.services.unlocking import unlock_vault
from tests.conftest import PASSPHRASE


def test_a_draft_is_kept_read_back_and_forgotten(services) -> None:
    drafts = services.drafts
    t = services.tasks.capture("Half typed").id
    other = services.tasks.capture("Another").id
    assert drafts.find("task", t) is None
    drafts.keep("task", {"title": "Half typed", "estimate": 45, "only_i_can": True}, t)
    drafts.keep("delegation", {"task": ["text", "New work"], "why": "growth"})
    assert drafts.find("task", t) == {"title": "Half typed", "estimate": 45, "only_i_can": True}
    assert drafts.find("delegation") == {"task": ["text", "New work"], "why": "growth"}
    assert drafts.find("task", other) is None  # another record has none
    assert drafts.kept_forms() == ["delegation/new", f"task/{t}"]
    drafts.keep("task", {"title": "Typed on"}, t)  # a newer draft replaces the old one
    assert drafts.find("task", t) == {"title": "Typed on"}
    assert drafts.drop("task", t) is True
    assert drafts.drop("task", t) is False
    assert drafts.find("task", t) is None
    assert drafts.kept_forms() == ["delegation/new"]


def test_drafts_survive_closing_the_vault_and_stay_encrypted(services, app_paths, clock) -> None:
    marker = "zebra-crossing-7731"  # text that must never appear in the file in clear
    services.drafts.keep("check-in", {"note": f"heard {marker}"})
    services.close()
    data = app_paths.vault.read_bytes()
    assert marker.encode() not in data
    assert not data.startswith(b"SQLite format 3")
    reopened = unlock_vault(app_paths, PASSPHRASE, clock)
    try:
        assert reopened.drafts.find("check-in") == {"note": f"heard {marker}"}
    finally:
        reopened.close()


def test_keeping_a_draft_announces_nothing(services) -> None:
    """Views reload on change notices; a draft write must not make them (ctx.write would
    announce SETTINGS, which the week's calendar panel reloads on)."""
    heard = []
    services.subscribe(heard.append)
    services.drafts.keep("block", {"title": "Deep work"})
    services.drafts.drop("block")
    assert heard == []
    assert services.drafts.kept_forms() == []


@pytest.mark.parametrize(
    ("form", "fields", "record_id"),
    [
        ("Task", {"title": "x"}, 1),  # form names are lower-case identifiers
        ("task/../x", {"title": "x"}, 1),
        ("a" * 40, {"title": "x"}, 1),
        ("task", {}, 1),  # nothing to keep
        ("task", {"Title": "x"}, 1),
        ("task", {"title": {"nested": "no"}}, 1),
        ("task", {"title": object()}, 1),
        ("task", {"title": float("nan")}, 1),
        ("task", {"title": "\udcff"}, 1),  # not text
        ("task", {"title": "x" * 5_000_001}, 1),
        ("task", {"title": "x"}, 0),
        ("task", {"title": "x"}, -3),
        ("task", {"title": "x"}, True),
        ("task", "title=x", 1),
    ],
)
def test_bad_drafts_are_refused_and_change_nothing(services, form, fields, record_id) -> None:
    assert services.tasks.capture("Kept").id == 1  # a fresh vault: the record of the cases
    services.drafts.keep("task", {"title": "kept"}, 1)
    with pytest.raises(ValidationError):
        services.drafts.keep(form, fields, record_id)
    assert services.drafts.kept_forms() == ["task/1"]
    assert services.drafts.find("task", 1) == {"title": "kept"}


def test_finding_with_a_bad_form_name_is_refused(services) -> None:
    with pytest.raises(ValidationError):
        services.drafts.find("no such form!")
    with pytest.raises(ValidationError):
        services.drafts.drop("task", "7")
