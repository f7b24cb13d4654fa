"""The ledger of fetched and answered uploads survives a restart and knows what is unanswered."""

from pipelines.uploads.ledger import LEDGER_NAME, Entry, Ledger


def entry(rid: str, sha: str = "a" * 64, answered: str = "") -> Entry:
    return Entry(resource_id=rid, opd="dinkes", package_id="p1", version="v1", sha256=sha,
                 path=f"dinkes/portal/{rid}/f.csv", filename="f.csv", answered=answered)


def test_entries_survive_a_restart(tmp_path):
    Ledger(tmp_path).put(entry("r1"))
    again = Ledger(tmp_path)
    assert again.get("r1") == entry("r1")
    assert (tmp_path / LEDGER_NAME).is_file()


def test_unanswered_lists_entries_whose_current_content_has_no_answer(tmp_path):
    ledger = Ledger(tmp_path)
    ledger.put(entry("done", sha="b" * 64, answered="b" * 64))
    ledger.put(entry("new"))
    ledger.put(entry("replaced", sha="c" * 64, answered="b" * 64))  # a new version was fetched since
    assert sorted(e.resource_id for e in ledger.unanswered()) == ["new", "replaced"]


def test_the_ledger_sits_where_the_inbox_scan_does_not_look(tmp_path):
    from pipelines.inbox.handins import scan

    (tmp_path / "dinkes").mkdir()
    Ledger(tmp_path).put(entry("r1"))
    assert scan(tmp_path) == []
