"""What the ``table`` asset hands on to ``parquet`` and ``portal``."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from pipelines.validate.report import Report


@dataclass
class CheckedTable:
    """The typed table and where it came from. Loaded back for a blocked table, ``table`` and
    ``report`` are None (nothing of a refused file is stored) and ``blocked`` says how many
    blocking problems its report had.

    ``inputs``: the hashes the outcome depends on (pipelines.fingerprint), stored with it. ``reused``:
    the run found the same inputs stored and did not read or check the file again; ``table`` is then
    None in the ``table`` asset (its Parquet is already stored, and the next asset loads it from there).
    """

    table: pa.Table | None
    file: str
    sha256: str
    report: Report | None
    blocked: int = 0
    inputs: dict[str, str] | None = None
    reused: bool = False

    @property
    def passed(self) -> bool:
        has_rows = self.table is not None or self.reused
        return has_rows and not self.blocked and (self.report is None or self.report.valid)
