"""Validators for the Satu Data schema. Every error message is Indonesian first, then English,
because the API answers the pipeline and the web form answers an officer."""

from __future__ import annotations

import re

from ckan.plugins import toolkit

from ckanext.scheming.validation import scheming_validator

YEAR = re.compile(r"^\d{4}$")
FIRST_YEAR, LAST_YEAR = 1900, 2100
# Kemendagri region codes: province 64, regency 64.09, district 64.09.01, village 64.09.01.2001.
KODE_WILAYAH = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def _empty(value) -> bool:
    return value is None or value is toolkit.missing or (isinstance(value, str) and not value.strip())


@scheming_validator
def satudata_choices(field, schema):
    """The value must be one of the field's choices; the error lists them. A missing value is an
    error only when the field is required."""
    allowed = [c["value"] for c in field.get("choices", [])]
    required = bool(field.get("required"))

    def validator(key, data, errors, context):
        value = data.get(key)
        if _empty(value):
            if required:
                errors[key].append("Wajib diisi. / Missing value.")
                raise toolkit.StopOnError
            data.pop(key, None)
            raise toolkit.StopOnError
        if value not in allowed:
            choices = ", ".join(allowed)
            errors[key].append(
                f"Nilai {value!r} tidak dikenal; pilih salah satu: {choices}. / "
                f"Unknown value {value!r}; choose one of: {choices}."
            )

    return validator


def satudata_year(value):
    """A four-digit year (1900-2100); integers are accepted and kept as text."""
    text = str(value).strip()
    if not YEAR.match(text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise toolkit.Invalid(
            f"Tahun harus empat angka antara {FIRST_YEAR} dan {LAST_YEAR}, bukan {value!r}. / "
            f"A year must be four digits between {FIRST_YEAR} and {LAST_YEAR}, not {value!r}."
        )
    return text


def satudata_not_before(other_field: str):
    """This year must not come before the year in ``other_field`` (e.g. periode_akhir >= periode_awal)."""

    def validator(key, data, errors, context):
        other = data.get(key[:-1] + (other_field,))
        value = data.get(key)
        if _empty(other) or _empty(value) or errors.get(key):
            return
        if str(other).strip().isdigit() and int(str(value)) < int(str(other).strip()):
            errors[key].append(
                f"Tahun {value} lebih awal dari {other_field} ({other}). / "
                f"Year {value} is before {other_field} ({other})."
            )

    return validator


def satudata_kode_wilayah(value):
    """A Kemendagri region code: 64, 64.09, 64.09.01 or 64.09.01.2001."""
    text = str(value).strip()
    if text and not KODE_WILAYAH.match(text):
        raise toolkit.Invalid(
            f"Kode wilayah {value!r} tidak sah; contoh: 64.09 atau 64.09.01. / "
            f"Region code {value!r} is not valid; e.g. 64.09 or 64.09.01."
        )
    return text


def get_validators() -> dict:
    return {
        "satudata_choices": satudata_choices,
        "satudata_year": satudata_year,
        "satudata_not_before": satudata_not_before,
        "satudata_kode_wilayah": satudata_kode_wilayah,
    }
