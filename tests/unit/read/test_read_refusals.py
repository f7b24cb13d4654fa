"""Files the reader refuses: quickly, with a code and a message in both languages."""

from __future__ import annotations

import random
import zipfile

import pytest
import xlsxwriter

from pipelines.read import ReadError, read

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refusal(path) -> ReadError:
    with pytest.raises(ReadError) as info:
        read(path)
    err = info.value
    assert err.message_id and err.message_en and err.message_id != err.message_en
    return err


def small_xlsx(path):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["Kecamatan", "Jumlah"])
    for i, name in enumerate(["Penajam", "Waru", "Babulu", "Sepaku"] * 50):
        sheet.write_row(i + 1, 0, [name, i])
    book.close()
    return path


def test_random_bytes(tmp_path):
    path = tmp_path / "laporan.xlsx"
    path.write_bytes(random.Random(5).randbytes(20_000))
    assert refusal(path).code == "unknown-format"


def test_empty_file(tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    assert refusal(path).code == "empty-file"


def test_pdf_named_xlsx(tmp_path):
    path = tmp_path / "laporan.xlsx"
    path.write_bytes(b"%PDF-1.7\n" + b"x" * 2000)
    err = refusal(path)
    assert err.code == "unknown-format" and "PDF" in err.message_en


def test_truncated_xlsx(tmp_path):
    whole = small_xlsx(tmp_path / "utuh.xlsx").read_bytes()
    path = tmp_path / "terpotong.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert refusal(path).code == "damaged-file"


def test_zip_bomb_is_refused_from_the_directory(tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (40 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    assert refusal(path).code == "zip-bomb"


def test_encrypted_office_file(tmp_path):
    # An encrypted .xlsx is an OLE2 container holding an EncryptedPackage stream.
    body = bytearray(OLE2 + b"\x00" * 4088)
    body[1024:1024 + 32] = "EncryptedPackage".encode("utf-16-le")
    path = tmp_path / "rahasia.xlsx"
    path.write_bytes(bytes(body))
    assert refusal(path).code == "encrypted-file"


def test_damaged_legacy_xls(tmp_path):
    body = bytearray(OLE2 + bytes(random.Random(3).randbytes(4088)))
    body[1024:1024 + 16] = "Workbook".encode("utf-16-le")
    path = tmp_path / "rusak.xls"
    path.write_bytes(bytes(body))
    assert refusal(path).code == "damaged-file"


def test_zip_that_is_no_spreadsheet(tmp_path):
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("foto.txt", "bukan lembar kerja")
    assert refusal(path).code == "unknown-format"


def test_missing_sheet_names_the_sheets_there_are(tmp_path):
    from pipelines.read import ReadOptions

    path = small_xlsx(tmp_path / "data.xlsx")
    with pytest.raises(ReadError) as info:
        read(path, ReadOptions(sheet="Rekap"))
    assert info.value.code == "sheet-not-found" and "'Data'" in info.value.message_en


def test_missing_file(tmp_path):
    assert refusal(tmp_path / "tidak-ada.csv").code == "file-not-found"
