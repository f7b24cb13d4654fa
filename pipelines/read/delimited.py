"""CSV and TSV: encoding and delimiter detected, every cell read as text by pyarrow.csv.

Rows with fewer cells than the widest row (a title, a ``Sumber:`` note) are put back at their own
row, so that row numbers stay those of the file. Files pyarrow cannot place row by row (quoted
line breaks together with short rows) are read with the standard library instead.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from pipelines.read.cells import one
from pipelines.read.clean import NULL_TOKENS
from pipelines.read.filebytes import WINDOW, FileBytes
from pipelines.read.grid import Grid
from pipelines.read.limits import DEFAULT, Limits, too_many_cells, too_many_columns
from pipelines.read.sniff import HEAD, damaged

BOM = b"\xef\xbb\xbf"
DELIMITERS = ("\t", ";", "|", ",")  # preferred in this order when several fit
SAMPLE_LINES = 60
BLOCK_SIZE = 8 * 1024 * 1024


def decode(data: bytes) -> tuple[str, bytes]:
    """Detect the encoding of a file that is not UTF-8 with a BOM (:func:`read_text` reads those
    as they are); return it with the data as UTF-8 bytes (a UTF-16 BOM removed)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", data.decode("utf-16").encode("utf-8")
    try:
        data.decode("utf-8")
        return "utf-8", data
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            return encoding, data.decode(encoding).encode("utf-8")
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def _utf8_head(raw: bytes) -> bool:
    """The first 64 KiB are UTF-8 (a character cut at the end is allowed)."""
    try:
        raw[:HEAD].decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start >= min(len(raw), HEAD) - 3


