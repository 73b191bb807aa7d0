"""The JSON export and the Markdown plan are written 0600, whatever the umask."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from leaddesk.services.export import ExportService
from tests.conftest import PASSPHRASE, file_mode

pytestmark = pytest.mark.usefixtures("permissive_umask")


WEEK = date(2026, 11, 23)


def test_json_export_file_is_0600_and_never_replaces_a_file(services, export_dir) -> None:
    services.tasks.capture("Reply to Kim about the offsite")
    target = export_dir / "export.json"
    ExportService(services.hub).write_json(target)
    assert file_mode(target) == 0o600
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [t["title"] for t in data["tasks"]] == ["Reply to Kim about the offsite"]
    with pytest.raises(FileExistsError):
        ExportService(services.hub).write_json(target)


def test_markdown_plan_file_is_0600(services, export_dir) -> None:
    target = export_dir / "plan.md"
    services.plan_export.write_markdown(WEEK, target)
    assert file_mode(target) == 0o600
    assert target.read_text(encoding="utf-8").startswith("# Plan for 2026-W48")


def test_cli_json_export_file_is_0600(app_paths, services, export_dir) -> None:
    services.tasks.capture("Prepare the demo")
    services.close()  # the CLI opens the vault itself
    target = export_dir / "export_dir.json"
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
    assert file_mode(target) == 0o600
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
