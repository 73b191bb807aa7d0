"""Markdown tables from a run's JSON: ``python -m benchmarks.report FILE``.

Prints the machine line, the peers table and the full figure table, ready for README.md and
benchmarks/README.md, so the published numbers are the run's, not retyped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _num(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "n/a"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "stmts":
        return f"{value:.0f}"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def _pair(a: float | None, b: float | None, unit: str = "ms") -> str:
    if a is None and b is None:
        return ""
    return _num(a, unit) if b is None else f"{_num(a, unit)} / {_num(b, unit)}"


def machine_line(payload: dict[str, Any]) -> str:
    m = payload["machine"]
    busy = " — **machine busy: no figure judged, rerun**" if m.get("busy") else ""
    return (
        f"Run of {m.get('date', '?')} on {m['cores']} cores ({m.get('cpu', '?')}), Python "
        f"{m['python']}; load average {m['load_average_before']} before, "
        f"{m['load_average_after']} after, peak {m.get('load_average_peak', '?')} during; "
        f"launcher peak RSS {_num(m.get('launcher_peak_rss_mb'))} MB{busy}."
    )


def peers_table(payload: dict[str, Any]) -> str:
    peers = payload.get("peers") or {}
    names = (
        ("bare", "bare PySide6 window"),
        ("keepassxc", "KeePassXC 2.7 (C++/Qt, a .kdbx to its unlock screen)"),
        ("leaddesk-five", "LeadDesk unlock dialog (five-year vault)"),
        ("leaddesk-fifty", "LeadDesk unlock dialog (fifty-year vault)"),
    )
    lines = [
        "| process start → first top-level window mapped (xcb) "
        "| ms | CPU ms | RSS at that window |",
        "|---|---|---|---|",
    ]
    for key, label in names:
        fig = peers.get(key)
        if not fig:
            lines.append(f"| {label} | n/a | | |")
            continue
        lines.append(
            f"| {label} | {fig['ms']:.0f} | {fig['cpu_ms']:.0f} | {fig['rss_mb']:.0f} MB |"
        )
    return "\n".join(lines)


def figure_table(payload: dict[str, Any]) -> str:
    lines = [
        "| figure | five-year | fifty-year | CPU 5y / 50y | floor 5y / 50y "
        "| ratio | target | result |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in payload["rows"]:
        unit = r["unit"]
        suffix = "" if unit in ("x", "stmts") else f" {unit}"
        ratio = "" if r["ratio"] is None or unit == "x" else f"{r['ratio']:.2f}x"
        five = _num(r["five_year"], unit) + (suffix if r["five_year"] is not None else "")
        fifty = (
            _num(r["fifty_year"], unit) + (suffix if r["fifty_year"] is not None else "")
            if r["fifty_year"] is not None
            else ""
        )
        result = r.get("result", "")
        if result == "MISS":
            result = "**miss**"
        lines.append(
            f"| {r['figure']} | {five} | {fifty} | "
            f"{_pair(r['cpu_five_year'], r['cpu_fifty_year'])} | "
            f"{_pair(r['floor'], r['floor_fifty_year'])} | {ratio} | {r['target']} | {result} |"
        )
    return "\n".join(lines)


def main() -> None:
    payload = json.loads(Path(sys.argv[1]).read_text())
    print(machine_line(payload))
    print()
    print(peers_table(payload))
    print()
    print(figure_table(payload))


if __name__ == "__main__":
    main()
