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

    def flat(self) -> tuple[int | None, str | None, str]:
        return (self.row, self.column, self.code)


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
