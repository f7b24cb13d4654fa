"""Problems found in an officer's file, as values.

Every check in the project (reading, typing, Great Expectations, quality rules, the PII guard)
answers with :class:`Problem` values collected in a :class:`Report`. A problem carries a stable
kebab-case ``code``, a ``severity`` (``block``: nothing is published; ``warn``: published and
flagged), the ``row`` as the officer's spreadsheet shows it (1-based; ``None`` for whole-file
problems), the ``column`` header as written in the file, the offending ``value`` (masked when it
is personal data), and the message and hint in Indonesian and English.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["block", "warn"]


class Problem(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity = "block"
    row: int | None = None
    column: str | None = None
    value: str | None = None
    message_id: str
    message_en: str
    hint_id: str | None = None
    hint_en: str | None = None
    rule: str | None = Field(None, description="the spec rule or expectation that found it")
    count: int = Field(1, description="how many cells or rows this problem stands for (see fold)")
    rows: list[int] | None = Field(None, description="the first rows of a folded problem")

    def flat(self) -> tuple[int | None, str | None, str]:
        return (self.row, self.column, self.code)


FOLD_AT = 10  # more problems than this of one code in one column become one problem
FOLD_SHOWN = 5  # rows named in a folded problem


def fold(problems: list[Problem]) -> list[Problem]:
    """Consequential problems folded: when one rule fails on more than FOLD_AT rows of one column,
    the officer gets one problem with the count and the first rows, not a page per row. The folded
    problem keeps the first one's code, severity, row and column; its messages say how many rows
    and which come first. Problems without a row are never folded."""
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        if p.row is not None:
            groups.setdefault((p.code, p.column, p.rule, p.severity), []).append(p)
    folded: dict[int, Problem] = {}
    dropped: set[int] = set()
    for group in groups.values():
        if len(group) <= FOLD_AT:
            continue
        first = group[0]
        rows = [p.row for p in group[:FOLD_SHOWN]]
        shown = ", ".join(str(r) for r in rows)
        n = sum(p.count for p in group)
        folded[id(first)] = first.model_copy(update={
            "count": n, "rows": rows,
            "message_id": f"{n} baris bermasalah seperti ini (baris {shown}, ...). Yang pertama: {first.message_id}",
            "message_en": f"{n} rows have this problem (rows {shown}, ...). The first: {first.message_en}",
        })
        dropped.update(id(p) for p in group[1:])
    return [folded.get(id(p), p) for p in problems if id(p) not in dropped]


class Report(BaseModel):
    """All problems of one file (or one table of it) against one dataset spec."""

    file: str
    dataset: str | None = None
    sheet: str | None = None
    rows: int = 0
    problems: list[Problem] = Field(default_factory=list)
    stats: dict[str, Any] = Field(default_factory=dict)

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "block"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warn"]

    @property
    def valid(self) -> bool:
        """May this file be published? (warnings do not stop it)"""
        return not self.blocking

    def add(self, *problems: Problem) -> None:
        self.problems.extend(problems)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def flatten(self, fields: tuple[str, ...] = ("row", "column", "code")) -> list[tuple[Any, ...]]:
        """One tuple per problem: makes a test assertion one line."""
        return [tuple(getattr(p, f) for f in fields) for p in self.problems]

    def by_code(self) -> Counter[str]:
        return Counter(p.code for p in self.problems)

    def summary(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "dataset": self.dataset,
            "rows": self.rows,
            "valid": self.valid,
            "blocking": len(self.blocking),
            "warnings": len(self.warnings),
            "codes": dict(self.by_code()),
        }
