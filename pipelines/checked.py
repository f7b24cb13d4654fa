"""What the ``table`` asset hands on to ``parquet`` and ``portal``."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from pipelines.validate.report import Report


@dataclass
class CheckedTable:
    """The typed table and where it came from. Loaded back for a blocked table, ``table`` and
    ``report`` are None (nothing of a refused file is stored) and ``blocked`` says how many
    blocking problems its report had."""

    table: pa.Table | None
    file: str
    sha256: str
    report: Report | None
    blocked: int = 0

    @property
    def passed(self) -> bool:
        return self.table is not None and not self.blocked and (self.report is None or self.report.valid)
