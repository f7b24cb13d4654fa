"""The whole hostile corpus handed in at once through the inbox (`satudata inbox --once --no-publish`,
a subprocess held to an address-space limit): every file gets its own answer beside it, none is left
unanswered or failed, the good file among them is accepted, and the pass itself ends cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from hostile_corpus import cases, write_corpus
from hostile_harness import _WRAPPER, ADDRESS_SPACE, ROOT, TIMEOUT

from pipelines.inbox.archive import read_answer
from pipelines.inbox.handins import scan, skipped

ANSWERED = {"diterima", "ditolak", "tidak-dikenal"}


def test_the_corpus_through_the_inbox_each_file_answered(tmp_path):
    folder = tmp_path / "inbox" / "disdukcapil"
    written = write_corpus(folder)
    sample = ROOT / "samples/disdukcapil/kepala_keluarga_kecamatan_2021-2024.csv"
    good = folder / sample.name  # a good hand-in among them
    good.write_bytes(sample.read_bytes())
    old = time.time() - 60
    for path in [*written, good]:
        os.utime(path, (old, old))  # settled: copied in a minute ago
    satudata = Path(sys.executable).with_name("satudata")
    env = {**os.environ, "HOSTILE_TIMEOUT": str(TIMEOUT * 4)}
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(ADDRESS_SPACE), str(satudata), "inbox", "--once", "--no-publish",
         "--root", str(tmp_path)],
        capture_output=True, cwd=ROOT, env=env, timeout=TIMEOUT * 4 + 60)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    result = json.loads(done.stdout)
    assert result["returncode"] == 0, result["stderr"][-3000:]
    handed = {p.name for p in [*written, good] if not skipped(p.name)}  # hidden names (..csv) are no hand-ins
    assert len(handed) >= len(cases()) - 1
    answers = {found.path: read_answer(found.path) for found in scan(tmp_path / "inbox")}
    statuses = {path.name: (answer or {}).get("status") for path, answer in answers.items()}
    assert set(statuses) == handed
    assert {name: s for name, s in statuses.items() if s not in ANSWERED} == {}
    assert statuses[good.name] == "diterima"
    assert result["peak"] < 1024**3, result["peak"]  # the whole pass, every file in one process tree
