"""`satudata inbox --once`: process what was handed in, once, with the sensors' own code (for cron,
or a try): fetch the portal's new uploads (when a portal is configured), run the inbox, answer."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("inbox", help="process files handed in to inbox/<opd>/ / proses berkas masuk")
    p.add_argument("--once", action="store_true", required=True, help="process what is there now, then stop")
    p.add_argument("--root", type=Path, help="folder holding inbox/, landing/, quarantine/ and data/ "
                                             "(default: the checkout)")
    p.add_argument("--inbox", type=Path, help="inbox folder (default: inbox/ under the root)")
    p.add_argument("--no-publish", action="store_true",
                   help="stop at Parquet; do not publish (portal uploads are then not fetched)")
    p.set_defaults(func=run)


def run(args) -> int:
    import logging

    from pipelines.inbox.handins import printable
    from pipelines.resources import Workspace
    from pipelines.spec import project_root
    from pipelines.uploads.cycle import inbox_once

    say = logging.getLogger("pipelines.uploads")  # fetch/answer/skip lines; other loggers stay as they are
    say.setLevel(logging.INFO)
    say.addHandler(logging.StreamHandler())
    root = args.root.resolve() if args.root else None
    workspace = Workspace(
        root=str(root or ""),
        datasets_dir=str(project_root() / "datasets"),
        inbox_dir=str(args.inbox.resolve()) if args.inbox else "inbox",
        publish=not args.no_publish,
    )
    result = inbox_once(workspace)
    for upload in result.fetched:
        print(f"{'diunduh':<14} {printable(str(upload.path))}  <-  portal resource {upload.resource_id}")
    for o in result.outcomes:
        print(f"{o.status:<14} {printable(o.file)}  ->  {o.kept or '-'}")
    for p in result.posted:
        print(f"{'dijawab':<14} portal resource {p.resource_id}: {p.status}")
    if not (result.outcomes or result.fetched or result.posted):
        print("Tidak ada berkas baru / no new files.")
    return 0
