"""The JSON export and the Markdown plan are written 0600, whatever the umask."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from leaddesk.services.export import ExportService
from tests.conftest import PASSPHRASE

WEEK = date(2026, 11, 23)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder of its own (tmp_path also holds the test's XDG dirs)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_json_export_file_is_0600_and_never_replaces_a_file(services, out) -> None:
    services.tasks.capture("Reply to Kim about the offsite")
    target = out / "export.json"
    ExportService(services.ctx).write_json(target)
    assert mode(target) == 0o600
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [t["title"] for t in data["tasks"]] == ["Reply to Kim about the offsite"]
    with pytest.raises(FileExistsError):
        ExportService(services.ctx).write_json(target)


def test_markdown_plan_file_is_0600(services, out) -> None:
    target = out / "plan.md"
    services.plan_export.write_markdown(WEEK, target)
    assert mode(target) == 0o600
    assert target.read_text(encoding="utf-8").startswith("# Plan for 2026-W48")


def test_cli_json_export_file_is_0600(app_paths, services, out) -> None:
    services.tasks.capture("Prepare the demo")
    services.close()  # the CLI opens the vault itself
    target = out / "out.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "leaddesk",
            "--data-dir",
            str(app_paths.data_dir),
            "export",
            "--output",
            str(target),
            "--passphrase-stdin",
        ],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert mode(target) == 0o600
    assert "Prepare the demo" in target.read_text(encoding="utf-8")
    again = subprocess.run(
        [
            sys.executable,
            "-m",
            "leaddesk",
            "--data-dir",
            str(app_paths.data_dir),
            "export",
            "--output",
            str(target),
            "--passphrase-stdin",
        ],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode != 0 and "already exists" in again.stderr
