"""The report as text, JSON and one self-contained HTML page."""

import json
import re

from pipelines.validate.render import group_by_rule, per_column, render_html, render_json, render_text
from pipelines.validate.report import Problem, Report


def problem(code, row, column, rule, severity="block", value="1"):
    return Problem(
        code=code,
        severity=severity,
        row=row,
        column=column,
        value=value,
        rule=rule,
        message_id=f"pesan {code} {row}",
        message_en=f"message {code} {row}",
        hint_id=f"saran {code}",
        hint_en=f"hint {code}",
    )


REPORT = Report(
    file="penduduk-2024.xlsx",
    dataset="disdukcapil/penduduk-per-kecamatan",
    sheet="Rekap",
    rows=4,
    problems=[
        problem("cross-field-mismatch", 3, "Jumlah", "laki_laki + perempuan == jumlah"),
        problem("cross-field-mismatch", 5, "Jumlah", "laki_laki + perempuan == jumlah"),
        problem("change-too-large", 4, "Jumlah", "year_on_year", severity="warn"),
        problem("row-count", None, None, "row_count", value="3"),
        problem("pii-column", None, "No <HP>", "pii"),
    ],
)


def test_groups_blocking_first_then_by_size_named_in_words():
    assert [(title, len(items)) for title, items in group_by_rule(REPORT, REPORT.problems)] == [
        (("Laki laki + Perempuan = Jumlah",) * 2, 2),
        (("Jumlah baris sesuai", "The number of rows is as expected"), 1),
        (("Tidak ada data pribadi (NIK, nomor KK, NPWP, telepon, e-mail)",
          "No personal data (NIK, family card number, NPWP, phone, e-mail)"), 1),
        (("Perubahan dari periode sebelumnya wajar", "Change from the previous period is plausible"), 1),
    ]


def test_a_spec_rule_is_titled_with_the_officers_headers():
    report = REPORT.model_copy(update={"stats": {"titles": {
        "laki_laki + perempuan == jumlah": ["Laki-laki + Perempuan = Jumlah"] * 2}}})
    assert group_by_rule(report, report.problems)[0][0] == ("Laki-laki + Perempuan = Jumlah",) * 2


def test_per_column_counts_whole_file_problems_apart():
    assert per_column(REPORT.problems) == [("Jumlah", 3), ("(seluruh berkas)", 1), ("No <HP>", 1)]


def test_text_starts_with_the_verdict_and_lists_every_problem():
    text = render_text(REPORT)
    assert text.startswith("Ditolak: tidak ada yang dipublikasikan. Perbaiki berkas ini, lalu kirim lagi.\n"
                           "Berkas: penduduk-2024.xlsx [Rekap]")
    assert "menghalangi: 4 | peringatan: 1" in text
    assert text.count("pesan ") == 5 and "message" not in text
    assert "== Laki laki + Perempuan = Jumlah (2)" in text
    assert "] cross-field-mismatch" not in text  # codes stay in the JSON


def test_text_in_english_and_in_both():
    assert render_text(REPORT, lang="en").startswith("Refused: nothing was published")
    both = render_text(REPORT, lang="both")
    assert both.count("pesan ") == 5 and both.count("message ") == 5


def test_text_of_a_clean_report():
    text = render_text(Report(file="/srv/inbox/dinkes/ok.csv", rows=4))
    assert text.startswith("Diterima: boleh dipublikasikan.\nBerkas: ok.csv") and "Tidak ada masalah." in text
    assert "/srv/inbox" not in text


def test_an_accepted_answer_says_where_it_was_published():
    link = "http://portal.example/dataset/ok"
    text = render_text(Report(file="ok.csv", rows=4), link=link)
    assert text.startswith(f"Diterima dan diterbitkan: {link}.")
    assert f'href="{link}"' in render_html(Report(file="ok.csv", rows=4), link=link)


def test_json_round_trips_the_problems():
    data = json.loads(render_json(REPORT))
    assert data["valid"] is False and data["summary"]["blocking"] == 4
    assert [(p["row"], p["column"], p["code"]) for p in data["problems"]] == REPORT.flatten()


def test_html_is_one_self_contained_page_summary_first():
    html = render_html(REPORT)
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "<script" not in html
    summary, chart, groups = html.index('class="summary"'), html.index("<svg"), html.index('class="group"')
    assert summary < chart < groups
    assert html.count('<section class="group">') == 4


def test_html_chart_has_one_bar_per_column():
    html = render_html(REPORT)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<rect") == 3 and "Jumlah: 3" in svg


def test_html_escapes_what_officers_wrote():
    html = render_html(REPORT)
    assert "No <HP>" not in html and "No &lt;HP&gt;" in html


def test_html_in_english_carries_indonesian_too():
    html = render_html(REPORT, lang="en")
    assert 'lang="en"' in html and "Refused: nothing was published" in html and "Ditolak: tidak ada" in html
    assert "<code>cross-field-mismatch</code>" not in html
    assert "message cross-field-mismatch 3" in html and "pesan cross-field-mismatch 3" in html
