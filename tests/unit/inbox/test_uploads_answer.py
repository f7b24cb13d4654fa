"""The short message posted on an upload."""

from pipelines.uploads.answer import message
from pipelines.validate.report import Problem, Report

SUM = Problem(code="rule-failed", row=24, column="Jumlah", message_id="Jumlah salah di baris 24.",
              message_en="Wrong total on row 24.")


def test_accepted_names_rows_dataset_and_link():
    report = Report(file="f.xlsx", dataset="disdukcapil/penduduk", rows=16)
    text = message("diterima", report, "http://portal/dataset/penduduk")
    assert text.startswith("Diterima: 16 baris untuk dataset disdukcapil/penduduk.")
    assert "Published: http://portal/dataset/penduduk" in text


def test_accepted_but_not_published_says_so():
    text = message("diterima", Report(file="f.xlsx", dataset="d/p", rows=1), "")
    assert "Belum diterbitkan" in text and "Not published" in text


def test_rejected_counts_blocking_problems_and_quotes_the_first():
    warn = Problem(code="x", severity="warn", message_id="catatan", message_en="note")
    text = message("ditolak", Report(file="f.xlsx", problems=[warn, SUM]), "")
    assert text.startswith("Ditolak: 1 masalah menghalangi penerbitan, mis. Jumlah salah di baris 24.")
    assert "e.g. Wrong total on row 24." in text


def test_a_damaged_answer_never_stops_the_other_answers_from_being_posted(tmp_path, monkeypatch):
    import json

    from pipelines.inbox.handins import answer_path
    from pipelines.resources import Workspace
    from pipelines.uploads import answer
    from pipelines.uploads.ledger import Entry, Ledger

    ws = Workspace(root=str(tmp_path))
    ledger = Ledger(ws.inbox)
    for rid, body in (("r1", '{"status": "diter'), ("r2", json.dumps({"status": "ditolak", "report": {}})),
                      ("r3", json.dumps({"status": "diterima", "report": {"file": "c.csv"}}))):
        path = ws.inbox / "dinkes" / "portal" / rid / "f.csv"
        path.parent.mkdir(parents=True)
        path.write_text("a;b\n", encoding="utf-8")
        answer_path(path).write_text(body, encoding="utf-8")
        ledger.put(Entry(resource_id=rid, opd="dinkes", package_id="p", version="v", sha256=rid * 32,
                         path=str(path.relative_to(ws.inbox)), filename="f.csv"))
    monkeypatch.setattr(answer, "public_link", lambda portal, report: "")
    monkeypatch.setattr(answer, "_report_resources", lambda portal, package, rid: {})
    monkeypatch.setattr(answer, "_put", lambda *args: {})

    class Portal:
        url = "http://portal"

        def call(self, action, data, **kwargs):
            return {}

    posted = answer.post_answers(Portal(), ws, ledger)
    assert [p.resource_id for p in posted] == ["r3"]  # r1 damaged, r2 without a valid report: both wait
    assert sorted(e.resource_id for e in ledger.unanswered()) == ["r1", "r2"]


def test_the_answer_on_the_upload_page_says_status_counts_and_links_first():
    from pipelines.uploads import answer
    from pipelines.uploads.staging import REPORT_HTML, REPORT_XLSX

    problem = Problem(code="below-minimum", row=18, column="Posyandu", message_id="negatif", message_en="negative")
    report = Report(file="f.csv", dataset="dinkes/x", problems=[problem])
    text = answer.summary("ditolak", "Ditolak: ... / Rejected: ...", report,
                          {REPORT_HTML: "http://p/r.html", REPORT_XLSX: "http://p/f.laporan.xlsx", "dataset": ""})
    first, *_rest = text.splitlines()
    assert first.startswith("**DITOLAK**")
    assert "1 menghalangi / blocking" in text
    assert "(http://p/r.html)" in text and "(http://p/f.laporan.xlsx)" in text and "portal /" not in text
