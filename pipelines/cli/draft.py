"""`satudata draft FILE`: a complete dataset spec proposal from an officer's file, for the walidata to
review and save as datasets/<opd>/<name>.yaml (no YAML written by hand)."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("draft", help="propose a dataset spec from a file / usulkan spesifikasi dari berkas")
    p.add_argument("file", type=Path)
    p.add_argument("--opd", help="the OPD slug (default: the inbox/<opd>/ folder the file is in)")
    p.add_argument("--sheet", help="the sheet to read (default: the biggest table)")
    p.add_argument("-o", "--output", type=Path, help="write the spec here (default: print it)")
    p.set_defaults(func=run)


def opd_of(path: Path, given: str | None) -> str:
    if given:
        return given
    parent = path.resolve().parent
    return parent.name if parent.parent.name == "inbox" else "diskominfo"


def run(args) -> int:
    from pipelines.draft import draft
    from pipelines.read import ReadError

    if not args.file.is_file():
        print(f"Berkas tidak ditemukan / file not found: {args.file}")
        return 2
    try:
        proposal, text = draft(args.file, opd_of(args.file, args.opd), sheet=args.sheet)
    except ReadError as err:
        print(f"{args.file.name}: {err.message_id}\n{args.file.name}: {err.message_en}")
        return 2
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        hidden = [c.name for c in proposal.columns if c.pii]
        print(f"Usulan spesifikasi / spec proposal: {args.output}")
        if hidden:
            print(f"Tidak diterbitkan (data pribadi) / not published (personal data): {', '.join(hidden)}")
        print(f"Periksa / check: satudata check {args.file} --spec {args.output}")
    else:
        print(text, end="")
    return 0
