"""The hostile-input corpus: small crafted files (a few KiB each, generated, never committed) that
once stopped, exhausted or crashed a reader, and damaged/odd files of every format.

``cases()`` lists them; ``write_corpus(folder)`` writes them all into a folder (for the inbox, or
by hand: ``python -m tests.hostile.hostile_corpus FOLDER``). Each case names the answers it may get:
problem codes of a refused file, or ``FINE`` for a file that is actually readable (answered with
exit 0 or 1 by ``satudata check``).
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

if str(Path(__file__).parent) not in sys.path:  # run as ``python -m tests.hostile.hostile_corpus``
    sys.path.insert(0, str(Path(__file__).parent))

from hostile_formats import (  # noqa: E402
    GOOD_ROWS,
    GOOD_TABLE,
    GOOD_XLSX_BODY,
    GOOD_XML_ROWS,
    OLE2,
    billion_laughs,
    cells,
    gzipped,
    html,
    lying_zip,
    ods,
    ods_row,
    ole2,
    unknown_method,
    xlsx,
    xml_row,
    xml_sheet,
    zipped,
)

FINE = "fine"
# a readable file that is no table of this dataset (its year columns missing) is answered so
READABLE = frozenset({FINE, "melt-columns-not-found"})
DAMAGED = {"damaged-file", "reader-failed"}
TOO_BIG = {"too-many-cells", "too-many-columns", "too-much-memory", "reader-crashed", "zip-bomb"}


@dataclass(frozen=True)
class Case:
    name: str  # the file name to write (the hostile part, for the name cases)
    data: bytes
    answers: frozenset[str]  # problem codes the refusal may carry, or FINE
    why: str


def _case(name: str, data: bytes, answers, why: str) -> Case:
    answers = frozenset({answers} if isinstance(answers, str) else answers)
    if "no-data" in answers:  # no table: now answered with its reason (what the file is, what is missing)
        answers |= {"no-table-found"}
    return Case(name, data, answers | READABLE if FINE in answers else answers, why)


# --- the corpus ----------------------------------------------------------------------------

def _csv_cases() -> list[Case]:
    rnd = random.Random(12)
    good = ("\ufeffJumlah Kepala Keluarga menurut Kecamatan;;;\n" + GOOD_ROWS).encode()
    return [
        _case("kepala_keluarga_baik.csv", good, FINE, "a good file, for contrast"),
        _case("kosong.csv", b"", "empty-file", "0 bytes"),
        _case("hanya-bom.csv", b"\xef\xbb\xbf", {FINE, "no-data", "no-data-rows", "damaged-file"}, "a BOM only"),
        _case("acak.csv", rnd.randbytes(3000), "unknown-format", "random bytes"),
        _case("nul-di-tengah.csv", GOOD_ROWS.encode() + b"\x00" * 200 + GOOD_ROWS.encode(),
              {FINE, "unknown-format", "damaged-file"}, "NUL bytes after a good head"),
        _case("seratus-ribu-kolom.csv", b";".join([b"a"] * 100_000) + b"\n", "too-many-columns",
              "one line of 100,000 cells"),
        _case("baris-kedua-lebar.csv", b"judul\n" + b";".join([b"1"] * 20_000) + b"\n" + GOOD_ROWS.encode(),
              {"too-many-columns", "damaged-file"}, "a short title, then a row of 20,000 cells"),
        _case("utf8-terpotong.csv", GOOD_ROWS.encode() + "Sepaku;é".encode()[:-1], {FINE, "damaged-file"},
              "a character cut at the end"),
        _case("utf16.csv", GOOD_ROWS.encode("utf-16"), FINE, "Excel's Unicode Text"),
        _case("latin1.csv", GOOD_ROWS.replace("Waru", "Wàru").encode("latin-1"), FINE, "cp1252/latin-1 text"),
        _case("kutip-baris-baru.csv", ('Judul;;;\n"Kode\nKecamatan";Kecamatan;2021;2022\n' + GOOD_ROWS).encode(),
              FINE, "quoted line breaks beside short rows: the csv-module path, guarded"),
        _case("kutip-tak-ditutup.csv", b'Kode;Kecamatan\n"64.09.01;Penajam\n' * 50, {FINE, "damaged-file"},
              "a quote never closed"),
        _case("sel-dua-mb.csv", b"Kode;Catatan\n64.09.01;" + b"x" * (2 * 1024 * 1024) + b"\n",
              {FINE, "damaged-file"}, "one 2 MiB cell (compressible, but written as is: 2 MiB)"),
        _case("hanya-baris-baru.csv", b"\n" * 100_000, {"no-data", "no-data-rows", "damaged-file", FINE},
              "100,000 empty lines"),
        _case("titik-koma.csv", b";" * 60_000 + b"\n" + b";" * 60_000, "too-many-columns", "delimiters only"),
        _case("data.tsv", GOOD_ROWS.replace(";", "\t").encode(), FINE, "a good TSV"),
        _case("kendali.tsv", GOOD_ROWS.replace(";", "\t").encode() + b"\x1b[31m\x07\x08\t\x7f\n",
              {FINE, "unknown-format"}, "terminal control characters in a cell"),
    ]


def _xlsx_cases() -> list[Case]:
    far = xlsx(cells([("A1", "Kode"), ("XFD1048576", "x")]))
    good = xlsx(GOOD_XLSX_BODY)
    return [
        _case("baik.xlsx", good, FINE, "a good workbook"),
        _case("a1-xfd1048576.xlsx", far, TOO_BIG, "cells A1 and XFD1048576: calamine allocated 512 GiB"),
        _case("dimensi-bohong.xlsx", xlsx(GOOD_XLSX_BODY, dimension="A1:XFD1048576"), TOO_BIG | {FINE},
              "a declared dimension of the whole sheet"),
        _case("a1048576-zz1.xlsx", xlsx(cells([("A1", "Kode"), ("ZZ1", "y"), ("A1048576", "x")])), TOO_BIG,
              "a box of 1M rows x 702 columns, no far column: the memory guard's case"),
        _case("enam-ribu-kolom.xlsx", xlsx(cells([("A1", "a"), ("HWA1", "b")])), TOO_BIG, "column 6,000"),
        _case("bom-zip.xlsx", xlsx(GOOD_XLSX_BODY, extra={"xl/worksheets/sheet1.xml": b"\x00" * (50 << 20)}),
              "zip-bomb", "a sheet inflating 1000x"),
        _case("zip-bohong.xlsx", lying_zip(), DAMAGED | {"zip-bomb"}, "a directory claiming 1 KiB for 60 MiB"),
        _case("terpotong.xlsx", good[: len(good) // 2], DAMAGED, "half a workbook"),
        _case("terenkripsi.xlsx", ole2("EncryptedPackage"), "encrypted-file", "a password-protected workbook"),
        _case("tawa-miliaran.xlsx", xlsx(GOOD_XLSX_BODY, extra={"xl/workbook.xml": ('<?xml version="1.0"?>'
              + billion_laughs() + "<workbook>&lol9;</workbook>").encode()}),
              DAMAGED | {FINE, "unknown-format", "no-data"}, "billion laughs in workbook.xml"),
        _case("bersarang.xlsx", xlsx("<row r=\"1\">" + "<x>" * 50_000 + "</x>" * 50_000 + "</row>"),
              DAMAGED | {FINE, "no-data", "no-data-rows"}, "50,000 nested elements in a sheet"),
        _case("tanpa-lembar.xlsx", xlsx("", extra={"xl/workbook.xml": b"<workbook/>"}),
              DAMAGED | {"no-data", "unknown-format"}, "a workbook listing no sheet"),
        _case("lembar-hilang.xlsx", zipped({"xl/workbook.xml": b"<workbook/>",
                                          "xl/worksheets/sheet9.xml": b"<worksheet/>"}),
              DAMAGED | {"no-data", "unknown-format"}, "parts missing"),
        _case("bukan-lembar.xlsx", zipped({"foto.txt": b"bukan lembar kerja"}), "unknown-format", "a plain zip"),
        _case("zip-dalam-zip.xlsx", zipped({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/a.zip": good}),
              DAMAGED | {"no-data", "unknown-format"}, "a zip inside a zip"),
        _case("gabungan-raksasa.xlsx", xlsx(GOOD_XLSX_BODY, merges="<mergeCells>" + '<mergeCell ref="A1:XFD1048576"/>'
              * 3000 + "</mergeCells>"), {FINE, "too-many-cells", "no-table-found"},
              "3,000 merges of the whole sheet (one value over the whole sheet: no table)"),
        _case("metode-aneh.xlsx", unknown_method(good), DAMAGED, "a compression method nobody implements"),
        _case("zip-kosong.xlsx", b"PK\x05\x06" + b"\x00" * 18, {"unknown-format", "damaged-file"}, "an empty zip"),
    ]


def _ods_cases() -> list[Case]:
    good = ods(ods_row("Kode Kecamatan", "Kecamatan", "2021") + ods_row("64.09.01", "Penajam", "23602"))
    repeated = ('<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
                'table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
                "</table:table-cell></table:table-row>")
    return [
        _case("baik.ods", good, FINE, "a good ODS"),
        _case("ulang-raksasa.ods", ods(repeated), TOO_BIG | {"reader-timeout"},
              "one cell repeated over 1M rows x 16k columns"),
        _case("terpotong.ods", good[: len(good) - 40], DAMAGED | {"unknown-format"}, "cut short"),
        _case("kecil.ods", ods(ods_row("a")), {FINE, "no-data", "no-data-rows"}, "a one-cell ODS"),
        _case("bom-isi.ods", zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                   "content.xml": b" " * (60 << 20)}), "zip-bomb", "content.xml inflating 1000x"),
    ]


def _xls_cases() -> list[Case]:
    return [
        _case("rusak.xls", ole2("Workbook"), DAMAGED, "an OLE2 file with a Workbook name and random bytes"),
        _case("kecil.xls", OLE2 + b"\x00" * 100, DAMAGED, "an OLE2 header only"),
        _case("dokumen.xls", ole2("WordDocument"), "unknown-format", "a Word document named .xls"),
        _case("terenkripsi.xls", ole2("EncryptedPackage"), "encrypted-file", "an encrypted package"),
        _case("book-lama.xls", ole2("Book\x00", seed=9), DAMAGED, "a BIFF5 Book stream of random bytes"),
    ]


def _html_cases() -> list[Case]:
    span = "<td rowspan=1000 colspan=1000>x</td>"
    return [
        _case("baik-html.xls", html(GOOD_TABLE), FINE, "a web export"),
        _case("rentang.xls", html("<table><tr>" + span * 8 + "</tr></table>"), TOO_BIG,
              "rowspan=1000 colspan=1000 cells: took 1.2 GB and 45 s"),
        _case("rentang-bertingkat.xls", html("<table>" + ("<tr>" + span) * 30 + "</table>"), TOO_BIG,
              "spans pushing each row right"),
        _case("bersarang-html.xls", html("<table><tr><td>" * 5000 + "x" + "</td></tr></table>" * 5000),
              "too-deeply-nested", "5,000 tables inside tables"),
        _case("tanpa-tabel.xls", html("<p>Tidak ada tabel</p>"), {"no-data", "unknown-format"}, "no table"),
        _case("dua-puluh-ribu-kolom.xls", html("<table><tr>" + "<td>1" * 20_000 + "</tr></table>"),
              "too-many-columns", "20,000 cells in a row"),
        _case("terpotong-html.xls", html(GOOD_TABLE)[:150], {FINE, "no-data", "no-data-rows"}, "cut mid-tag"),
        _case("charset-aneh.xls", html(GOOD_TABLE, '<meta charset="x-no-such-charset">'), FINE, "an unknown charset"),
        _case("komentar-terbuka.xls", html(GOOD_TABLE)[:-14] + b"<!--" + b"<a " * 100_000, FINE,
              "a comment never closed, then 100,000 '<': html.parser once rescanned at each (over a minute)"),
        _case("kutip-terbuka.xls", b"<html><table>" + b'<td x="' * 50_000, {"no-data", "no-data-rows"},
              "an attribute quote never closed, 50,000 times: the same rescanning"),
        _case("entitas-html.xls", html("<table><tr><td>" + "&amp;" * 50_000 + "</td></tr></table>"),
              {FINE, "no-data", "no-data-rows"}, "50,000 entities in a cell"),
    ]


def _xml_cases() -> list[Case]:
    return [
        _case("baik-xml.xls", xml_sheet(GOOD_XML_ROWS), FINE, "an XML Spreadsheet 2003 export"),
        _case("indeks.xls", xml_sheet(xml_row("a") + xml_row("b", attrs=' ss:Index="1048576"',
                                                              cell_attrs=' ss:Index="16384"')),
              TOO_BIG, "ss:Index to the last cell: took 2.7 GB"),
        _case("merge-dua.xls", xml_sheet(xml_row("a", cell_attrs=' ss:MergeAcross="dua"')), DAMAGED,
              'MergeAcross="dua": a non-ReadError once'),
        _case("merge-turun.xls", xml_sheet(xml_row("a", cell_attrs=' ss:MergeDown="1000000" ss:MergeAcross="100"')
                                           + GOOD_XML_ROWS), TOO_BIG, "a merge a million rows down, 100 across"),
        _case("indeks-negatif.xls", xml_sheet(xml_row("a", cell_attrs=' ss:Index="-5"')), DAMAGED, "ss:Index=-5"),
        _case("tawa-miliaran-xml.xls", xml_sheet(xml_row("&lol9;"), billion_laughs()), "xml-entities",
              "billion laughs"),
        _case("xxe.xls", xml_sheet(xml_row("&x;"), '<!DOCTYPE Workbook [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
              "xml-entities", "an external entity"),
        _case("bersarang-xml.xls", xml_sheet("<Row><Cell><Data>" + "<B>" * 5000 + "x" + "</B>" * 5000
                                             + "</Data></Cell></Row>"), "too-deeply-nested", "5,000 nested tags"),
        _case("terpotong-xml.xls", xml_sheet(GOOD_XML_ROWS)[:200], DAMAGED, "cut short"),
    ]


def _other_cases() -> list[Case]:
    return [
        _case("laporan-pdf.xlsx", b"%PDF-1.7\n" + b"x" * 2000, "unknown-format", "a PDF"),
        _case("arsip.csv", gzipped(GOOD_ROWS.encode()), "unknown-format", "gzip"),
        _case("gambar.xls", b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, "unknown-format", "a PNG"),
        _case("rar.xlsx", b"Rar!\x1a\x07\x00" + b"\x00" * 300, "unknown-format", "a RAR archive"),
    ]


def _name_cases() -> list[Case]:
    good = ("Jumlah Kepala Keluarga;;;\n" + GOOD_ROWS).encode()
    return [
        _case("kendali\x1b[31m\x07\tnama\n.csv", good, FINE, "control characters in the name"),
        _case("..\\..\\..\\windows\\system32.csv", good, FINE, "a Windows path climbing up"),
        _case("..csv", good, FINE, "a name of dots"),
        _case("-h.csv", good, FINE, "a name that looks like an option"),
        _case("penduduk_جمعية_人口_Жители_ประชากร_👪.csv", good, FINE, "mixed scripts and an emoji"),
        _case(("ꦥꦼꦤꦗꦩ᭄" * 20)[:80] + ".csv", good, FINE, "a 240-byte name (Javanese script, 3 bytes a letter)"),
        _case("a" * 251 + ".csv", good, FINE, "255 bytes: the longest name a file system holds"),
        _case("spasi akhir .csv ", good, FINE, "a trailing space"),
    ]


def cases() -> list[Case]:
    return [*_csv_cases(), *_xlsx_cases(), *_ods_cases(), *_xls_cases(), *_html_cases(), *_xml_cases(),
            *_other_cases(), *_name_cases()]


def write_corpus(folder: str | Path) -> list[Path]:
    """Every case written into ``folder`` under its own name; the paths, in :func:`cases` order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in cases():
        path = folder / case.name
        path.write_bytes(case.data)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_corpus(sys.argv[1]):
        print(repr(p.name))
