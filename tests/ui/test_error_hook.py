"""Unexpected errors reach the user as a plain message and the log without their text."""

from __future__ import annotations

import logging
import sys

import pytest

from leaddesk.domain.errors import VaultDamagedError
from leaddesk.ui.error_hook import DAMAGED, UNEXPECTED, ErrorHook


def _raise(error: BaseException) -> tuple:  # type: ignore[type-arg]
    try:
        raise error
    except BaseException:
        return sys.exc_info()


@pytest.mark.expected_error_log("leaddesk.ui.error_hook")
def test_an_unexpected_error_is_told_once_and_logged_without_its_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    told: list[str] = []
    hook = ErrorHook(tell=told.append)
    with caplog.at_level(logging.ERROR, logger="leaddesk.ui.error_hook"):
        hook(*_raise(KeyError("1:1 Anna — performance review")))
        hook(*_raise(ValueError("Anna's salary")))  # the same burst: not told again
    assert told == [UNEXPECTED]
    logged = caplog.text
    assert "KeyError" in logged and "ValueError" in logged and "test_error_hook.py" in logged
    assert "Anna" not in logged


@pytest.mark.expected_error_log("leaddesk.ui.error_hook")
def test_a_damaged_vault_gets_its_own_message() -> None:
    told: list[str] = []
    ErrorHook(tell=told.append)(*_raise(VaultDamagedError("The vault file is damaged.")))
    assert told == [DAMAGED]


def test_install_and_uninstall_restore_the_previous_hook() -> None:
    before = sys.excepthook
    hook = ErrorHook(tell=lambda _text: None)
    hook.install()
    try:
        assert sys.excepthook is hook
    finally:
        hook.uninstall()
    assert sys.excepthook is before
