"""The suite's own guards (tests/conftest.py) do what they promise: an unexpected
``log.error`` from a leaddesk logger fails a test, and the per-test vault copied from the
session's template is a real encrypted vault of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from leaddesk.paths import resolve_paths
from leaddesk.storage.opening import PLAINTEXT_HEADER
from leaddesk.storage.vault import Vault
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent

INNER_TESTS = """
import logging

import pytest


def test_logs_an_error():
    logging.getLogger("leaddesk.services.tasks").error("boom")


@pytest.mark.expected_error_log("leaddesk.services")
def test_logs_an_expected_error():
    logging.getLogger("leaddesk.services.tasks").error("boom")


@pytest.mark.expected_error_log("leaddesk.ui")
def test_logs_an_error_another_logger_expects():
    logging.getLogger("leaddesk.services.tasks").error("boom")


def test_logs_a_warning_and_a_foreign_error():
    logging.getLogger("leaddesk.services.tasks").warning("careful")
    logging.getLogger("sqlalchemy").error("not ours")
"""


def test_an_unexpected_leaddesk_error_log_fails_the_test(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import no_unexpected_error_log  # noqa: F401\n"
    )
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(INNER_TESTS))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-rA"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out = result.stdout
    assert result.returncode == 1, out[-3000:]
    assert "ERROR test_inner.py::test_logs_an_error " in out
    assert "ERROR test_inner.py::test_logs_an_error_another_logger_expects" in out
    assert "PASSED test_inner.py::test_logs_an_expected_error" in out
    assert "PASSED test_inner.py::test_logs_a_warning_and_a_foreign_error" in out
    assert "ERROR leaddesk.services.tasks: boom" in out


def test_each_test_vault_is_encrypted_opens_with_the_passphrase_and_has_its_own_id(
    services, app_paths, vault_template, tmp_path: Path
) -> None:
    from tests.conftest import copy_vault_template

    assert not app_paths.vault.read_bytes().startswith(PLAINTEXT_HEADER)
    other = copy_vault_template(vault_template, resolve_paths(tmp_path / "other"), None)
    try:
        assert other.vault.vault_id != services.vault.vault_id
        assert other.tasks.open_tasks() == []
    finally:
        other.close()
    services.tasks.capture("Written through the copy")
    vault_id = services.vault.vault_id
    services.close()
    reopened = Vault.open(app_paths.vault, PASSPHRASE)  # the real key derivation and checks
    try:
        assert reopened.vault_id == vault_id
        assert reopened.integrity_ok()
    finally:
        reopened.close()
