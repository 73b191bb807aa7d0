"""Files LeadDesk writes outside the vault are private (0600) from the first byte and atomic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from leaddesk.private_files import (
    TargetExistsError,
    private_target,
    write_private_bytes,
    write_private_text,
)
from tests.conftest import file_mode

pytestmark = pytest.mark.usefixtures("permissive_umask")


def test_text_is_written_0600_and_replaces_an_older_readable_file(export_dir: Path) -> None:
    target = export_dir / "plan.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    write_private_text(target, "# Plan\nFocus: 6 h\n")
    assert target.read_text(encoding="utf-8") == "# Plan\nFocus: 6 h\n"
    assert file_mode(target) == 0o600
    assert [p.name for p in export_dir.iterdir()] == ["plan.md"]  # no temp file left


def test_exclusive_never_replaces_an_existing_file(export_dir: Path) -> None:
    target = export_dir / "export.json"
    target.write_bytes(b"keep me")
    with pytest.raises(TargetExistsError):
        write_private_bytes(target, b"{}", exclusive=True)
    assert target.read_bytes() == b"keep me"
    assert [p.name for p in export_dir.iterdir()] == ["export.json"]
    fresh = export_dir / "new.json"
    write_private_bytes(fresh, b"{}", exclusive=True)
    assert file_mode(fresh) == 0o600


def test_the_temp_file_is_private_while_a_path_writer_fills_it(export_dir: Path) -> None:
    target = export_dir / "chart.png"
    with private_target(target) as partial:
        assert partial.parent == export_dir and partial.exists()
        assert file_mode(partial) == 0o600  # before the first byte
        assert not target.exists()
        with open(partial, "wb") as fh:  # what QPdfWriter / QImage.save do: truncate
            fh.write(b"\x89PNG...")
    assert target.read_bytes() == b"\x89PNG..." and file_mode(target) == 0o600
    assert [p.name for p in export_dir.iterdir()] == ["chart.png"]


def test_a_failed_write_leaves_neither_half_a_file_nor_a_temp_file(export_dir: Path) -> None:
    target = export_dir / "plan.pdf"
    target.write_bytes(b"previous plan")
    with pytest.raises(OSError), private_target(target) as partial:
        partial.write_bytes(b"%PDF half")
        raise OSError("disk full")
    assert target.read_bytes() == b"previous plan"
    assert [p.name for p in export_dir.iterdir()] == ["plan.pdf"]


def test_temp_files_left_by_a_crash_are_removed_by_the_next_write(export_dir: Path) -> None:
    target = export_dir / "plan.md"
    old = export_dir / ".plan.md.deadbeef.partial"  # a crash mid-write, an hour ago
    old.write_text("half a plan about Anna", encoding="utf-8")
    os.utime(old, (old.stat().st_atime - 3600, old.stat().st_mtime - 3600))
    running = export_dir / ".plan.md.cafebabe.partial"  # another write, still going
    running.write_text("", encoding="utf-8")
    other = export_dir / ".notes.md.deadbeef.partial"  # another file's: not ours to judge
    other.write_text("", encoding="utf-8")
    os.utime(other, (other.stat().st_atime - 3600, other.stat().st_mtime - 3600))

    write_private_text(target, "# Plan\n")

    assert sorted(p.name for p in export_dir.iterdir()) == sorted(
        ["plan.md", running.name, other.name]
    )
