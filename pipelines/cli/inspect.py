"""`satudata inspect FILE [--sheet NAME] [--json]`: what the reader sees in an officer's file.

The JSON keys are stable (other tools read them): ``format``, ``encoding``, ``delimiter``,
``tables``; per table ``sheet``, ``header_rows`` (0-based rows of the file), ``columns``
(``name``, ``header``, ``type``), ``rows``, ``dropped`` (``row``, ``reason``), ``wide``, plus
``melt`` (how a wide table would melt), ``notes`` (repairs made) and ``first_rows``; with no
table, ``empty`` (``kind``, ``message_id``, ``message_en``): what the file is and why nothing was found.
Personal data (NIK, phone, e-mail ...) is masked in everything shown, as in a check report, and
only personal data: a figure of a number column, or a cell that is one decimal number
(``62.884017146481``, a coverage percentage), is a quantity and is never read as a phone number
(a NIK inside it still is masked).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Set
from typing import Any

FIRST_ROWS = 5
NUMERIC = ("integer", "number")
_DECIMAL = re.compile(r"^[+-]?\d{1,3}[.,]\d+\s*%?$")  # one decimal number: a quantity, never a phone


def register(sub) -> None:
    p = sub.add_parser("inspect", help="show how a file is read / tampilkan cara berkas dibaca")
    p.add_argument("file", help="spreadsheet or CSV file / berkas lembar kerja atau CSV")
    p.add_argument("--sheet", default=None, help="only this sheet (name, or 0-based number)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--rows", type=int, default=FIRST_ROWS, help=f"first rows to show (default {FIRST_ROWS})")
    p.set_defaults(func=run)


def _sheet(value: str | None) -> str | int | None:
    if value is not None and value.isdigit():
        return int(value)
    return value


def _shown(value: Any, regions: Set[str], *, numeric: bool = False) -> Any:
    """A value as it may be shown: masked when it holds personal data, else unchanged (and typed).
    ``numeric``: the value is a figure of a number column (no phone numbers there)."""
    from pipelines.validate.pii import redact

    if value is None:
        return None
    text = str(value)
    masked = redact(text, regions, phones=not (numeric or _DECIMAL.match(text.strip())))
    return value if masked == text else masked


def _first_rows(table, first: int, regions: Set[str], types: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {k: _shown(v, regions, numeric=types.get(k) in NUMERIC) for k, v in row.items()}
        for row in table.slice(0, first).to_pylist()
    ]


def describe(result, first: int = FIRST_ROWS) -> dict[str, Any]:
    from pipelines.read.plausible import drop_shares
    from pipelines.validate.pii import region_codes

    regions = region_codes()
    return {
        "format": result.format,
        "encoding": result.encoding,
        "delimiter": result.delimiter,
        "tables": [
            {
                "sheet": t.sheet,
                "header_rows": list(t.header_rows),
                "columns": [{"name": c.name, "header": _shown(c.header, regions), "type": c.type} for c in t.columns],
                "rows": t.rows,
                "dropped": [{"row": d.row, "reason": d.reason} for d in t.dropped],
                "dropped_share": {k: round(v, 4) for k, v in drop_shares(t).items()},
                "wide": t.wide,
                "melt": [
                    {"columns": m.columns, "into": m.into, "value": m.value, "pattern": m.pattern,
                     "result": m.result}
                    for m in t.melt_candidates
                ],
                "notes": [_shown(note, regions) for note in t.notes],
                "first_rows": _first_rows(t.values, first, regions, {c.name: c.type for c in t.columns}),
            }
            for t in result.tables
        ],
        **({"empty": {"kind": result.empty.kind, "message_id": result.empty.message_id,
                      "message_en": result.empty.message_en}} if result.empty else {}),
    }


def run(args) -> int:
    from pipelines.read import ReadError, ReadOptions, read

    try:
        result = read(args.file, ReadOptions(sheet=_sheet(args.sheet)))
    except ReadError as err:
        if args.json:
            print(json.dumps({"error": {"code": err.code, "message_id": err.message_id,
                                        "message_en": err.message_en, "file": err.file}}, ensure_ascii=False))
        print(f"Tidak bisa dibaca: {err.message_id}\nCannot be read: {err.message_en}", file=sys.stderr)
        return 2
    info = describe(result, args.rows)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(human(info))
    return 0


def human(info: dict[str, Any]) -> str:
    lines = [f"format: {info['format']}   encoding: {info['encoding'] or '-'}   "
             f"delimiter: {json.dumps(info['delimiter']) if info['delimiter'] else '-'}"]
    if not info["tables"]:
        lines.append("Tidak ada tabel data / no data table found.")
        if info.get("empty"):
            lines.append(f"sebab: {info['empty']['message_id']}")
            lines.append(f"why: {info['empty']['message_en']}")
    for t in info["tables"]:
        lines.append("")
        lines.append(f"== lembar / sheet: {t['sheet'] if t['sheet'] is not None else '-'}")
        shown = ", ".join(str(r + 1) for r in t["header_rows"]) or "-"
        lines.append(f"baris judul kolom / header rows (as numbered in the sheet): {shown}")
        lines.append(f"baris data / data rows: {t['rows']}")
        width = max((len(c["name"]) for c in t["columns"]), default=4)
        for c in t["columns"]:
            lines.append(f"  {c['name']:<{width}}  {c['type']:<8}  {c['header']!r}")
        if t["dropped"]:
            counts: dict[str, list[int]] = {}
            for d in t["dropped"]:
                counts.setdefault(d["reason"], []).append(d["row"] + 1)
            for reason, rows in counts.items():
                listed = ", ".join(map(str, rows[:12])) + (" ..." if len(rows) > 12 else "")
                share = t.get("dropped_share", {}).get(reason)
                part = f" ({share:.1%})" if share is not None else ""
                lines.append(f"dibuang / dropped ({reason}): {len(rows)} baris/rows{part}: {listed}")
        for m in t["melt"]:
            lines.append(f"lebar / wide: {len(m['columns'])} kolom -> {m['into']}, {m['value']} "
                         f"(source.melt.columns: {m['pattern']}); hasil / result: {', '.join(m['result'])}")
        for note in t["notes"]:
            lines.append(f"catatan / note: {note}")
        if t["first_rows"]:
            lines.append("baris pertama / first rows:")
            for row in t["first_rows"]:
                lines.append("  " + " | ".join("" if v is None else str(v) for v in row.values()))
    return "\n".join(lines)
