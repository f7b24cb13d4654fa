"""Every file of the hostile corpus through the real ``satudata check`` (a subprocess held to an
address-space limit): each gets an answer (exit 0/1 with a report, or exit 2 with a bilingual
reason whose code the case expects), with no traceback and no crash. Times are printed by
``python -m tests.hostile.hostile_harness`` for the README, never asserted."""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hostile_corpus import FINE, Case, cases, write_corpus
from hostile_harness import ROOT, check

CASES = cases()
GOOD = next(c for c in CASES if c.name == "kepala_keluarga_baik.csv")
# the same good file reached by odd paths: climbing with ../, and a path over 300 bytes
PATH_CASES = [Case("relative ../ path", GOOD.data, GOOD.answers, "a relative path climbing up from the project"),
              Case("path over 300 bytes", GOOD.data, GOOD.answers, "three 100-byte folders")]


def _paths(folder: Path) -> dict[str, Path]:
    paths = dict(zip((c.name for c in CASES), write_corpus(folder), strict=True))
    deep = folder.joinpath(*(["d" * 100] * 3))
    deep.mkdir(parents=True)
    (deep / "kepala_keluarga.csv").write_bytes(GOOD.data)
    paths["path over 300 bytes"] = deep / "kepala_keluarga.csv"
    paths["relative ../ path"] = Path(os.path.relpath(paths[GOOD.name], ROOT))
    assert str(paths["relative ../ path"]).startswith("..") and len(bytes(paths["path over 300 bytes"])) > 300
    return paths


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    paths = _paths(tmp_path_factory.mktemp("hostile"))
    with ThreadPoolExecutor(max_workers=2) as pool:  # two cores, shared
        return dict(zip(paths, pool.map(check, paths.values()), strict=True))


def _id(case: Case) -> str:
    return re.sub(r"[^\w.-]", "_", case.name)[:40]


def test_the_corpus_is_large_and_small():
    assert len(CASES) + len(PATH_CASES) >= 60
    assert sum(len(c.data) for c in CASES) < 8 * 1024 * 1024  # generated small, nothing big on disk for long


@pytest.mark.parametrize("case", CASES + PATH_CASES, ids=_id)
def test_each_file_gets_an_answer_without_a_traceback(answers, case):
    ans = answers[case.name]
    assert "Traceback" not in ans.stderr, ans.stderr[-3000:]
    assert ans.returncode in (0, 1, 2), (ans.returncode, ans.stderr[-2000:])
    assert ans.report is not None, ans.stdout[-2000:]
    problems = ans.report["problems"]
    if ans.returncode == 2:
        first = problems[0]
        assert first["message_id"] and first["message_en"] and first["message_id"] != first["message_en"]
        assert first["code"] in case.answers, (first["code"], first["message_en"])
    else:
        assert FINE in case.answers, problems[:3]


def test_peak_memory_of_the_whole_process_tree_stays_under_one_gib(answers):
    worst = max(answers, key=lambda name: answers[name].peak)
    assert answers[worst].peak < 1024**3, (worst, answers[worst].peak)
