"""A :class:`Report` as text (the CLI), JSON (machines, the portal) and one self-contained HTML page.

Every value, message and hint passes through :func:`pipelines.validate.pii.redact` on the way out,
whichever check produced it: a report never shows personal data whole.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipelines.validate.pii import redact_problem, region_codes
from pipelines.validate.report import Problem, Report
from pipelines.validate.rule_words import problem_title

TEMPLATE = "render.html.j2"
WHOLE_FILE = {"id": "(seluruh berkas)", "en": "(whole file)"}
LABELS = {
    "id": {
        "valid": "Diterima: boleh dipublikasikan",
        "invalid": "Ditolak: tidak ada yang dipublikasikan. Perbaiki berkas ini, lalu kirim lagi",
        "published": "Diterima dan diterbitkan",
        "checked": "Yang diperiksa",
        "file": "Berkas",
        "dataset": "Dataset",
        "sheet": "Lembar",
        "rows": "Baris data",
        "block": "menghalangi",
        "warn": "peringatan",
        "row": "Baris",
        "column": "Kolom",
        "value": "Nilai",
        "hint": "Saran",
        "none": "Tidak ada masalah.",
        "problems": "Masalah",
        "by_column": "Masalah per kolom",
    },
    "en": {
        "valid": "Accepted: may be published",
        "invalid": "Refused: nothing was published. Fix this file, then send it again",
        "published": "Accepted and published",
        "checked": "What was checked",
        "file": "File",
        "dataset": "Dataset",
        "sheet": "Sheet",
        "rows": "Data rows",
        "block": "blocking",
        "warn": "warning",
        "row": "Row",
        "column": "Column",
        "value": "Value",
        "hint": "Hint",
        "none": "No problems.",
        "problems": "Problems",
        "by_column": "Problems per column",
    },
}


def safe_problems(report: Report) -> list[Problem]:
    """The report's problems with any personal data masked: use these wherever problems are shown
    (Dagster metadata, the portal), not ``report.problems``."""
    codes = region_codes()
    return [redact_problem(p, codes) for p in report.problems]


def group_by_rule(report: Report, problems: list[Problem]) -> list[tuple[tuple[str, str], list[Problem]]]:
    """Problems grouped under the check that found them, named in words (Indonesian, English):
    blocking groups first, then by size."""
    titles = report.stats.get("titles") or {}
    groups: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        title = tuple(titles[p.rule]) if p.rule in titles else problem_title(p.code, p.rule)
        groups.setdefault(title, []).append(p)
    return sorted(groups.items(), key=lambda kv: (all(p.severity == "warn" for p in kv[1]), -len(kv[1]), kv[0]))


def file_name(report: Report) -> str:
    """The file as the officer named it: never a path on the server."""
    return Path(report.file).name


def verdict(report: Report, lang: str, link: str | None = None) -> str:
    words = LABELS[lang]
    if not report.valid:
        return words["invalid"]
    return f"{words['published']}: {link}" if link else words["valid"]


def per_column(problems: list[Problem], lang: str = "id") -> list[tuple[str, int]]:
    counts = Counter(p.column or WHOLE_FILE[lang] for p in problems)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _message(p: Problem, lang: str) -> str:
    return p.message_en if lang == "en" else p.message_id


def _hint(p: Problem, lang: str) -> str | None:
    return p.hint_en if lang == "en" else p.hint_id


def render_text(report: Report, *, lang: str = "id", link: str | None = None) -> str:
    """Plain text for a terminal: the verdict first, then the problems grouped by the check that found
    them, then what was checked. ``lang``: ``"id"`` (default), ``"en"`` or ``"both"``. No codes and no
    server paths: those are for machines (:func:`render_json`)."""
    langs = ("id", "en") if lang == "both" else (lang,)
    words = LABELS[langs[0]]
    problems = safe_problems(report)
    where = file_name(report) + (f" [{report.sheet}]" if report.sheet else "")
    lines = [f"{verdict(report, lg, link)}." for lg in langs]
    lines += [
        f"{words['file']}: {where}",
        f"{words['dataset']}: {report.dataset or '-'} | {words['rows']}: {report.rows} | "
        f"{words['block']}: {len([p for p in problems if p.severity == 'block'])} | "
        f"{words['warn']}: {len([p for p in problems if p.severity == 'warn'])}",
    ]
    if not problems:
        lines.append(words["none"])
    for title, items in group_by_rule(report, problems):
        lines.append("")
        heading = title[0] if langs == ("id",) else title[1] if langs == ("en",) else " / ".join(dict.fromkeys(title))
        lines.append(f"== {heading} ({sum(p.count for p in items)})")
        for p in items:
            place = ", ".join(
                x
                for x in (
                    f"{words['row']} {p.row}" if p.row else "",
                    f"{words['column']} '{p.column}'" if p.column else "",
                )
                if x
            )
            lines.append(f"  [{words[p.severity]}]" + (f" {place}" if place else ""))
            for lg in langs:
                lines.append(f"    {_message(p, lg)}")
                hint = _hint(p, lg)
                if hint:
                    lines.append(f"    {LABELS[lg]['hint']}: {hint}")
    checked = report.stats.get("checked") or []
    if checked:
        lines += ["", f"{' / '.join(LABELS[lg]['checked'] for lg in langs)}:"]
        for item in checked:
            lines.append("  - " + " / ".join(dict.fromkeys(item[0 if lg == "id" else 1] for lg in langs)))
    return "\n".join(lines) + "\n"


def report_dict(report: Report) -> dict[str, Any]:
    problems = safe_problems(report)
    return {
        "summary": report.summary(),
        "file": report.file,
        "dataset": report.dataset,
        "sheet": report.sheet,
        "rows": report.rows,
        "valid": report.valid,
        "stats": report.stats,
        "problems": [p.model_dump() for p in problems],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2, default=str)


def _chart(counts: list[tuple[str, int]], limit: int = 15) -> dict[str, Any]:
    """Bar geometry for the inline SVG: one bar per column, longest first."""
    shown = counts[:limit]
    top = max((n for _, n in shown), default=1)
    bar_h, gap, label_w, bar_w = 18, 6, 180, 320
    bars = [
        {
            "label": label if len(label) <= 28 else label[:27] + "…",
            "title": label,
            "count": n,
            "y": i * (bar_h + gap),
            "width": max(2, round(bar_w * n / top)),
        }
        for i, (label, n) in enumerate(shown)
    ]
    return {
        "bars": bars,
        "bar_h": bar_h,
        "label_w": label_w,
        "bar_w": bar_w,
        "height": max(1, len(bars)) * (bar_h + gap),
        "more": len(counts) - len(shown),
    }


def render_html(report: Report, *, lang: str = "id", link: str | None = None) -> str:
    """One self-contained page (inline CSS and SVG, no external assets): the verdict and counts,
    then the problems grouped by rule, with a chart of problems per column. Messages in ``lang``
    (``"id"`` or ``"en"``), each followed by the other language."""
    other = "en" if lang == "id" else "id"
    problems = safe_problems(report)
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(TEMPLATE).render(
        report=report,
        lang=lang,
        other=other,
        words=LABELS[lang],
        other_words=LABELS[other],
        file_name=file_name(report),
        verdict=verdict(report, lang, link),
        other_verdict=verdict(report, other, link),
        link=link,
        checked=report.stats.get("checked") or [],
        groups=group_by_rule(report, problems),
        blocking=sum(p.severity == "block" for p in problems),
        warnings=sum(p.severity == "warn" for p in problems),
        chart=_chart(per_column(problems, lang)),
        message=_message,
        hint=_hint,
    )
