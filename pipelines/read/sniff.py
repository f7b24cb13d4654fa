"""What a file really is, from its bytes (never its extension), and the files we refuse.

Refusals are quick and use bounded memory: only the first bytes, a zip's central directory, or an
OLE2 file's directory names are looked at before anything is decompressed.
"""

from __future__ import annotations

import mmap
import re
import zipfile
from pathlib import Path

from pipelines.read.limits import DEFAULT, Limits, zip_bomb
from pipelines.read.model import ReadError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = (b"PK\x03\x04", b"PK\x05\x06")
HEAD = 64 * 1024
_HTML = re.compile(rb"<\s*(html|table|!doctype\s+html|meta|head|body)\b", re.I)
_MAGIC_OTHER = {
    b"%PDF": ("PDF", "PDF"),
    b"\x1f\x8b": ("gzip", "gzip"),
    b"\x89PNG": ("gambar PNG", "a PNG image"),
    b"\xff\xd8\xff": ("gambar JPEG", "a JPEG image"),
    b"Rar!": ("arsip RAR", "a RAR archive"),
    b"7z\xbc\xaf": ("arsip 7z", "a 7z archive"),
}


def refuse(path: Path | str, code: str, message_id: str, message_en: str) -> ReadError:
    return ReadError(str(path), message_id, message_en, code=code)


def not_a_table(path: Path | str, what_id: str = "", what_en: str = "") -> ReadError:
    is_id = f" (berkas ini {what_id})" if what_id else ""
    is_en = f" (this file is {what_en})" if what_en else ""
    return refuse(
        path,
        "unknown-format",
        f"Berkas bukan lembar kerja atau CSV yang bisa dibaca{is_id}. Kirim .xlsx, .xls, .ods atau .csv.",
        f"The file is not a spreadsheet or CSV we can read{is_en}. Send .xlsx, .xls, .ods or .csv.",
    )


def damaged(path: Path | str, detail: str = "") -> ReadError:
    extra = f" ({detail})" if detail else ""
    return refuse(
        path,
        "damaged-file",
        f"Berkas rusak atau terpotong dan tidak bisa dibaca{extra}. Simpan ulang lalu kirim lagi.",
        f"The file is damaged or truncated and cannot be read{extra}. Save it again and resend it.",
    )


def encrypted(path: Path | str) -> ReadError:
    return refuse(
        path,
        "encrypted-file",
        "Berkas dilindungi kata sandi. Buka kuncinya (hapus kata sandi), simpan, lalu kirim lagi.",
        "The file is password-protected. Remove the password, save it and send it again.",
    )


def sniff(path: Path, limits: Limits = DEFAULT) -> str:
    """``xlsx``, ``ods``, ``xls``, ``xls-html``, ``xls-xml`` or ``text`` (csv/tsv, decided by the
    text reader). A zip's declared sizes are checked here; its real ones while it is read
    (:mod:`pipelines.read.zipcheck`)."""
    size = path.stat().st_size
    if size == 0:
        raise refuse(path, "empty-file", "Berkas kosong (0 byte).", "The file is empty (0 bytes).")
    with open(path, "rb") as fh:
        head = fh.read(HEAD)
    if head.startswith(ZIP):
        return _zip_kind(path, limits)
    if head.startswith(OLE2):
        return _ole2_kind(path, size)
    for magic, (what_id, what_en) in _MAGIC_OTHER.items():
        if head.startswith(magic):
            raise not_a_table(path, what_id, what_en)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 text, as Excel's "Unicode Text" saves it
    text_start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text_start.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "xls-xml"  # XML Spreadsheet 2003, saved by web applications as .xls
    if text_start.startswith(b"<") and _HTML.search(head):
        return "xls-html"
    if not looks_like_text(head):
        raise not_a_table(path, "data biner", "binary data")
    return "text"


def looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    return controls <= max(2, len(head) // 1000)


def _zip_kind(path: Path, limits: Limits) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            check_zip_bomb(path, infos, limits)
            if "xl/workbook.xml" in names or any(n.startswith("xl/worksheets/") for n in names):
                return "xlsx"
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:100]
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise damaged(path, "zip") from exc
    if "EncryptionInfo" in names:
        raise encrypted(path)
    raise not_a_table(path, "arsip zip", "a zip archive")


def check_zip_bomb(path: Path, infos: list[zipfile.ZipInfo], limits: Limits = DEFAULT) -> None:
    """From the sizes the zip's directory declares (a lying directory is caught while reading)."""
    total = sum(i.file_size for i in infos)
    worst = max((i.file_size / max(i.compress_size, 1) for i in infos if i.file_size > 1 << 20), default=0)
    if total > limits.unzipped_bytes or worst > limits.zip_ratio:
        raise zip_bomb(path, limits)


def _ole2_kind(path: Path, size: int) -> str:
    """OLE2 holds legacy .xls (a ``Workbook`` or ``Book`` stream) or an encrypted .xlsx
    (``EncryptedPackage``). Directory names are UTF-16; we look for them without parsing."""
    if size < 1536:
        raise damaged(path, "OLE2")
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if mm.find("EncryptedPackage".encode("utf-16-le")) >= 0:
            raise encrypted(path)
        if mm.find("Workbook".encode("utf-16-le")) >= 0 or mm.find("Book\x00".encode("utf-16-le")) >= 0:
            return "xls"
    raise not_a_table(path, "dokumen Office yang bukan lembar kerja", "an Office document that is no spreadsheet")
