"""Every limit the reader holds a file to, in one place, and the refusals that name them.

A file is refused (a :class:`ReadError` with a code and a message in both languages) when what it
declares (a sheet's dimension, a span, an ``ss:Index``, a zip member's size) or what it really
holds (decompressed bytes, cells, columns, nesting) goes beyond these. The reading step itself runs
in a child process held to ``memory_bytes`` and ``seconds`` (:mod:`pipelines.read.guard`), so that
a reader bug or a native crash is a refused file, never a dead daemon.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.read.model import ReadError

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 512 * MIB  # the file as handed in
    unzipped_bytes: int = 1024 * MIB  # all members of an .xlsx/.ods, really decompressed
    zip_ratio: int = 200  # decompressed / compressed, per member over 1 MiB (XML packs 10-30x)
    cells: int = 10_000_000  # a sheet's rows x columns (its bounding box, empty cells too)
    columns: int = 5_000  # a sheet's columns
    nesting: int = 32  # tables inside tables (HTML), elements inside elements (XML)
    memory_bytes: int = 1024 * MIB  # address space the reading step may add to its own
    seconds: float = 60.0  # wall-clock time of the reading step

    def describe(self) -> list[tuple[str, str]]:
        """(name, value) of each limit, as the README lists them."""
        return [
            ("file_bytes", f"{self.file_bytes // MIB} MiB"),
            ("unzipped_bytes", f"{self.unzipped_bytes // MIB} MiB"),
            ("zip_ratio", f"{self.zip_ratio}x"),
            ("cells", f"{self.cells:,}"),
            ("columns", f"{self.columns:,}"),
            ("nesting", str(self.nesting)),
            ("memory_bytes", f"{self.memory_bytes // MIB} MiB"),
            ("seconds", f"{self.seconds:g} s"),
        ]


DEFAULT = Limits()


def _refuse(path, code: str, message_id: str, message_en: str) -> ReadError:
    return ReadError(str(path), message_id, message_en, code=code)


def file_too_large(path, size: int, limits: Limits) -> ReadError:
    mib, cap = size / MIB, limits.file_bytes // MIB
    return _refuse(
        path, "file-too-large",
        f"Berkas terlalu besar ({mib:,.0f} MiB; batas {cap} MiB). Pecah per tahun atau per kecamatan lalu kirim lagi.",
        f"The file is too large ({mib:,.0f} MiB; the limit is {cap} MiB). Split it by year or district and resend.",
    )


def too_many_cells(path, rows: int, columns: int, limits: Limits, where: str = "") -> ReadError:
    at = f" ({where})" if where else ""
    return _refuse(
        path, "too-many-cells",
        f"Lembar kerja{at} memakai {rows:,} baris x {columns:,} kolom, melebihi batas {limits.cells:,} sel. "
        "Hapus isi/format di sel yang jauh di luar tabel, simpan, lalu kirim lagi.",
        f"The sheet{at} spans {rows:,} rows x {columns:,} columns, beyond the limit of {limits.cells:,} cells. "
        "Clear the cells far outside the table, save and resend.",
    )


def too_many_columns(path, columns: int, limits: Limits) -> ReadError:
    return _refuse(
        path, "too-many-columns",
        f"Tabel memiliki {columns:,} kolom, melebihi batas {limits.columns:,} kolom.",
        f"The table has {columns:,} columns, beyond the limit of {limits.columns:,} columns.",
    )


def too_deep(path, limits: Limits) -> ReadError:
    return _refuse(
        path, "too-deeply-nested",
        f"Berkas bersarang terlalu dalam (lebih dari {limits.nesting} tingkat tabel/elemen di dalam tabel/elemen).",
        f"The file is nested too deeply (more than {limits.nesting} levels of tables/elements inside each other).",
    )


def zip_bomb(path, limits: Limits) -> ReadError:
    return _refuse(
        path, "zip-bomb",
        "Berkas ditolak: isinya mengembang jauh melebihi ukuran lembar kerja yang wajar (zip bomb; batas "
        f"{limits.unzipped_bytes // MIB} MiB setelah dibuka, {limits.zip_ratio}x per bagian).",
        "File refused: its contents expand far beyond any real spreadsheet (a zip bomb; the limit is "
        f"{limits.unzipped_bytes // MIB} MiB unpacked, {limits.zip_ratio}x per member).",
    )


def xml_entities(path) -> ReadError:
    return _refuse(
        path, "xml-entities",
        "Berkas XML memuat deklarasi DTD/entitas, yang tidak pernah ada di lembar kerja. Berkas ditolak.",
        "The XML file declares a DTD or entities, which no spreadsheet does. The file is refused.",
    )


def out_of_memory(path, limits: Limits) -> ReadError:
    cap = limits.memory_bytes // MIB
    return _refuse(
        path, "too-much-memory",
        f"Membaca berkas ini butuh memori melebihi batas {cap} MiB. Pecah berkas menjadi beberapa berkas "
        "lalu kirim lagi.",
        f"Reading this file needs more memory than the limit of {cap} MiB. Split it into several files and resend.",
    )


def reader_timeout(path, limits: Limits) -> ReadError:
    return _refuse(
        path, "reader-timeout",
        f"Membaca berkas ini melebihi batas waktu {limits.seconds:g} detik. Pecah berkas lalu kirim lagi.",
        f"Reading this file took longer than the limit of {limits.seconds:g} seconds. Split the file and resend.",
    )


def reader_crashed(path, limits: Limits, detail: str) -> ReadError:
    cap = limits.memory_bytes // MIB
    return _refuse(
        path, "reader-crashed",
        f"Pembaca berkas berhenti mendadak ({detail}; batas memori {cap} MiB). Berkas tidak bisa dibaca; "
        "simpan ulang sebagai .xlsx atau .csv lalu kirim lagi.",
        f"The file reader stopped abruptly ({detail}; memory limit {cap} MiB). The file cannot be read; "
        "save it again as .xlsx or .csv and resend.",
    )


def reader_failed(path, exc: BaseException) -> ReadError:
    what = type(exc).__name__
    return _refuse(
        path, "reader-failed",
        f"Berkas tidak bisa dibaca (galat pembaca: {what}). Simpan ulang sebagai .xlsx atau .csv lalu kirim lagi.",
        f"The file cannot be read (reader error: {what}). Save it again as .xlsx or .csv and resend.",
    )
