"""Which dataset does an officer's file belong to?

First by its file name (the spec's ``source.match`` patterns, case-insensitive, optionally limited to
the OPD whose folder it came from), then, when no pattern fits, by its columns.
"""

from __future__ import annotations

import fnmatch
import logging
from pathlib import Path

from pipelines.spec import DatasetSpec

log = logging.getLogger(__name__)


def by_name(path: Path, specs: list[DatasetSpec], opd: str | None = None) -> list[DatasetSpec]:
    name = path.name.lower()
    return [
        s for s in specs
        if (opd is None or s.organization == opd)
        and any(fnmatch.fnmatch(name, pattern.lower()) for pattern in s.source.match)
    ]


def by_columns(path: Path, specs: list[DatasetSpec]) -> list[DatasetSpec]:
    """Specs all of whose required columns (and most of whose columns) the file has, best first.
    A file the reader cannot read fits none (a reader bug too: logged with its traceback)."""
    from pipelines.read import ReadError, read
    from pipelines.typed import match_columns

    try:
        result = read(path)
    except ReadError:
        return []
    except Exception:
        log.exception("%s: the reader failed while matching columns", path)
        return []
    scored = []
    for spec in specs:
        required = {c.name for c in spec.schema.columns if c.required} or {c.name for c in spec.schema.columns}
        best = 0.0
        for table in result.tables:
            found = match_columns(spec, [c.name for c in table.columns], [c.header for c in table.columns])
            if required <= set(found):
                best = max(best, len(found) / len(spec.schema.columns))
        if best >= 0.75:
            scored.append((best, spec))
    scored.sort(key=lambda pair: -pair[0])
    return [s for _, s in scored]


def find_spec(path: Path, specs: list[DatasetSpec], opd: str | None = None,
              content: Path | None = None) -> DatasetSpec | None:
    """The one spec this file belongs to, or None when there is none or it is ambiguous. ``content``:
    where its bytes are read from when not ``path`` itself (the inbox's snapshot)."""
    candidates = by_name(path, specs, opd)
    if len(candidates) == 1:
        return candidates[0]
    pool = candidates or [s for s in specs if opd is None or s.organization == opd]
    ranked = by_columns(content or path, pool)
    return ranked[0] if ranked else None
