"""Wide tables (years, months, quarters or age groups as columns) and melting them to long form."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa

from pipelines.read.cells import one
from pipelines.read.dates import MONTHS
from pipelines.read.headers import normalise_header
from pipelines.read.model import ColumnInfo, MeltCandidate, ReadError

_MONTH_WORDS = "|".join(sorted({w for names in MONTHS.values() for w in names}, key=len, reverse=True))
FAMILIES = (
    ("tahun", r"(tahun\s*|th\.?\s*)?(19|20)\d\d"),
    ("bulan", rf"({_MONTH_WORDS})\.?(\s*(19|20)\d\d)?"),
    ("triwulan", r"(triwulan|tw|kuartal|q)\s*[-.]?\s*([ivx]+|\d)"),
    ("semester", r"(semester|smt)\s*[-.]?\s*([ivx]+|\d)"),
    ("kelompok_umur", r"(umur\s*|usia\s*)?(\d{1,3}\s*[-–]\s*\d{1,3}|\d{1,3}\s*\+|[<>≤≥]=?\s*\d{1,3}"
                      r"|\d{1,3}\s*(th|tahun)?\s*(ke\s*atas|keatas|lebih))(\s*(th|tahun))?"),
)
NUMERIC = ("integer", "number")


def family_of(header: str) -> str | None:
    """The family (``tahun``, ``bulan``, ...) a header names one member of, alone (``Maret``, ``2024``)."""
    text = " ".join(header.split())
    return next((into for into, pattern in FAMILIES if re.fullmatch(pattern, text, re.I)), None)


def _stem_groups(columns: list[ColumnInfo], pattern: str) -> dict[str, list[ColumnInfo]]:
    """Columns whose header is the family's key alone (stem ``""``) or the key before or after
    a text that repeats (``Jumlah Penduduk 2020``, ``Jumlah Penduduk 2021``: stem ``Jumlah Penduduk``)."""
    key = rf"(?:{pattern})"
    ends = re.compile(rf"(?P<stem>.*?)[\s:/,-]*\b{key}", re.I)
    starts = re.compile(rf"{key}\b[\s:/,-]*(?P<stem>.*)", re.I)
    groups: dict[str, list[ColumnInfo]] = {}
    for c in columns:
        if c.type not in (*NUMERIC, "string"):
            continue
        header = " ".join(c.header.split())
        found = ends.fullmatch(header) or starts.fullmatch(header)
        if found:
            groups.setdefault(found.group("stem").strip(), []).append(c)
    return groups


def melt_candidates(columns: list[ColumnInfo]) -> list[MeltCandidate]:
    found = []
    for into, pattern in FAMILIES:
        for stem, hits in _stem_groups(columns, pattern).items():
            hits = [c for c in hits if c.type in NUMERIC] if any(c.type in NUMERIC for c in hits) else hits
            runs = _age_runs(hits) if into == "kelompok_umur" else [hits]
            for run in runs:
                if len(run) < 2:
                    continue
                kept = [c.name for c in columns if c not in run]
                value = (normalise_header(stem) if stem else "") or "nilai"
                value = value if value not in kept else f"{value}_melt"
                name = into if into not in kept else f"{into}_melt"
                if len(runs) > 1:  # one grouping of several: name its headers, not the family
                    regex = "(" + "|".join(re.escape(" ".join(c.header.split())) for c in run) + ")"
                else:
                    regex = rf"{re.escape(stem)}\s*({pattern})" if stem else pattern
                found.append(MeltCandidate(columns=[c.name for c in run], headers=[c.header for c in run],
                                           into=name, value=value, pattern=regex, result=[*kept, name, value]))
    return found


_AGES = re.compile(r"(\d{1,3})(?:\s*[-–]\s*(\d{1,3}))?")


def _age_range(header: str) -> tuple[int | None, int | None]:
    """``05 - 09`` -> (5, 9); ``< 5`` -> (0, 4); ``75+``, ``≥ 75``, ``75 ke atas`` -> (75, 999)."""
    m = _AGES.search(header)
    if not m:
        return None, None
    n = int(m.group(1))
    if re.search(r"[<≤]", header):
        return 0, n if ("≤" in header or "<=" in header) else n - 1
    if m.group(2):
        return n, int(m.group(2))
    return n, 999 if re.search(r"\+|[>≥]|atas|lebih", header, re.I) else n


def _age_runs(hits: list[ColumnInfo]) -> list[list[ColumnInfo]]:
    """Age-group columns split where a group starts at or below the end of the one before: two
    groupings side by side (0-4, 5-9 ... 75+, then 3-4, 6-11 ... school ages) would count people
    twice in one melt."""
    runs: list[list[ColumnInfo]] = []
    last_end = None
    for c in hits:
        lo, hi = _age_range(c.header)
        if not runs or lo is None or last_end is None or lo <= last_end:
            runs.append([c])
        else:
            runs[-1].append(c)
        last_end = hi
    return runs


def varying_part(headers: list[str]) -> list[str]:
    """The headers without the words they all share at the start and the end:
    ``Jumlah 2020``, ``Jumlah 2021`` -> ``2020``, ``2021``."""
    words = [h.split() for h in headers]
    if len(words) < 2 or not all(words):
        return list(headers)
    lead = 0
    while all(len(w) > lead + 1 for w in words) and len({w[lead].lower() for w in words}) == 1:
        lead += 1
    tail = 0
    while all(len(w) > lead + tail + 1 for w in words) and len({w[-1 - tail].lower() for w in words}) == 1:
        tail += 1
    return [" ".join(w[lead : len(w) - tail]) for w in words]


def header_row_labels(columns: list[ColumnInfo]) -> list[ColumnInfo]:
    """A text column headed ``Tahun`` beside year columns labels the header row, not its own
    cells (``Tahun | 2018 | 2019``): it is renamed ``uraian`` so that melting can use ``tahun``."""
    out = list(columns)
    for into, pattern in FAMILIES:
        rx = re.compile(pattern, re.I)
        if sum(1 for c in columns if rx.fullmatch(c.header.strip()) and c.type in NUMERIC) < 2:
            continue
        for i, c in enumerate(out):
            if c.name == into and c.type == "string":
                name = "uraian" if all(x.name != "uraian" for x in out) else f"uraian_{i + 1}"
                out[i] = ColumnInfo(name, "", c.type)
    return out


def melt_columns(columns: list[ColumnInfo], pattern: str) -> list[int]:
    """Indices of the columns the spec's ``melt.columns`` regex names (full match on the header
    or the name, case-insensitive; a partial match only when nothing matches fully)."""
    rx = re.compile(pattern, re.I)
    full = [i for i, c in enumerate(columns) if rx.fullmatch(c.header.strip()) or rx.fullmatch(c.name)]
    return full or [i for i, c in enumerate(columns) if rx.search(c.header) or rx.search(c.name)]


def melt(values: pa.Table, columns: list[ColumnInfo], row_numbers: np.ndarray, melt_spec, file: str):
    """-> (arrays, indices of the columns kept as they are, row_numbers, value_headers) in long
    form: one row per (row, melted column), row by row in file order; the last two arrays are the
    melted headers (their varying part) and the cells; ``value_headers[i]`` is the full header as
    written of row ``i``'s cell. Column infos are rebuilt by the caller (types re-inferred)."""
    chosen = melt_columns(columns, melt_spec.columns)
    if not chosen:
        raise ReadError(
            file,
            f"Kolom yang akan diubah ke bentuk panjang (pola {melt_spec.columns!r}) tidak ditemukan.",
            f"No column matches the melt pattern {melt_spec.columns!r}.",
            code="melt-columns-not-found",
        )
    keep = [i for i in range(len(columns)) if i not in chosen]
    n, k = values.num_rows, len(chosen)
    repeat = pa.array(np.repeat(np.arange(n), k))
    arrays = [values.column(i).take(repeat) for i in keep]
    labels = np.array(varying_part([columns[i].header for i in chosen]), dtype=object)
    arrays.append(pa.array(np.tile(labels, n).tolist(), pa.string()))
    stacked = pa.concat_arrays([one(values.column(i)) for i in chosen])
    order = (np.arange(k)[None, :] * n + np.arange(n)[:, None]).ravel()
    arrays.append(stacked.take(pa.array(order)))
    rows = np.repeat(np.asarray(row_numbers, dtype=np.int64), k)
    headers = [columns[i].header for i in chosen] * n
    return arrays, keep, rows, headers
