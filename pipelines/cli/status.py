"""`satudata status`: the walidata's view, per OPD each dataset with its frequency, last period
published, next due date, state (tepat waktu / terlambat / belum pernah dikirim), last quality verdict
and last hand-in answer. Read from the files the pipeline keeps (data/, landing/, quarantine/, inbox/).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

HEADERS = ("OPD", "dataset", "frekuensi / frequency", "periode terakhir / last period",
           "jatuh tempo / next due", "status", "mutu / quality", "jawaban terakhir / last answer")


def register(sub) -> None:
    p = sub.add_parser("status", help="who is late with what / siapa terlambat dengan apa (walidata)")
    p.add_argument("--json", action="store_true", help="as JSON")
    p.add_argument("--root", type=Path, help="folder holding data/, landing/, quarantine/ and inbox/ "
                                             "(default: the checkout, or SATUDATA_ROOT)")
    p.add_argument("--today", type=dt.date.fromisoformat, help="judge as of this day (YYYY-MM-DD)")
    p.set_defaults(func=run)


def _latest_json(paths) -> dict | None:
    newest = None
    for path in paths:
        try:
            mtime = path.stat().st_mtime
            if newest is None or mtime > newest[0]:
                newest = (mtime, path)
        except OSError:
            continue
    if newest is None:
        return None
    try:
        data = json.loads(newest[1].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {**data, "_when": dt.datetime.fromtimestamp(newest[0]).isoformat(timespec="minutes")} \
        if isinstance(data, dict) else None


def _verdict(report: dict | None) -> str | None:
    if not report:
        return None
    if not report.get("valid", True):
        return "ditolak / refused"
    codes = (report.get("summary") or {}).get("warnings")
    return "lolos dengan catatan / passed with warnings" if codes else "lolos / passed"


def rows(workspace, specs, today: dt.date) -> list[dict]:
    """One row per dataset, sorted by OPD then dataset."""
    from pipelines.parquet import published_periods
    from pipelines.walidata import standing

    answers: dict[str, list[Path]] = {}
    for path in workspace.inbox.glob("*/*.laporan.json") if workspace.inbox.is_dir() else []:
        try:
            dataset = (json.loads(path.read_text(encoding="utf-8")).get("report") or {}).get("dataset")
        except (OSError, ValueError, AttributeError):
            continue
        if dataset:
            answers.setdefault(dataset, []).append(path)
    out = []
    for spec in sorted(specs, key=lambda s: (s.organization, s.name)):
        periods = list(published_periods(spec, workspace.data))
        where = standing(spec.period.frequency, spec.period.due, periods, today)
        checked = [*workspace.landing.glob(f"{spec.organization}/{spec.name}/*/*.report.json"),
                   *[p for p in workspace.quarantine.glob(f"{spec.organization}/*.report.json")
                     if f'"dataset": "{spec.key}"' in p.read_text(encoding="utf-8", errors="replace")]]
        answer = _latest_json(answers.get(spec.key, []))
        out.append({"opd": spec.organization, "dataset": spec.name, "title": spec.title.id,
                    "frequency": spec.period.frequency, **where.as_dict(),
                    "quality": _verdict(_latest_json(checked)),
                    "last_answer": ({"status": answer.get("status"), "file": answer.get("file"),
                                     "when": answer["_when"]} if answer else None)})
    return out


def _table(items: list[dict]) -> str:
    lines = [[i["opd"], i["dataset"], i["frequency"], i["last_period"] or "-",
              f"{i['next_due'] or '-'} ({i['next_period'] or '-'})" if i["next_due"] else "-",
              f"{i['state_id']} / {i['state_en']}", i["quality"] or "-",
              f"{i['last_answer']['status']} {i['last_answer']['when']}" if i["last_answer"] else "-"]
             for i in items]
    widths = [max(len(str(r[c])) for r in [HEADERS, *lines]) for c in range(len(HEADERS))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*HEADERS), fmt.format(*("-" * w for w in widths)),
                      *(fmt.format(*r) for r in lines)])


def run(args) -> int:
    from pipelines.catalog import load_catalog
    from pipelines.resources import Workspace
    from pipelines.spec import project_root

    workspace = Workspace(root=str(args.root.resolve()) if args.root else "",
                          datasets_dir=str(project_root() / "datasets"))
    today = args.today or dt.date.today()
    items = rows(workspace, load_catalog(workspace.datasets).specs, today)
    if args.json:
        print(json.dumps({"today": today.isoformat(), "datasets": items}, ensure_ascii=False, indent=2))
    else:
        late = sum(i["state"] == "terlambat" for i in items)
        print(_table(items))
        print(f"\n{today.isoformat()}: {late} dari {len(items)} dataset terlambat / "
              f"{late} of {len(items)} datasets late")
    return 0
