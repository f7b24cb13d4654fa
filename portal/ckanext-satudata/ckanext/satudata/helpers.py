"""Labels read from the Satu Data schema, in the visitor's language. The schema
(schemas/dataset.yaml) is the one place that names the fields, their choices and their labels."""

from __future__ import annotations

from ckan.plugins import toolkit

from ckanext.scheming.helpers import scheming_get_dataset_schema, scheming_language_text

DATASET_TYPE = "dataset"
# The schema's choice fields that the search page offers as facets, in the order shown.
FACET_FIELDS = ("sektor", "frekuensi", "tingkat_penyajian")


def _language() -> str | None:
    """The request's language, or None outside a request (jobs, CLI)."""
    try:
        return toolkit.h.lang()
    except (RuntimeError, TypeError, AttributeError):
        return None


def schema_field(field_name: str, dataset_type: str = DATASET_TYPE) -> dict | None:
    schema = scheming_get_dataset_schema(dataset_type) or {}
    for field in schema.get("dataset_fields", []):
        if field["field_name"] == field_name:
            return field
    return None


def field_label(field_name: str, dataset_type: str = DATASET_TYPE) -> str:
    """The field's label in the current language (its name when the schema lacks it)."""
    field = schema_field(field_name, dataset_type)
    if not field:
        return field_name
    return scheming_language_text(field.get("label"), _language())


def choice_label(field_name: str, value: str, dataset_type: str = DATASET_TYPE) -> str:
    """The label of one choice of a select field in the current language (the value when unknown)."""
    field = schema_field(field_name, dataset_type) or {}
    for choice in field.get("choices", []):
        if choice["value"] == value:
            return scheming_language_text(choice.get("label"), _language())
    return value


def facet_titles(dataset_type: str = DATASET_TYPE) -> dict[str, str]:
    """{field name: label} for the Satu Data facets."""
    return {name: field_label(name, dataset_type) for name in FACET_FIELDS}


def label_facet_items(search_facets: dict, dataset_type: str = DATASET_TYPE) -> dict:
    """Give the Satu Data facet items their choice labels as display names (in place)."""
    for name in FACET_FIELDS:
        for item in search_facets.get(name, {}).get("items", []):
            item["display_name"] = choice_label(name, item["name"], dataset_type)
    return search_facets


# Fields that hold the English text of a field of a dataset, a resource or a dictionary column.
ENGLISH_FIELDS = {"title": "title_en", "notes": "notes_en", "name": "name_en", "description": "description_en"}


@toolkit.chained_helper
def get_translated(next_helper, data_dict: dict, field: str):
    """CKAN's ``get_translated``, which in the English UI prefers the English field the Satu Data
    schema keeps beside the Indonesian one (``title_en``, ``notes_en``) when it is filled in."""
    return _english(data_dict, field) or _one_language(data_dict, field) or next_helper(data_dict, field)


# English names of the resources the pipeline publishes, by role (``peran``); the period files
# ("Data 2024 (Parquet)") read the same in both languages.
ROLE_NAMES_EN = {
    "datastore": "All periods in one table (DataStore)",
    "kamus_data": "Data dictionary (Table Schema)",
    "laporan_kualitas": "Data quality report (JSON)",
    "laporan_kualitas_html": "Data quality report",
}
BILINGUAL_SEPARATOR = " / "  # the pipeline's resource descriptions: "Indonesian. / English."


def _english(data_dict, field: str):
    """The English text of ``field`` in the English UI, or None."""
    if _language() == "en" and isinstance(data_dict, dict):
        english = data_dict.get(ENGLISH_FIELDS.get(field, f"{field}_en"))
        if english:
            return english
        if data_dict.get("peran") and field == "name":
            return ROLE_NAMES_EN.get(data_dict["peran"])
    return None


def _one_language(data_dict, field: str):
    """A pipeline resource's bilingual description, in the visitor's language only."""
    text = data_dict.get(field) if isinstance(data_dict, dict) else None
    if field != "description" or not data_dict.get("peran") or not isinstance(text, str):
        return None
    if BILINGUAL_SEPARATOR not in text:
        return None
    indonesian, english = text.split(BILINGUAL_SEPARATOR, 1)
    return english.strip() if _language() == "en" else indonesian.strip()


@toolkit.chained_helper
def dataset_display_name(next_helper, package):
    """The dataset's title in the visitor's language (CKAN's own calls ``get_translated``
    directly, not through the helper table)."""
    return _english(package, "title") or next_helper(package)


@toolkit.chained_helper
def resource_display_name(next_helper, resource_dict: dict):
    return _english(resource_dict, "name") or next_helper(resource_dict)


# How the pipeline writes an OPD's description in both languages (pipelines/publish/metadata.py).
ORGANIZATION_ENGLISH_MARK = "_English:_"


def organization_description(organization: dict) -> str:
    """An organisation's description in the visitor's language: the pipeline writes the
    Indonesian text, then ``_English:_`` and the English one."""
    text = (organization or {}).get("description") or ""
    if ORGANIZATION_ENGLISH_MARK not in text:
        return text
    indonesian, english = text.split(ORGANIZATION_ENGLISH_MARK, 1)
    return english.strip() if _language() == "en" else indonesian.strip()


def home_summary() -> dict:
    from ckanext.satudata.home import home_summary as summary

    return summary()


def quality_summary(pkg: dict) -> dict | None:
    from ckanext.satudata.quality import quality_summary as summary

    return summary(pkg, _language() or "id")


def datastore_resource(pkg: dict) -> dict | None:
    from ckanext.satudata.quality import datastore_resource as find

    return find(pkg)


def get_helpers() -> dict:
    return {
        "satudata_field_label": field_label,
        "satudata_choice_label": choice_label,
        "satudata_home_summary": home_summary,
        "satudata_organization_description": organization_description,
        "satudata_quality_summary": quality_summary,
        "satudata_datastore_resource": datastore_resource,
        "get_translated": get_translated,
        "dataset_display_name": dataset_display_name,
        "resource_display_name": resource_display_name,
    }
