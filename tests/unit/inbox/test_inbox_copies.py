"""Hand-ins judged within their own OPD, and copies of earlier hand-ins answered with the earlier outcome."""

import hashlib
import json
import os
import time

from pipelines.inbox.handins import HandIn, scan
from pipelines.inbox.process import run_request
from pipelines.inbox.take import ANSWERED, CLAIMED, Rules, take
from pipelines.resources import Workspace
from pipelines.spec import load_specs, project_root
from pipelines.uploads.duplicates import DUPLICATE, earlier_outcome
from pipelines.validate.render import render_json
from pipelines.validate.report import Problem, Report

SPECS = load_specs(project_root() / "datasets")


def workspace(tmp_path) -> Workspace:
    return Workspace(root=str(tmp_path), datasets_dir=str(project_root() / "datasets"), publish=False)


def hand_in(ws: Workspace, opd: str, name: str, content: bytes = b"kode;jumlah\n1;2\n") -> HandIn:
    path = ws.inbox / opd / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.utime(path, (time.time() - 60, time.time() - 60))  # settled
    return HandIn(path, opd, hashlib.sha256(content).hexdigest())


def take_all(ws: Workspace):
    return {t.found.path: t for t in (take(ws, SPECS, f, Rules(by="once")) for f in scan(ws.inbox))}


def archive(folder, handin, report: Report):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{handin.sha256}.csv").write_bytes(handin.path.read_bytes())
    (folder / f"{handin.sha256}.report.json").write_text(render_json(report), encoding="utf-8")


def test_content_another_opd_handed_in_is_still_new_for_this_opd(tmp_path):
    ws = workspace(tmp_path)
    theirs = hand_in(ws, "disdukcapil", "fasilitas_kesehatan_desa_2024.csv")
    archive(ws.quarantine / "disdukcapil", theirs, Report(file="x"))
    mine = hand_in(ws, "dinkes", "fasilitas_kesehatan_desa_2024.csv")
    theirs.path.unlink()
    assert earlier_outcome(ws, mine) is None
    assert take_all(ws)[mine.path].state == CLAIMED


def test_run_key_carries_the_opd():
    ws = Workspace(root="/nonexistent")
    spec = next(s for s in SPECS if s.organization == "dinkes")
    handin = HandIn(path=ws.inbox / "dinkes" / "f.csv", opd="dinkes", sha256="f" * 64)
    assert run_request(spec, handin, ("table",)).run_key == f"dinkes/{'f' * 64}/0"  # 0: no failed run yet


def test_a_copy_of_an_accepted_file_is_answered_accepted_with_a_note(tmp_path):
    ws = workspace(tmp_path)
    first = hand_in(ws, "dinkes", "fasilitas_kesehatan_desa_2024.csv")
    archive(ws.landing / "dinkes" / "fasilitas-kesehatan-desa" / "2024", first, Report(file="x", rows=54))
    first.path.with_name(first.path.name + ".laporan.json").write_text(
        json.dumps({"status": "diterima", "sha256": first.sha256}), encoding="utf-8")
    copy = hand_in(ws, "dinkes", "salinan_fasilitas_kesehatan.csv")
    taken = take_all(ws)
    assert (taken[copy.path].state, taken[copy.path].status) == (ANSWERED, "diterima")
    answer = json.loads(copy.path.with_name(copy.path.name + ".laporan.json").read_text(encoding="utf-8"))
    assert answer["status"] == "diterima"
    assert [p["code"] for p in answer["report"]["problems"]] == [DUPLICATE]
    assert answer["report"]["rows"] == 54


def test_a_copy_of_a_rejected_file_gets_the_earlier_problems(tmp_path):
    ws = workspace(tmp_path)
    first = hand_in(ws, "dinkes", "a.csv")
    negative = Problem(code="below-minimum", row=18, column="Posyandu", value="-3", message_id="negatif",
                       message_en="negative")
    archive(ws.quarantine / "dinkes", first, Report(file="a.csv", problems=[negative]))
    copy = hand_in(ws, "dinkes", "b.csv")
    status, report, kept = earlier_outcome(ws, copy)
    assert status == "ditolak"
    assert report.flatten() == [(18, "Posyandu", "below-minimum"), (None, None, DUPLICATE)]
    assert kept == ws.quarantine / "dinkes" / f"{first.sha256}.csv"


def test_a_copy_of_an_unknown_file_is_unknown_again(tmp_path):
    ws = workspace(tmp_path)
    first = hand_in(ws, "dinkes", "a.csv")
    unknown = Problem(code="unknown-dataset", message_id="tidak dikenal", message_en="unknown")
    archive(ws.quarantine / "dinkes", first, Report(file="a.csv", problems=[unknown]))
    copy = hand_in(ws, "dinkes", "b.csv")
    assert earlier_outcome(ws, copy)[0] == "tidak-dikenal"
