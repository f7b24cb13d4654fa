"""`satudata draft`: a dataset spec proposed from an officer's file (:mod:`.propose` reads the file,
:mod:`.write` words the spec). Only rules that hold in the file itself are proposed: each candidate is
checked against the file and dropped when it fails there."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from pipelines.draft.propose import Proposal, propose
from pipelines.draft.write import write_spec

__all__ = ["draft", "propose", "write_spec"]


def _failing_rules(text: str, path: Path) -> set[str]:
    from pipelines.check import check_file
    from pipelines.spec import load_spec

    with tempfile.TemporaryDirectory() as folder:
        spec_path = Path(folder) / "draft.yaml"
        spec_path.write_text(text, encoding="utf-8")
        report = check_file(load_spec(spec_path, in_tree=False), path).report
    return {p.rule for p in report.problems if p.rule}


def draft(path: Path, opd: str, sheet: str | None = None) -> tuple[Proposal, str]:
    """The proposal and its YAML text, with only the rules that hold in ``path``."""
    proposal = propose(path, sheet=sheet)
    failing = _failing_rules(write_spec(proposal, opd), path)
    proposal = replace(
        proposal,
        sums=[s for s in proposal.sums if f"{s[0]} + {s[1]} == {s[2]}" not in failing],
        names=[] if "reference_name" in failing else proposal.names,
        totals=proposal.totals and "totals" not in failing,
    )
    return proposal, write_spec(proposal, opd)
