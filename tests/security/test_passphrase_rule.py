"""Passphrase strength (issue 19, item 14): an estimate while typing, the weakest refused
with a plain reason in every entry point, and a generated six-word suggestion."""

from __future__ import annotations

import math

import pytest

from leaddesk.domain.errors import ValidationError
from leaddesk.domain.passphrase import MIN_LENGTH, assess, check_new_passphrase, generate
from leaddesk.paths import AppPaths
from leaddesk.services import security
from leaddesk.services.unlocking import create_vault, unlock_vault
from leaddesk.ui.dialogs.change_passphrase import ChangePassphraseDialog
from leaddesk.ui.dialogs.create_vault import CreateVaultDialog
from tests.conftest import PASSPHRASE


@pytest.mark.parametrize(
    ("weak", "reason"),
    [
        ("abc", "Too short"),
        ("hunter2", "Too short"),
        ("password123", "Too easy to guess"),
        ("qwertyuiop", "Too easy to guess"),
        ("abcdefghij", "Too easy to guess"),
        ("aaaaaaaaaaaaaaaaaaaaaaaa", "Too easy to guess"),
        ("leaddesk2026", "Too easy to guess"),  # the app's own name counts as a word
    ],
)
def test_the_weakest_are_refused_with_a_reason(weak: str, reason: str) -> None:
    strength = assess(weak)
    assert not strength.acceptable and strength.problem.startswith(reason)
    assert weak not in strength.problem
    with pytest.raises(ValidationError, match=reason):
        check_new_passphrase(weak)


@pytest.mark.parametrize(
    "good", [PASSPHRASE, "plum orbit candle meadow rusty seven", "another one", "x" * 500]
)
def test_reasonable_passphrases_are_accepted(good: str) -> None:
    if good == "x" * 500:  # long but a repeat: refused, and fast despite its length
        assert not assess(good).acceptable
        return
    assert check_new_passphrase(good) == good


def test_generated_suggestion_uses_the_shipped_list_and_is_strong() -> None:
    words = security._word_list()
    assert len(words) == 7776 and len(set(words)) == 7776
    seen = set()
    for _ in range(20):
        text = security.suggest_passphrase()
        parts = text.split(" ")
        assert len(parts) == 6 and all(p in words for p in parts)
        assert assess(text).label == "strong"
        seen.add(text)
    assert len(seen) == 20  # random, not a fixed suggestion
    assert 6 * math.log2(len(words)) > 77
    with pytest.raises(ValueError):
        generate(["a", "b"], 6)


def test_change_passphrase_service_applies_the_rule(services) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="Too short"):
        services.security.change_passphrase(PASSPHRASE, "abc")
    services.tasks.capture("still works")  # the old passphrase still opens the vault


def test_create_dialog_refuses_abc_and_offers_a_suggestion(qtbot, app_paths: AppPaths) -> None:  # type: ignore[no-untyped-def]
    made = []
    dialog = CreateVaultDialog(lambda text: made.append(create_vault(app_paths, text)) or made[-1])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText("abc")
    assert dialog.strength_hint.text().startswith("Too short")  # while typing
    dialog.confirm.setText("abc")
    dialog.create_button.click()
    assert dialog.error.isVisible() and "Too short" in dialog.error.text()
    assert f"at least {MIN_LENGTH} characters" in dialog.error.text()
    assert not app_paths.vault.exists() and not dialog.busy

    dialog.suggest_button.click()
    suggestion = dialog.passphrase.text()
    assert len(suggestion.split(" ")) == 6 and dialog.confirm.text() == suggestion
    assert dialog.show_passphrase.isChecked()  # shown, so it can be written down
    assert dialog.meter.value() == 4 and dialog.strength_hint.text().startswith("Strong")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.create_button.click()
    made[0].close()
    unlock_vault(app_paths, suggestion).close()


def test_change_dialog_shows_strength_and_refuses_weak(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ChangePassphraseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.current.setText(PASSPHRASE)
    dialog.new.setText("password123")
    assert "weak" in dialog.strength.text() and "Too easy to guess" in dialog.strength.text()
    dialog.confirm.setText("password123")
    dialog.change_button.click()
    assert dialog.error.isVisible() and "Too easy to guess" in dialog.error.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.suggest_button.click()
    new = dialog.new.text()
    assert dialog.confirm.text() == new and "strong" in dialog.strength.text()
    dialog.change_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    ctx.services.close()
    unlock_vault(ctx.paths, new).close()
