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


def get_helpers() -> dict:
    return {
        "satudata_field_label": field_label,
        "satudata_choice_label": choice_label,
    }