def _valid_utf8(raw: FileBytes) -> bool:
    """The whole file is UTF-8. Checked before pyarrow parses it: a short row holding a byte that
    is not UTF-8 makes pyarrow's row handler fail (an error printed, and the file refused) instead
    of the file being read as cp1252. Windows without a byte over 0x7f (most of them) are skipped."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    array = raw.array()
    try:
        for at in range(0, len(array), WINDOW):
            window = array[at : at + WINDOW]
            if decoder.getstate()[0] or window.max() >= 0x80:
                decoder.decode(window.tobytes())
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(sample: str) -> str:
    lines = [ln for ln in sample.splitlines() if ln.strip()][:SAMPLE_LINES]
    if not lines:
        return ","
    scores = {}
    for delim in DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        mode, hits = Counter(counts).most_common(1)[0]
        if mode >= 2:
            scores[delim] = hits / len(counts)
    if not scores:
        return ","
    consistent = [d for d in DELIMITERS if scores.get(d, 0) >= 0.6]
    if consistent:
        return consistent[0]
    return max(scores, key=scores.__getitem__)


def read_text(path: Path, limits: Limits = DEFAULT, slow_ok: bool = True) -> tuple[str, str, str, Grid | None]:
    """-> (format, encoding, delimiter, grid). UTF-8 (with or without BOM) is parsed straight
    from the file's bytes, without a copy (pyarrow skips the BOM and checks the UTF-8 as it
    parses); other encodings are converted to UTF-8 first. The grid is None when the file needs
    the csv module (quoted line breaks beside short rows) and ``slow_ok`` is false."""
    raw = FileBytes.read(path)
    first = raw[:HEAD]
    begin = 0  # where row 0 starts in ``data``: after a BOM
    if first.startswith(BOM):
        encoding, data, begin = "utf-8-sig", raw, len(BOM)
    elif not first.startswith((b"\xff\xfe", b"\xfe\xff")) and _utf8_head(first) and _valid_utf8(raw):
        encoding, data = "utf-8", raw
    else:
        encoding, data = decode(raw.to_bytes())
    head = data[begin : begin + HEAD].decode("utf-8", errors="ignore")
    delimiter = sniff_delimiter(head)
    fmt = "tsv" if delimiter == "\t" else "csv"
    head_rows = list(csv.reader(io.StringIO(head), delimiter=delimiter))
    if len(data) - begin > HEAD and head_rows:
        head_rows = head_rows[:-1]  # the last one may be cut in half
    width = max((len(r) for r in head_rows), default=1) or 1
    if width > limits.columns:
        raise too_many_columns(path, width, limits)
    try:
        grid = _read_arrow(data, delimiter, width, begin, path, limits)
    except pa.ArrowInvalid as exc:
        if encoding == "utf-8" and "utf8" in str(exc).lower().replace("-", ""):
            encoding, data = decode(raw.to_bytes())  # not UTF-8 after all, further down the file
            grid = _read_arrow(data, delimiter, width, 0, path, limits)
        else:
            raise damaged(path, str(exc).splitlines()[0][:120]) from exc
    if grid is None:
        if not slow_ok:
            return fmt, encoding, delimiter, None
        grid = _read_python(data[begin:], delimiter, path, limits)  # bytes either way
    grid.raw_head = head_rows
    return fmt, encoding, delimiter, grid


def _read_arrow(data, delimiter: str, width: int, begin: int, path: Path, limits: Limits) -> Grid | None:
    """``data``: the file as UTF-8 (bytes, or :class:`FileBytes`); row 0 starts at ``begin``
    (after a BOM)."""
    short: list[str] = []

    def keep_short(row: pcsv.InvalidRow) -> str:
        short.append(row.text)
        return "skip"

    names = [f"f{i}" for i in range(width)]
    quoted = data.find(b'"') >= 0
    # Without quotes, row i is line i: dashes can be nulled while parsing (fast), and a row's
    # cells as written recounted from its line when layout detection asks.
    nulls = [""] if quoted else ["", *NULL_TOKENS]
    table = pcsv.read_csv(
        pa.BufferReader(data.buffer if isinstance(data, FileBytes) else pa.py_buffer(data)),  # skips a BOM
        # big blocks: a few chunks per column instead of dozens (cheaper to walk; parses as fast)
        read_options=pcsv.ReadOptions(column_names=names, block_size=BLOCK_SIZE),
        parse_options=pcsv.ParseOptions(
            delimiter=delimiter,
            newlines_in_values=quoted,
            ignore_empty_lines=False,
            invalid_row_handler=keep_short,
        ),
        convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=True,
            null_values=nulls,
            quoted_strings_can_be_null=True,
        ),
    )
    columns = [table.column(i) for i in range(width)]
    if quoted:
        # physical lines are not rows here: short rows are placed by the csv module
        return None if short else Grid(None, columns)
    grid = _put_back(data, delimiter, columns, short, begin, path, limits) if short else Grid(None, columns)
    if grid is not None:
        grid.nulled = True
        grid.filled_counts = _LineCounter(data, delimiter, grid.n_rows, begin)
    return grid


class _LineCounter:
    """Non-empty cells of given rows, counted on the file's lines (files without quotes).
    Rows near either end are found by scanning from that end; others through a line index."""

    EDGE = 2000

    def __init__(self, data, delimiter: str, n_rows: int, begin: int = 0):
        self.data, self.delimiter, self.n, self.begin = data, delimiter.encode(), n_rows, begin
        self.starts: np.ndarray | None = None

    def _line(self, r: int) -> bytes:
        data = self.data
        if self.starts is not None:
            return data[max(self.starts[r], self.begin) : self.starts[r + 1] - 1]
        if r < self.EDGE:
            start = self.begin
            for _ in range(r):
                start = data.find(b"\n", start) + 1
            end = data.find(b"\n", start)
            return data[start : len(data) if end < 0 else end]
        end = len(data) - 1 if data[-1:] == b"\n" else len(data)
        for _ in range(self.n - 1 - r):
            end = data.rfind(b"\n", 0, end)
        return data[max(data.rfind(b"\n", 0, end) + 1, self.begin) : end]

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        near = all(r < self.EDGE or r >= self.n - self.EDGE for r in rows.tolist())
        if not near and self.starts is None:
            self.starts = np.append(_line_starts(self.data), len(self.data) + 1)
        out = np.zeros(len(rows), dtype=np.int64)
        for k, r in enumerate(rows.tolist()):
            line = self._line(r).rstrip(b"\r\n")
            out[k] = sum(1 for cell in line.split(self.delimiter) if cell.strip())
        return out


def _put_back(data, delimiter: str, columns: list, short: list[str], begin: int, path: Path, limits: Limits
              ) -> Grid | None:
    """Insert the rows pyarrow skipped at their own line numbers."""
    starts = _line_starts(data)
    n_rows = len(starts) - (1 if data[-1:] == b"\n" else 0)
    if len(columns[0]) + len(short) != n_rows:
        return None
    positions: list[int] = []
    seen: Counter[str] = Counter()
    for text in short:
        needle = text.encode("utf-8")
        at, skip = -1, seen[text]
        pos = 0
        while True:
            at = data.find(needle, max(pos, begin))
            if at < 0:
                return None
            if (at == begin or data[at - 1] == 10) and _line_ends_at(data, at + len(needle)):
                if skip == 0:
                    break
                skip -= 1
            pos = at + 1
        seen[text] += 1
        positions.append(int(np.searchsorted(starts, at, side="right")) - 1)
    parsed = [[None if c.strip() in NULL_TOKENS else c for c in r] for r in csv.reader(short, delimiter=delimiter)]
    width = max(len(columns), max(len(r) for r in parsed))
    if width > limits.columns:
        raise too_many_columns(path, width, limits)
    extra = [pa.array([r[c] if c < len(r) else None for r in parsed], pa.string()) for c in range(width)]
    base = [pc.cast(c, pa.string()) for c in columns] + [
        pa.nulls(len(columns[0]), pa.string()) for _ in range(width - len(columns))
    ]
    combined = [pa.concat_arrays([one(b), e]) for b, e in zip(base, extra, strict=True)]
    short_at = np.array(positions, dtype=np.int64)
    is_short = np.zeros(n_rows, dtype=bool)
    is_short[short_at] = True
    order = np.empty(n_rows, dtype=np.int64)
    order[~is_short] = np.arange(len(columns[0]))
    order[short_at] = len(columns[0]) + np.arange(len(short))
    index = pa.array(order)
    return Grid(None, [c.take(index) for c in combined])


def _line_starts(data) -> np.ndarray:
    buf = data.array() if isinstance(data, FileBytes) else np.frombuffer(data, dtype=np.uint8)
    return np.concatenate([[0], np.flatnonzero(buf == 10) + 1])


def _line_ends_at(data: bytes, end: int) -> bool:
    return end >= len(data) or data[end] in (10, 13)


def _read_python(data: bytes, delimiter: str, path: Path, limits: Limits) -> Grid:
    """Every row through the csv module (quoted line breaks and short rows together)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=delimiter))
    width = max((len(r) for r in rows), default=0)
    if width > limits.columns:
        raise too_many_columns(path, width, limits)
    if width * len(rows) > limits.cells:
        raise too_many_cells(path, len(rows), width, limits)
    return Grid.from_rows(None, [[c if c != "" else None for c in r] for r in rows])
