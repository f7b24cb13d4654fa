"""What the inbox answers for entries it will not read, and for its own failures: one function per
problem code, each with its Indonesian and English message and hint."""

from __future__ import annotations

from pipelines.validate.report import Problem

RENAME_ID = "Simpan berkas aslinya (bukan tautan) langsung di folder inbox, lalu kirim lagi."
RENAME_EN = "Save the real file (not a link) directly in the inbox folder, then send it again."


def link_refused(name: str) -> Problem:
    return Problem(
        code="link-refused",
        message_id=f"'{name}' adalah tautan (symlink); inbox tidak mengikuti tautan dan tidak membacanya.",
        message_en=f"'{name}' is a link (symlink); the inbox follows no links and did not read it.",
        hint_id=RENAME_ID, hint_en=RENAME_EN, rule="inbox")


def not_a_file(name: str) -> Problem:
    return Problem(
        code="not-a-file",
        message_id=f"'{name}' bukan berkas biasa (misalnya pipe atau perangkat) dan tidak dibaca.",
        message_en=f"'{name}' is not a regular file (e.g. a pipe or a device) and was not read.",
        hint_id=RENAME_ID, hint_en=RENAME_EN, rule="inbox")


def name_not_utf8(name: str) -> Problem:
    return Problem(
        code="file-name-unreadable",
        message_id=f"Nama berkas '{name}' memuat karakter yang tidak dapat dibaca (bukan UTF-8).",
        message_en=f"The file name '{name}' holds characters that cannot be read (not UTF-8).",
        hint_id="Ganti nama berkas dengan huruf, angka, spasi, '-' atau '_', lalu kirim lagi.",
        hint_en="Rename the file using letters, digits, spaces, '-' or '_', then send it again.", rule="inbox")


def cannot_open(name: str, error: OSError) -> Problem:
    reason = error.strerror or type(error).__name__
    return Problem(
        code="unreadable-file",
        message_id=f"Berkas '{name}' tidak dapat dibuka oleh inbox ({reason}).",
        message_en=f"The inbox could not open the file '{name}' ({reason}).",
        hint_id="Periksa izin berkas, atau simpan ulang berkas itu lalu kirim lagi.",
        hint_en="Check the file's permissions, or save it again and send it again.", rule="inbox")


def inbox_failed(name: str, error: BaseException) -> Problem:
    """An unexpected failure while taking the file in: the traceback goes to the log, never here."""
    kind = type(error).__name__
    return Problem(
        code="inbox-error",
        message_id=f"Terjadi kesalahan internal saat menerima berkas '{name}' ({kind}).",
        message_en=f"An internal error occurred while taking in the file '{name}' ({kind}).",
        hint_id="Tidak perlu mengirim ulang: berkas dicoba lagi otomatis; walidata melihat rinciannya di log.",
        hint_en="No need to send it again: the file is tried again automatically; the walidata sees the "
                "details in the log.", rule="inbox")
