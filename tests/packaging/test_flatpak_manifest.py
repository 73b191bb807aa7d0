"""The Flatpak manifest asks for no network, uses the app id, and pins every dependency."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

import leaddesk

ROOT = Path(__file__).resolve().parents[2]
FLATPAK = ROOT / "packaging" / "flatpak"
MANIFEST = FLATPAK / f"{leaddesk.APP_ID}.yml"
DEPS = FLATPAK / "python3-deps.json"


@pytest.fixture(scope="module")
def manifest() -> dict:
    yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read the Flatpak manifest")
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_manifest_builds_the_app_id_on_the_pyside_base_app(manifest: dict) -> None:
    assert manifest["id"] == leaddesk.APP_ID
    assert manifest["base"] == "io.qt.PySide.BaseApp"
    assert manifest["base-version"] == manifest["runtime-version"]
    assert manifest["command"] == next(
        iter(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["gui-scripts"])
    )
    assert "/app/cleanup-BaseApp.sh" in manifest["cleanup-commands"]


def test_sandbox_has_a_display_and_nothing_more(manifest: dict) -> None:
    args = manifest["finish-args"]
    for needed in ("--socket=wayland", "--socket=fallback-x11", "--share=ipc", "--device=dri"):
        assert needed in args
    assert "--share=network" not in args
    assert not [a for a in args if a.startswith(("--filesystem", "--socket=session-bus"))]


def test_every_python_dependency_is_pinned_by_hash(manifest: dict) -> None:
    assert "python3-deps.json" in manifest["modules"]
    module = json.loads(DEPS.read_text(encoding="utf-8"))
    sources = module["sources"]
    assert sources
    for source in sources:
        assert source["url"].startswith("https://files.pythonhosted.org/")
        assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"])
    wheels = {s["url"].rsplit("/", 1)[-1].split("-")[0].lower() for s in sources}
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for spec in wanted:
        name = re.split(r"[<>=!~; \[]", spec, maxsplit=1)[0].lower().replace("-", "_")
        if name.startswith(("pyside6", "shiboken6")):
            continue  # the base app provides Qt for Python
        assert name in wheels, f"{name} is missing from python3-deps.json (regenerate it)"
