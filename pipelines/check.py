"""Checking one officer's file against its dataset spec: read, guard, type, validate, apply rules.

This is the one path every entry point takes (``satudata check``, the Dagster assets, the inbox), so
that what an officer previews is exactly what the pipeline decides.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from pipelines.parquet import period_keys, read_history
from pipelines.read import ReadError, ReadOptions, ReadResult, Table, read
from pipelines.spec import DatasetSpec
from pipelines.typed import Typed, match_columns, type_table
from pipelines.validate.report import Problem, Report, fold
from pipelines.validate.rule_words import checked_list, rule_title

log = logging.getLogger(__name__)


@dataclass
class CheckResult:
    spec: DatasetSpec
    file: Path
    sha256: str
    report: Report
    typed: Typed | None = None
    source: Table | None = None

    @property
    def readable(self) -> bool:
        return self.typed is not None

    @property
    def periods(self) -> list[str]:
        return list(self.report.stats.get("periods", []))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pick_table(spec: DatasetSpec, tables: list[Table]) -> Table:
    """The table (sheet) that holds this dataset: the pinned sheet, else the one whose columns
    match the spec best (ties: the first)."""
    if len(tables) == 1:
        return tables[0]
    return max(
        tables,
        key=lambda t: (len(match_columns(spec, [c.name for c in t.columns], [c.header for c in t.columns])),
                       t.values.num_rows),
    )


def unreadable(err: ReadError) -> Problem:
    return Problem(
        code=getattr(err, "code", None) or "unreadable-file",
        severity="block",
        row=(err.row + 1) if getattr(err, "row", None) is not None else None,
        column=getattr(err, "column", None),
        message_id=err.message_id,
        message_en=err.message_en,
        hint_id="Simpan ulang berkas sebagai .xlsx atau .csv dari aplikasi lembar kerja, lalu kirim lagi.",
        hint_en="Save the file again as .xlsx or .csv from your spreadsheet program, then send it again.",
        rule="read",
    )


def reader_failed(err: Exception) -> Problem:
    kind = type(err).__name__
    return Problem(
        code="unreadable-file", severity="block",
        message_id=f"Berkas tidak dapat dibaca: isinya tidak seperti yang diharapkan pembaca ({kind}).",
        message_en=f"The file cannot be read: its content is not what the reader expects ({kind}).",
        hint_id="Simpan ulang berkas sebagai .xlsx atau .csv dari aplikasi lembar kerja, lalu kirim lagi.",
        hint_en="Save the file again as .xlsx or .csv from your spreadsheet program, then send it again.",
        rule="read",
    )


def check_file(spec: DatasetSpec, path: str | Path, *, data_dir: Path | None = None,
               sha256: str | None = None) -> CheckResult:
    """Everything the walidata checks before a file may be published. Never raises for bad input:
    an unreadable file is a report with one blocking problem. ``sha256``: the hash of ``path``'s bytes
    when the caller read them already (the inbox's private snapshot is not read again to hash it)."""
    from pipelines.validate.expectations import validate_table
    from pipelines.validate.pii_sheets import scan_file
    from pipelines.validate.rules import dropped_columns, run_rules
    from pipelines.validate.suite import in_suite

    path = Path(path)
    digest = sha256 or sha256_file(path)
    report = Report(file=str(path), dataset=spec.key)
    report.stats["checked"] = [list(words) for words in checked_list(spec)]
    report.stats["titles"] = {rule.check: list(rule_title(rule.check, spec)) for rule in spec.rules}
    try:
        result = read(path, ReadOptions.from_source(spec.source))
    except ReadError as err:
        report.add(unreadable(err))
        return CheckResult(spec=spec, file=path, sha256=digest, report=report)
    except Exception as err:  # a reader bug is a refused file, never a failed run: traceback to the log
        log.exception("%s: the reader failed", path)
        report.add(reader_failed(err))
        return CheckResult(spec=spec, file=path, sha256=digest, report=report)
    if not result.tables:
        why = result.empty
        if why is None:
            report.add(Problem(code="no-data", message_id="Berkas tidak berisi tabel data.",
                               message_en="The file holds no data table.", rule="read"))
        else:
            report.add(Problem(code="no-table-found", message_id=why.message_id, message_en=why.message_en,
                               hint_id=why.hint_id, hint_en=why.hint_en, rule="read"))
        return CheckResult(spec=spec, file=path, sha256=digest, report=report)
    source = pick_table(spec, result.tables)
    report.sheet = source.sheet
    headers = [c.header for c in source.columns]
    # the PII guard reads every sheet, header, dropped row and footnote, not only what is published
    report.extend(scan_file(result.tables + _other_sheets(path, spec, result), source, spec))
    typed = type_table(spec, source.values, headers, source.row_numbers, source.value_headers)
    report.rows = typed.table.num_rows
    report.extend(typed.problems)
    report.extend(_period_missing(spec, typed))
    if typed.table.num_rows == 0:
        report.add(Problem(
            code="no-data-rows", row=None,
            message_id="Tabel tidak berisi baris data (hanya judul, kepala kolom atau baris jumlah).",
            message_en="The table holds no data rows (only titles, column headers or total rows).",
            hint_id="Isi data di bawah baris judul kolom, lalu kirim lagi.",
            hint_en="Fill in the data below the header row, then send the file again.", rule="read"))
    report.extend(validate_table(spec, typed.table, rows=typed.rows, headers=typed.headers))
    periods = period_keys(spec, typed.table)  # once per file
    history = None
    if data_dir is not None:
        history = read_history(spec, data_dir, exclude=set(periods))
    # The suite runs the rules the table alone answers; the engine runs those needing the
    # reader's dropped rows (totals) or history (year_on_year, name_changed).
    outside = spec.model_copy(update={"rules": [r for r in spec.rules if not in_suite(r)]})
    report.extend(run_rules(outside, typed.table, rows=typed.rows, headers=typed.headers,
                            dropped=source.dropped, history=history,
                            dropped_columns=dropped_columns(spec, source)))
    report.problems = fold(report.problems)
    report.stats.update({"format": result.format, "sheet": source.sheet,
                         "periods": periods})
    return CheckResult(spec=spec, file=path, sha256=digest, report=report, typed=typed, source=source)


def _other_sheets(path: Path, spec: DatasetSpec, result: ReadResult) -> list[Table]:
    """The sheets a spec's pinned ``source.sheet`` left unread, for the PII guard only. A sheet that
    cannot be read holds nothing that could be published from this file: whatever reading them
    raises (the pinned sheet was read already) leaves them out rather than stopping the check."""
    if spec.source is None or spec.source.sheet is None or result.format in ("csv", "tsv"):
        return []
    try:
        others = read(path).tables
    except Exception:  # noqa: BLE001 - see the docstring
        return []
    read_sheets = {t.sheet for t in result.tables}
    return [t for t in others if t.sheet not in read_sheets]


def _period_missing(spec: DatasetSpec, typed: Typed) -> list[Problem]:
    problems = []
    missing = {p.column for p in typed.problems if p.code == "missing-column"}
    for col in spec.period.columns:
        column = typed.table.column(col)
        if column.null_count == 0 or typed.headers.get(col, col) in missing or col in missing:
            continue  # a missing period column is reported once, as missing-column
        header = typed.headers[col]
        for i, v in enumerate(column.to_pylist()):
            if v is None:
                problems.append(Problem(
                    code="period-missing", row=typed.rows[i], column=header,
                    message_id=f"Periode (kolom '{header}') kosong pada baris {typed.rows[i]}.",
                    message_en=f"The period (column '{header}') is empty on row {typed.rows[i]}.",
                    hint_id="Isi periode data pada setiap baris.",
                    hint_en="Fill in the data period on every row.", rule="period"))
                if len(problems) >= 100:
                    return problems
    return problems
