"""A :class:`~pipelines.draft.propose.Proposal` as a commented dataset spec: what a person must decide
is marked ``# PERIKSA / REVIEW``; personal-data columns are listed commented out with the reason."""

from __future__ import annotations

import json
import re

from pipelines.draft.propose import ColumnProposal, Proposal
from pipelines.spec import SLUG

REVIEW = "# PERIKSA / REVIEW"
PII_WORDS = {"pii-nik": "NIK/KK", "pii-npwp": "NPWP", "pii-phone": "nomor telepon / phone number",
             "pii-email": "e-mail", "pii-column": "judul kolom menyatakan data pribadi / header names personal data",
             "pii-more": "data pribadi / personal data"}
SECTOR_WORDS = [  # (words in a title, sektor)
    ("penduduk|kependudukan|keluarga|kk\\b", "kependudukan"), ("kesehatan|puskesmas|posyandu|gizi", "kesehatan"),
    ("sekolah|murid|guru|pendidikan|siswa", "pendidikan"), ("anggaran|apbd|realisasi|pendapatan", "keuangan"),
    ("bencana|banjir|longsor", "kebencanaan"),
]


def q(text: object) -> str:
    """A YAML scalar that reads back as the same string (JSON strings are YAML)."""
    return json.dumps(str(text), ensure_ascii=False)


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-")
    return s if SLUG.match(s or "") else "dataset-baru"


def _sector(title: str) -> str:
    from pipelines.spec import SEKTOR

    for pattern, sektor in SECTOR_WORDS:
        if re.search(pattern, title, re.I) and sektor in SEKTOR:
            return sektor
    return "pemerintahan"


def _column(c: ColumnProposal, period: list[str]) -> list[str]:
    lines = [f"    - name: {q(c.name)}", f"      type: {c.type}"]
    if c.required:
        lines.append("      required: true")
    if c.name in period and c.type == "integer" and len(period) == 1:
        lines += ["      min: 1900", "      max: 2100"]
    elif c.minimum is not None:
        lines.append(f"      min: {c.minimum:g}  # semua nilai >= 0 di berkas / all values >= 0 in the file")
    if c.unit:
        lines.append(f"      unit: {q(c.unit)}")
    if c.reference:
        lines.append(f"      reference: {c.reference}  # cocok dengan kode resmi / matches the official codes")
        if c.within:
            lines.append(f"      within: {q(c.within)}")
    lines.append(f"      headers: [{q(c.header)}]")
    words = c.header or c.name.replace("_", " ")
    lines.append(f"      description: {{id: {q(words)}, en: {q(words)}}}  {REVIEW}: terjemahkan / translate")
    return lines


def write_spec(p: Proposal, opd: str) -> str:
    """The spec proposal as YAML text."""
    name = slug(p.title)
    public = [c for c in p.columns if not c.pii]
    hidden = [c for c in p.columns if c.pii]
    title = p.title
    pattern = re.sub(r"\d{4}(-\d{4})?", "*", p.file.stem.lower())
    lines = [
        f"# Usulan spesifikasi dari / spec proposed from: {p.file.name} ({p.rows} baris / rows)",
        f"# Dibuat oleh / made by `satudata draft`. Baris bertanda {REVIEW.lstrip('# ')} perlu diputuskan orang.",
        f"# Periksa dengan / check with: satudata check {p.file.name} --spec <this file>",
        f"name: {name}  {REVIEW}: nama dataset di portal / the dataset's name on the portal",
        f"organization: {opd}",
        "title:",
        f"  id: {q(title)}  {REVIEW}",
        f"  en: {q(title)}  {REVIEW}: terjemahkan / translate",
        "description:",
        f"  id: {q(title + '. Sumber: ' + p.file.name)}  {REVIEW}",
        f"  en: {q(title + '. Source: ' + p.file.name)}  {REVIEW}: terjemahkan / translate",
        "source:",
        f"  match: [{q(pattern + p.file.suffix.lower())}]",
    ]
    if p.sheet:
        lines.append(f"  sheet: {q(p.sheet)}")
    if p.melt:
        lines += ["  melt:  # kolom tahun/bulan menjadi baris / year or month columns become rows",
                  f"    columns: {q(p.melt['columns'])}", f"    into: {p.melt['into']}",
                  f"    value: {p.melt['value']}"]
    period = q(p.period[0]) if len(p.period) == 1 else "[" + ", ".join(q(c) for c in p.period) + "]"
    note = "" if p.period_found else (f"  {REVIEW}: berkas tidak punya kolom periode; tambahkan kolom Tahun / "
                                      "the file has no period column: add a Tahun column")
    lines += [f"period: {{column: {period}, frequency: {p.frequency}}}{note}", "schema:"]
    if p.key:
        lines.append(f"  key: [{', '.join(q(k) for k in p.key)}]  # unik di berkas / unique in the file")
    lines.append("  columns:")
    for c in public:
        lines += _column(c, p.period)
    if not p.period_found:
        lines += ["    - name: tahun", "      type: integer", "      required: true",
                  f"      headers: [\"Tahun\"]  {REVIEW}: tidak ada di berkas / not in the file",
                  "      description: {id: Tahun data, en: Year of the data}"]
    for c in hidden:
        reason = PII_WORDS.get(c.pii, c.pii)
        lines.append(f"    # - name: {q(c.name)}  # TIDAK DITERBITKAN: berisi {reason} / NOT PUBLISHED: holds {reason}")
    rules = [f"  - {{check: {q(f'{a} + {b} == {t}')}, severity: block}}  # berlaku di semua baris / holds on every row"
             for a, b, t in p.sums]
    rules += [f"  - {{check: reference_name, column: {q(code)}, name: {q(label)}, severity: warn}}"
              for code, label in p.names]
    if p.totals:
        rules.append("  - {check: totals, severity: block}  # baris jumlah di berkas / the file has total rows")
    if rules:
        lines += ["rules:", *rules]
    unit = next((c.unit for c in public if c.unit), None)
    lines += [
        f"portal:  {REVIEW}: metadata Satu Data",
        "  license: cc-by",
        f"  sektor: {_sector(title)}",
        "  walidata: Diskominfo Kabupaten Penajam Paser Utara",
        f"  tingkat_penyajian: {_level(public)}",
        "  cakupan_wilayah: \"64.09\"",
        "  status_data: sementara",
        "  klasifikasi_akses: terbuka",
    ]
    if unit:
        lines.append(f"  satuan: {q(unit)}")
    return "\n".join(lines) + "\n"


def _level(columns: list[ColumnProposal]) -> str:
    levels = [c.reference.split(".")[1] for c in columns if c.reference]
    if "desa" in levels or "desa_kelurahan" in levels:
        return "desa_kelurahan"
    if "kecamatan" in levels:
        return "kecamatan"
    return "kabupaten"
