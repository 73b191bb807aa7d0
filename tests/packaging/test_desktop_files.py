"""The desktop file, the AppStream metainfo and the icons agree on one application id and
pass the freedesktop validators (when those tools are installed)."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import leaddesk

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{leaddesk.APP_ID}.desktop"
METAINFO = PACKAGING / f"{leaddesk.APP_ID}.metainfo.xml"
SVG_ICON = ROOT / "resources" / "icons" / f"{leaddesk.APP_ID}.svg"
PNG_256 = PACKAGING / "icons" / "hicolor" / "256x256" / "apps" / f"{leaddesk.APP_ID}.png"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_app_id_is_reverse_dns() -> None:
    parts = leaddesk.APP_ID.split(".")
    assert len(parts) >= 3 and all(p.isidentifier() for p in parts)


def test_one_app_id_everywhere() -> None:
    root = metainfo()
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert DESKTOP.name == f"{leaddesk.APP_ID}.desktop"
    assert METAINFO.name == f"{leaddesk.APP_ID}.metainfo.xml"
    assert root.findtext("id") == leaddesk.APP_ID
    assert launchable.text == DESKTOP.name
    assert desktop_entry()["Icon"] == leaddesk.APP_ID
    assert SVG_ICON.exists() and PNG_256.exists()


def test_desktop_entry_launches_the_installed_command() -> None:
    entry = desktop_entry()
    command = next(iter(pyproject()["project"]["gui-scripts"]))
    assert entry["Type"] == "Application"
    assert entry["Name"] == leaddesk.APP_NAME
    assert entry["Exec"].split()[0] == command
    assert entry["TryExec"] == command
    assert entry["Terminal"] == "false"
    # Qt's X11 WM_CLASS class is the application name; docks match windows through it.
    assert entry["StartupWMClass"] == leaddesk.APP_NAME
    assert "Office" in entry["Categories"].split(";")


def test_metainfo_has_what_software_centres_show() -> None:
    root = metainfo()
    assert root.get("type") == "desktop-application"
    assert root.findtext("name") == leaddesk.APP_NAME
    license = pyproject()["project"]["license"]
    assert root.findtext("project_license") == (
        license if isinstance(license, str) else license["text"]
    )
    assert root.findtext("provides/binary") == next(iter(pyproject()["project"]["gui-scripts"]))
    assert root.find("url[@type='homepage']") is not None
    assert (root.findtext("developer/name") or "").strip()
    description = root.find("description")
    assert description is not None and len(description.findall("p")) >= 2
    screenshots = root.findall("screenshots/screenshot")
    assert screenshots and screenshots[0].get("type") == "default"
    assert all((s.findtext("caption") or "").strip() for s in screenshots)
    rating = root.find("content_rating")
    assert rating is not None and rating.get("type", "").startswith("oars-")


def test_metainfo_lists_the_current_release_first() -> None:
    releases = metainfo().findall("releases/release")
    assert releases, "no releases"
    assert releases[0].get("version") == leaddesk.__version__
    assert releases[0].get("date")


def test_svg_icon_is_square_svg() -> None:
    root = ET.parse(SVG_ICON).getroot()
    assert root.tag.endswith("svg")
    view_box = [float(v) for v in root.get("viewBox", "").split()]
    assert len(view_box) == 4 and view_box[2] == view_box[3]


def test_png_icon_is_256_pixels() -> None:
    header = PNG_256.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert (width, height) == (256, 256)


def _run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        pytest.skip(
            f"{command[0]} is not installed (Debian: apt-get install desktop-file-utils appstream)"
        )
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_desktop_file_validate() -> None:
    result = _run_tool("desktop-file-validate", str(DESKTOP))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_appstreamcli_validate() -> None:
    result = _run_tool("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr
