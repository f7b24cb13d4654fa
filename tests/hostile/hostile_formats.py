"""Small workbooks, zips and markup built byte by byte for the hostile corpus
(:mod:`hostile_corpus`): valid skeletons that each case bends one way."""

from __future__ import annotations

import gzip
import io
import random
import struct
import zipfile

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SS = 'xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"'
GOOD_ROWS = "Kode Kecamatan;Kecamatan;2021;2022\n64.09.01;Penajam;23.602;24.103\n64.09.02;Waru;7.961;8.089\n"


def _member(name: str, method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # the same bytes on every run
    info.compress_type = method
    return info


def zipped(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(_member(name, method), data)
    return buf.getvalue()


def xlsx(sheet_body: str, dimension: str = "", merges: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    members = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
        b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/'
        b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {ns} {rel}><sheets><sheet name="Data" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'.encode(),
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
        b'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet {ns}>{dim}<sheetData>{sheet_body}'
        f"</sheetData>{merges}</worksheet>".encode(),
    }
    members.update(extra or {})
    return zipped(members)


def cells(cells: list[tuple[str, str]]) -> str:
    by_row: dict[int, list[str]] = {}
    for ref, text in cells:
        row = int("".join(ch for ch in ref if ch.isdigit()))
        by_row.setdefault(row, []).append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
    return "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(by_row.items()))


GOOD_XLSX_BODY = cells([("A1", "Kode Kecamatan"), ("B1", "Kecamatan"), ("C1", "2021"), ("A2", "64.09.01"),
                         ("B2", "Penajam"), ("C2", "23602"), ("A3", "64.09.02"), ("B3", "Waru"), ("C3", "7961")])


def ods(content_body: str) -> bytes:
    office = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
              'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
              'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0"?><office:document-content {office} office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="Data">{content_body}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(_member("mimetype", zipfile.ZIP_STORED), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr(_member("content.xml", zipfile.ZIP_DEFLATED), content)
        zf.writestr(_member("META-INF/manifest.xml", zipfile.ZIP_DEFLATED), '<?xml version="1.0"?><manifest:manifest '
                    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                    "</manifest:manifest>")
    return buf.getvalue()


def ods_row(*texts: str, repeat: int = 1) -> str:
    cells = "".join(f'<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>'
                    for t in texts)
    rep = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{rep}>{cells}</table:table-row>"


def xml_sheet(rows: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0"?>{prolog}<Workbook {SS}><Worksheet ss:Name="Data"><Table>{rows}</Table>'
            "</Worksheet></Workbook>").encode()


def xml_row(*texts: str, attrs: str = "", cell_attrs: str = "") -> str:
    cells = "".join(f'<Cell{cell_attrs}><Data ss:Type="String">{t}</Data></Cell>' for t in texts)
    return f"<Row{attrs}>{cells}</Row>"


GOOD_XML_ROWS = (xml_row("Kode Kecamatan", "Kecamatan", "2021") + xml_row("64.09.01", "Penajam", "23602")
                 + xml_row("64.09.02", "Waru", "7961"))


def html(body: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


GOOD_TABLE = ("<table><tr><th>Kode Kecamatan</th><th>Kecamatan</th><th>2021</th></tr>"
              "<tr><td>64.09.01</td><td>Penajam</td><td>23602</td></tr>"
              "<tr><td>64.09.02</td><td>Waru</td><td>7961</td></tr></table>")


def ole2(stream_name: str, size: int = 4096, seed: int = 3) -> bytes:
    body = bytearray(OLE2 + random.Random(seed).randbytes(size - len(OLE2)))
    if stream_name:
        encoded = stream_name.encode("utf-16-le")
        body[1024:1024 + len(encoded)] = encoded
    return bytes(body)


def lying_zip(real: int = 60 * 1024 * 1024) -> bytes:
    """A workbook whose sheet's directory entry claims 1 KiB while the stream inflates to ``real``
    bytes: passes a check of the declared sizes."""
    data = xlsx(GOOD_XLSX_BODY, extra={"xl/worksheets/sheet1.xml": b"<worksheet>" + b" " * real + b"</worksheet>"})
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", out, at + 28)[0]
        name = bytes(out[at + 46: at + 46 + name_len])
        if name == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", out, at + 24, 1024)  # uncompressed size in the central directory
        at = out.find(b"PK\x01\x02", at + 4)
    at = out.find(b"PK\x03\x04" + b"\x14\x00", 0)
    while at >= 0:  # and in the local headers
        name_len = struct.unpack_from("<H", out, at + 26)[0]
        if bytes(out[at + 30: at + 30 + name_len]) == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", out, at + 22, 1024)
        at = out.find(b"PK\x03\x04", at + 4)
    return bytes(out)


def billion_laughs(levels: int = 10) -> str:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, levels)]
    return f"<!DOCTYPE Workbook [{''.join(lines)}]>"


def unknown_method(data: bytes) -> bytes:
    out = bytearray(data)
    for sig, off in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = out.find(sig)
        while at >= 0:
            struct.pack_into("<H", out, at + off, 99)
            at = out.find(sig, at + 4)
    return bytes(out)


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)
