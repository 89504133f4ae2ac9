"""Render benchmark JSON results (from bench/run.py) as the Markdown tables of docs/benchmarks.md."""

from __future__ import annotations

import json
import sys

ROWS = [
    ("admin_changelist", "Django admin 案件 changelist (baseline)", None, None),
    ("web_list_officer", "Web case list, township officer (filtered, page 1)", 100, 12),
    ("web_list_evaluator", "Web case list, justice bureau (all units)", 100, 12),
    ("api_list_officer", "API case list, township officer", 100, 12),
    ("service_action_short_history", "Action service (add party), short history", 150, None),
    ("service_action_long_history", "Action service (add party), +500 events", 150, None),
    ("api_action_short_history", "Workflow action via API + flow engine, short history", 150, None),
    ("api_action_long_history", "Workflow action via API + flow engine, +500 events", 150, None),
    ("rulebook_one_case", "Full rulebook (load facts + every rule) on one closed case", 20, None),
]


def render(report: dict) -> str:
    lines = [
        f"Database: **{report['database']}** · machine: {report['machine']} · run: {report['date']} (Asia/Shanghai)",
        "",
    ]
    sizes = sorted(report["sizes"], key=int)
    header = (
        "| measure | target | "
        + " | ".join(f"{int(s):,} cases: median / p95 ms, queries, × admin" for s in sizes)
        + " |"
    )
    lines += [header, "|---|---|" + "---|" * len(sizes)]
    for key, label, target_ms, target_q in ROWS:
        target = "—" if target_ms is None else f"≤ {target_ms} ms" + (f", ≤ {target_q} queries" if target_q else "")
        cells = []
        for s in sizes:
            r = report["sizes"][s]
            if key not in r:
                cells.append("n/a")
                continue
            ratio = r[key]["median_ms"] / r["admin_changelist"]["median_ms"]
            cells.append(f"{r[key]['median_ms']} / {r[key]['p95_ms']}, {r[key]['queries']} q, {ratio:.2f}×")
        lines.append(f"| {label} | {target} | " + " | ".join(cells) + " |")
    counts = ", ".join(
        f"{int(s):,}: {report['sizes'][s]['cases']:,} cases / {report['sizes'][s]['events']:,} events" for s in sizes
    )
    lines += [
        "",
        f"Corpus: {counts}. History length of the action cases: "
        + ", ".join(str(report["sizes"][s].get("action_history_events")) for s in sizes)
        + " events.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path) as fh:
            print(render(json.load(fh)))
        print()
