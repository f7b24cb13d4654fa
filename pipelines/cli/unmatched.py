"""`satudata check` on a file that fits no dataset spec: it is still read and the PII guard still
runs on every table, so that a walidata trying a new file learns what it holds and whether it may
ever be published as it is."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.validate.report import Problem, Report


def unmatched_report(path: Path) -> tuple[Report, list[dict]]:
    """The PII findings of every table of ``path`` and a short description of each table; a file
    that cannot be read is a report with its reading problem and no tables."""
    from pipelines.check import unreadable
    from pipelines.read import ReadError, read
    from pipelines.validate.pii_sheets import scan_file

    report = Report(file=path.name)
    try:
        result = read(path)
    except ReadError as err:
        report.add(unreadable(err))
        return report, []
    tables = []
    if result.tables:  # every sheet, header, dropped row and footnote, as for a file that fits a spec
        report.extend(scan_file(result.tables, result.tables[0]))
    for table in result.tables:
        report.rows += table.values.num_rows
        tables.append({"sheet": table.sheet, "rows": table.values.num_rows,
                       "columns": [c.header for c in table.columns]})
    return report, tables


def _no_spec_problem() -> Problem:
    return Problem(
        code="no-matching-dataset", severity="block", rule="match",
        message_id="Berkas ini tidak cocok dengan spesifikasi dataset mana pun, jadi belum dapat diperiksa "
                   "terhadap aturan dataset; hanya pemeriksaan data pribadi yang dijalankan.",
        message_en="This file fits no dataset spec, so it could not be checked against a dataset's rules; "
                   "only the personal-data guard ran.",
        hint_id="Pilih dataset dengan --dataset, atau usulkan spesifikasi baru dengan "
                "'satudata draft BERKAS -o usulan.yaml' lalu periksa dengan --spec usulan.yaml.",
        hint_en="Choose a dataset with --dataset, or propose a new spec with "
                "'satudata draft FILE -o proposal.yaml' and check with --spec proposal.yaml.",
    )


def check_unmatched(path: Path, *, as_json: bool, lang: str) -> int:
    """Print what was found; exit 1 when personal data was found (the file can never be published as it
    is), else 2 (no decision is possible without a spec)."""
    from pipelines.validate.render import render_json, render_text

    report, tables = unmatched_report(path)
    found_pii = any(p.rule == "pii" for p in report.problems)
    readable = bool(tables) or not report.problems
    if readable:
        report.problems.insert(0, _no_spec_problem())
    if as_json:
        data = json.loads(render_json(report))
        data["tables"] = tables
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for t in tables:
            print(f"lembar / sheet {t['sheet'] or '-'}: {t['rows']} baris / rows; "
                  f"kolom / columns: {', '.join(t['columns'])}")
        print(render_text(report, lang=lang))
    return 1 if found_pii else 2
