"""What a file says about its own spec: the columns as the reader sees them, region codes recognised
against the shipped Kemendagri and BPS tables, the period, a melt, a key, the rules that hold.

:func:`propose` returns a :class:`Proposal` (plain data); :mod:`pipelines.draft.write` words it as
commented YAML. Nothing here decides for the walidata: every guess is marked for review."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.read import ReadOptions, Table, read
from pipelines.read.headers import normalise_header

UNITS = [  # (pattern in a header, unit)
    (r"\(\s*jiwa\s*\)|\bjiwa\b", "jiwa"), (r"\(\s*orang\s*\)", "orang"), (r"\(\s*kk\s*\)", "KK"),
    (r"\brp\b|rupiah", "rupiah"), (r"%|persen", "persen"), (r"\(\s*ha\s*\)|hektar", "ha"),
    (r"\(\s*km2?\s*\)|km²", "km2"), (r"\(\s*ton\s*\)", "ton"), (r"\(\s*kg\s*\)", "kg"), (r"\(\s*unit\s*\)", "unit"),
]
YEAR_HEADERS = {"tahun", "thn", "year", "periode", "tahun_data"}
MONTH_HEADERS = {"bulan", "month", "bln"}
CODE_SHARE = 0.9  # of a column's distinct values found at one level: a region-code column
NAME_SHARE = 0.8  # of pairs whose name is the code's official name: the name column of that code
MAX_SUM_COLUMNS = 16  # numeric columns tried for a + b == c


@dataclass
class ColumnProposal:
    name: str
    header: str
    type: str
    required: bool
    unit: str | None = None
    minimum: float | None = None
    reference: str | None = None
    within: str | None = None
    pii: str | None = None  # why it must not be published


@dataclass
class Proposal:
    file: Path
    sheet: str | None
    title: str
    columns: list[ColumnProposal]
    melt: dict | None
    period: list[str]
    frequency: str
    key: list[str]
    sums: list[tuple[str, str, str]] = field(default_factory=list)  # a + b == c
    names: list[tuple[str, str]] = field(default_factory=list)  # (code column, name column)
    totals: bool = False  # the reader dropped total rows the spec can check
    rows: int = 0
    period_found: bool = True


def _unit(header: str) -> str | None:
    text = header.lower()
    return next((unit for pattern, unit in UNITS if re.search(pattern, text)), None)


def _pick(tables: list[Table]) -> Table:
    return max(tables, key=lambda t: (t.values.num_rows * max(1, len(t.columns))))


def _title(table: Table, path: Path) -> str:
    titles = [" ".join(dict.fromkeys(v.strip() for v in d.values if v and v.strip()))
              for d in table.dropped if d.reason == "title"]
    titles = [t for t in titles if t and not re.search(r"data contoh|sample data", t, re.I)]
    if titles:
        return re.sub(r"\s+", " ", titles[0]).strip().rstrip(".")[:160]
    stem = re.sub(r"[_\-]+", " ", path.stem)
    return re.sub(r"\s+", " ", stem).strip().title()


def _codes_level(values: list[str]) -> tuple[str, str, str | None] | None:
    """(system, level, within) when most distinct values are official codes of one level."""
    from pipelines.reference import lookup

    if not values:
        return None
    best = None
    for system in ("kemendagri", "bps"):
        units = [lookup(v, system) for v in values]
        by_level: dict[str, list] = {}
        for unit in units:
            if unit is not None:
                by_level.setdefault(unit.level, []).append(unit)
        for level, found in by_level.items():
            share = len(found) / len(values)
            if share >= CODE_SHARE and (best is None or share > best[0]):
                best = (share, system, level, _common_parent({u.parent for u in found}, system))
    return best[1:] if best else None


def _common_parent(parents: set[str | None], system: str) -> str | None:
    """The nearest unit every one of ``parents`` lies in (desa of several kecamatan: their kabupaten)."""
    from pipelines.reference import lookup

    while len(parents) > 1:
        units = [lookup(p, system) if p else None for p in parents]
        if any(u is None for u in units):
            return None
        parents = {u.parent for u in units}
    return parents.pop() if parents else None


def _name_pairs(table: pa.Table, code_col: str, system: str, candidates: list[str]) -> str | None:
    from pipelines.reference import normalize_code
    from pipelines.validate.rules.regions import _accepted_names, name_key

    pairs = table.select([code_col, *candidates]).group_by([code_col, *candidates]).aggregate([]).to_pylist()
    for name_col in candidates:
        good = total = 0
        for row in pairs:
            code, name = row[code_col], row[name_col]
            if code is None or name is None:
                continue
            known = _accepted_names(normalize_code(code, system), system)
            total += 1
            good += bool(known and name_key(name) in known[1])
        if total and good / total >= NAME_SHARE:
            return name_col
    return None


def _numbers(table: pa.Table, name: str, kind: str) -> pa.Array | None:
    """The column as numbers, or None when some cell is not one (then it is proposed as text)."""
    from pipelines.read.values import cast_column

    result = cast_column(table.column(name), kind)
    return None if result.bad else result.array


def _sums(typed: dict[str, pa.ChunkedArray]) -> list[tuple[str, str, str]]:
    """Every ``a + b == c`` that holds on every row where the three are filled (and on some row)."""
    names = list(typed)[:MAX_SUM_COLUMNS]
    found = []
    for total in names:
        for a, b in itertools.combinations([n for n in names if n != total], 2):
            if any(total in s[:2] or a == s[2] or b == s[2] for s in found):
                continue
            both = pc.add(pc.cast(typed[a], pa.float64()), pc.cast(typed[b], pa.float64()))
            diff = pc.abs(pc.subtract(both, pc.cast(typed[total], pa.float64())))
            filled = pc.sum(pc.is_valid(diff)).as_py() or 0
            if filled and pc.max(diff).as_py() < 0.5 and pc.sum(pc.greater(typed[total], 0)).as_py():
                found.append((a, b, total))
    return found


def _unique(table: pa.Table, columns: list[str]) -> bool:
    if not columns or table.num_rows == 0:
        return False
    counts = table.select(columns).group_by(columns).aggregate([([], "count_all")])
    return counts.num_rows == table.num_rows


def propose(path: Path, sheet: str | None = None) -> Proposal:
    """Read ``path`` and propose its spec (raises the reader's ReadError for a file it cannot read)."""
    from pipelines.spec import Melt
    from pipelines.validate.pii import scan_table

    result = read(path, ReadOptions(sheet=sheet))
    if not result.tables:
        from pipelines.read import ReadError

        raise ReadError(str(path), "Berkas tidak berisi tabel data.", "The file holds no data table.", code="no-data")
    table = _pick(result.tables)
    melt = None
    if table.wide and table.melt_candidates:
        cand = table.melt_candidates[0]
        melt = {"columns": cand.pattern, "into": cand.into, "value": cand.value}
        opts = ReadOptions(sheet=table.sheet, melt=Melt(**melt))
        table = next(t for t in read(path, opts).tables if t.sheet == table.sheet)
    values = table.values
    headers = {c.name: c.header for c in table.columns}
    rows = (table.row_numbers + 1).tolist()
    pii = {}
    for problem in scan_table(values, rows=rows, headers=headers):
        name = next((n for n, h in headers.items() if h == problem.column), problem.column)
        pii.setdefault(name, problem.code)
    columns: list[ColumnProposal] = []
    typed: dict[str, pa.ChunkedArray] = {}
    from pipelines.typed import ROW_NUMBER_HEADERS

    for info in table.columns:
        if normalise_header(info.header) in ROW_NUMBER_HEADERS:
            continue  # officers' row numbering is never data
        col = values.column(info.name)
        kind = info.type
        prop = ColumnProposal(name=info.name, header=info.header, type=kind, required=col.null_count == 0,
                              unit=_unit(info.header), pii=pii.get(info.name))
        if kind in ("integer", "number"):
            numbers = _numbers(values, info.name, kind)
            if numbers is None:
                prop.type = "string"
            else:
                typed[info.name] = numbers
                smallest = pc.min(numbers).as_py()
                if smallest is not None and smallest >= 0:
                    prop.minimum = 0
        if prop.type == "string" and prop.pii is None:
            distinct = pc.unique(col.drop_null()).to_pylist()[:2000]
            found = _codes_level([str(v) for v in distinct]) if distinct else None
            if found:
                system, level, within = found
                prop.reference, prop.within = f"{system}.{level}", within
        columns.append(prop)
    names = []
    strings = [c.name for c in columns if c.type == "string" and not c.reference and not c.pii]
    for prop in columns:
        if prop.reference:
            partner = _name_pairs(values, prop.name, prop.reference.split(".")[0], strings)
            if partner:
                names.append((prop.name, partner))
    period, frequency, period_found = _period(columns, values)
    public = [c.name for c in columns if not c.pii]
    codes = [c.name for c in columns if c.reference]
    present = [p for p in period if p in values.column_names]
    key = next((k for k in ([*present, *codes[:1]], [*present, *[n for _, n in names][:1]], codes[:1],
                            [*present, *strings[:1]], [*present, *strings[:2]]) if k and _unique(values, k)), [])
    sums = _sums({n: a for n, a in typed.items() if n in public and n not in period})
    return Proposal(file=path, sheet=table.sheet, title=_title(table, path), columns=columns, melt=melt,
                    period=period, frequency=frequency, key=key, sums=sums, names=names,
                    totals=any(d.reason in ("total", "subtotal") for d in table.dropped),
                    rows=values.num_rows, period_found=period_found)


def _period(columns: list[ColumnProposal], values: pa.Table) -> tuple[list[str], str, bool]:
    by_name = {normalise_header(c.name): c for c in columns}
    year = next((c for n, c in by_name.items() if n in YEAR_HEADERS or n.startswith("tahun")), None)
    month = next((c for n, c in by_name.items() if n in MONTH_HEADERS), None)
    if year is not None and month is not None and month.type == "integer":
        return [year.name, month.name], "bulanan", True
    if year is not None:
        return [year.name], "tahunan", True
    dates = [c for c in columns if c.type == "date"]
    if dates:
        days = pc.unique(values.column(dates[0].name).drop_null()).to_pylist()
        monthly = days and all(str(d).endswith("-01") for d in days)
        return [dates[0].name], "bulanan" if monthly else "tahunan", True
    return ["tahun"], "tahunan", False
