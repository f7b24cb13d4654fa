"""One bad hand-in never stops the inbox: each of the files that once stopped every pass is dropped
beside good files, in one `inbox --once` pass (no portal). Every file gets its own answer, the good
ones are accepted in the same pass, and tracebacks go to the log, never into an officer's answer."""

from __future__ import annotations

import json
import logging

import pytest

from pipelines.inbox.handins import answer_path
from pipelines.inbox.trial import try_inbox
from pipelines.spec import project_root

GOOD = project_root() / "samples" / "dinkes" / "fasilitas_kesehatan_desa_2024.csv"
# 261 bytes: an XML Spreadsheet 2003 saved as .xls whose merge width is a word (once a ValueError in the reader)
XML_XLS = (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           b'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="a"><Table><Row>'
           b'<Cell ss:MergeAcross="dua"><Data>x</Data></Cell></Row></Table></Worksheet></Workbook>')
LONG = "fasilitas_kesehatan_desa_2021_" + "revisi_" * 30 + "final.csv"  # 249 bytes


def good(year: int) -> bytes:
    return GOOD.read_bytes().replace(b"2024", str(year).encode())


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(scope="module")
def passed(tmp_path_factory):
    source = tmp_path_factory.mktemp("hostile-source")
    files = {
        "good": (GOOD.name, GOOD.read_bytes()),
        "xml-named": ("fasilitas_kesehatan_desa_2025.xls", XML_XLS),
        "xml-unnamed": ("rekap_rapat.xls", XML_XLS.replace(b"x</Data>", b"y</Data>")),
        "damaged-answer": ("fasilitas_kesehatan_desa_2023.csv", good(2023)),
        "long-name": (LONG, good(2021)),
        "reader-bug": ("fasilitas_kesehatan_desa_2022.csv", good(2022)),
        "take-bug": ("fasilitas_kesehatan_desa_2020.csv", good(2020)),
        "checks-bug": ("fasilitas_kesehatan_desa_2019.csv", good(2019)),
    }
    for name, content in files.values():
        (source / name).write_bytes(content)
    work = tmp_path_factory.mktemp("hostile-inbox")
    inbox = work / "inbox" / "dinkes"
    inbox.mkdir(parents=True)
    (inbox / "fasilitas_kesehatan_desa_2023.csv.laporan.json").write_text('{"status": "diter', encoding="utf-8")

    import pipelines.check
    import pipelines.match

    real_read, real_find, real_type = pipelines.check.read, pipelines.match.find_spec, pipelines.check.type_table

    def buggy_read(path, options=None):
        if path.read_bytes() == good(2022):
            raise RuntimeError("reader bug: secret cell 6409012345670001")
        return real_read(path, options)

    def buggy_find(path, *args, **kwargs):
        if path.name == "fasilitas_kesehatan_desa_2020.csv":
            raise KeyError("bug while matching")
        return real_find(path, *args, **kwargs)

    def buggy_type(spec, values, *args, **kwargs):
        if "2019" in str(values.column(0)[0]):
            raise IndexError("bug while typing")
        return real_type(spec, values, *args, **kwargs)

    log = Collect()
    logging.getLogger().addHandler(log)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(pipelines.check, "read", buggy_read)
            mp.setattr(pipelines.match, "find_spec", buggy_find)
            mp.setattr(pipelines.check, "type_table", buggy_type)
            trial = try_inbox(source, work)
    finally:
        logging.getLogger().removeHandler(log)
    second = try_inbox(None, work)  # the next pass, the bugs gone
    return {"trial": trial, "second": second, "files": {k: inbox / name for k, (name, _) in files.items()},
            "log": log.records}


def answer(passed, key) -> dict:
    return passed["trial"].answers[passed["files"][key]]


def codes(answer_: dict) -> list[str]:
    return [p["code"] for p in answer_["report"]["problems"] if p["severity"] == "block"]


def test_every_file_gets_its_own_answer_in_the_same_pass(passed):
    statuses = {key: (answer(passed, key) or {}).get("status") for key in passed["files"]}
    assert statuses == {"good": "diterima", "xml-named": "ditolak", "xml-unnamed": "tidak-dikenal",
                        "damaged-answer": "diterima", "long-name": "diterima", "reader-bug": "ditolak",
                        "take-bug": "gagal", "checks-bug": "gagal"}
    assert len(passed["trial"].outcomes) == len(passed["files"])


def test_a_reader_error_that_is_not_a_read_error_refuses_the_file(passed):
    # the reader now refuses this file itself (a ReadError); an injected reader bug still takes the other path
    assert codes(answer(passed, "xml-named")) == ["damaged-file"]
    assert codes(answer(passed, "reader-bug")) == ["unreadable-file"]


def test_a_damaged_answer_is_written_again_whole(passed):
    path = answer_path(passed["files"]["damaged-answer"])
    assert json.loads(path.read_text(encoding="utf-8"))["status"] == "diterima"
    assert not list(path.parent.glob(".satudata-*.tmp")), "no temporary answer left behind"


def test_a_long_name_is_answered_under_a_name_that_fits(passed):
    path = answer_path(passed["files"]["long-name"])
    assert path.name != passed["files"]["long-name"].name + ".laporan.json"
    assert len(path.name.encode()) <= 255 and answer(passed, "long-name")["file"] == passed["files"]["long-name"].name


def test_a_failure_while_taking_a_file_in_is_answered_gagal_and_retried(passed):
    got = answer(passed, "take-bug")
    assert codes(got) == ["inbox-error"] and "KeyError" in got["report"]["problems"][0]["message_en"]
    assert not list((passed["trial"].workspace.quarantine / ".incoming").rglob("*.claim.json")), "no claim left"
    again = sorted(o.file for o in passed["second"].outcomes)
    assert again == sorted(str(passed["files"][k]) for k in ("take-bug", "checks-bug")), "only those run again"
    assert passed["second"].answers[passed["files"]["take-bug"]]["status"] == "diterima"


def test_a_failure_within_the_checks_is_answered_gagal_and_retried(passed):
    got = answer(passed, "checks-bug")
    assert codes(got) == ["run-failed"] and "could not be checked" in got["report"]["problems"][0]["message_en"]
    assert passed["second"].answers[passed["files"]["checks-bug"]]["status"] == "diterima"


def test_tracebacks_go_to_the_log_never_into_an_answer(passed):
    traced = {r.exc_info[0].__name__ for r in passed["log"] if r.exc_info}
    assert {"RuntimeError", "KeyError"} <= traced  # the injected bugs; the XML file is a clean refusal now
    answers = json.dumps([a for a in passed["trial"].answers.values() if a])
    assert "Traceback" not in answers and "6409012345670001" not in answers and "bug while matching" not in answers
