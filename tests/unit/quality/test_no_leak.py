"""No personal value from the PII corpus leaks whole into any output: text, JSON, HTML, files, logs."""

import logging
import re

import pyarrow as pa

from pipelines.validate.pii import scan_table
from pipelines.validate.render import render_html, render_json, render_text
from pipelines.validate.report import Problem, Report

from .test_pii import corpus


def secrets() -> list[str]:
    """What must never be shown: each personal value as typed, its digits, an e-mail's local part."""
    out = []
    for case in corpus():
        if case["expect"] == "none":
            continue
        value = case["value"]
        out.append(value)
        if case["expect"] == "email":
            out.append(re.search(r"[\w.+-]+(?=@)", value).group())
        else:
            out.append(re.sub(r"\D", "", value))
    return out


def test_no_value_leaks_into_any_output(tmp_path, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    cases = corpus()
    values = [c["value"] for c in cases]
    table = pa.table({"catatan": pa.array(values, pa.string()), "nik": pa.array(values, pa.string())})
    rows = list(range(5, len(values) + 5))
    problems = scan_table(table, rows=rows, headers={"catatan": "Catatan", "nik": "NIK"})
    positives = [c for c in cases if c["expect"] != "none"]
    found = [p for p in problems if p.column == "Catatan"]
    assert sum(int(p.value) if p.code == "pii-more" else 1 for p in found) == len(positives)
    # another check (say, a type check) echoing a raw cell must not leak it either
    problems.append(
        Problem(
            code="wrong-type",
            row=7,
            column="NIK",
            value=values[0],
            message_id=f"'{values[0]}' bukan bilangan",
            message_en=f"'{values[0]}' is not a number",
            rule="type",
        )
    )
    report = Report(file="hand-in.xlsx", dataset="disdukcapil/uji", rows=len(values), problems=problems)
    outputs = {"text": render_text(report, lang="both"), "json": render_json(report), "html": render_html(report)}
    for name, text in outputs.items():
        (tmp_path / f"report.{name}").write_text(text, encoding="utf-8")
    outputs.update({f"file:{p.name}": p.read_text(encoding="utf-8") for p in tmp_path.iterdir()})
    print(outputs["text"])
    outputs["stdout"] = capsys.readouterr().out
    outputs["logs"] = caplog.text
    for secret in secrets():
        for name, text in outputs.items():
            assert secret not in text, f"{secret!r} leaked into {name}"


def test_masked_values_keep_the_last_four_digits_for_the_officer():
    nik = next(c["value"] for c in corpus() if c["expect"] == "nik")
    table = pa.table({"catatan": [nik]})
    (problem,) = scan_table(table, rows=[2], headers={"catatan": "Catatan"})
    assert problem.value.endswith(nik[-4:]) and problem.value.count("*") == 12
    assert nik[-4:] in render_text(Report(file="f", problems=[problem]))


def test_a_masked_run_beside_a_value_does_not_let_it_leak():
    """``xxxx`` or ``****`` elsewhere in the cell switches nothing off, in the scan or in redaction."""
    positives = [c for c in corpus() if c["expect"] != "none"]
    values = [f"{marker} {c['value']}" for c in positives for marker in ("xxxx", "(****)")]
    table = pa.table({"catatan": pa.array(values, pa.string())})
    problems = scan_table(table, rows=list(range(2, len(values) + 2)), headers={"catatan": "Catatan"})
    more = sum(int(p.value) for p in problems if p.code == "pii-more")
    assert len({p.row for p in problems if p.row}) + more == len(values)
    echoed = [
        Problem(code="wrong-type", row=2, column="Catatan", value=v, message_id=f"'{v}' salah", message_en=f"'{v}' bad")
        for v in values
    ]
    report = Report(file="f", problems=problems + echoed)
    for text in (render_text(report, lang="both"), render_json(report), render_html(report)):
        for secret in secrets():
            assert secret not in text
