"""Where each field of CKAN's Solr document lives in the index tables, and how it is matched.

CKAN's Solr schema makes most fields ``string`` (exact values) and a few ``text`` (words). Here:

- ``COLUMNS``: exact fields with a column of their own in the search table (every query filters on
  them); ``ARRAYS``: the same for multi-valued ``permission_labels``;
- ``DATES``: timestamp columns (sorting and ``[a TO b]`` ranges);
- ``TEXT_WEIGHTS``: text fields, matched in the weighted ``tsv`` vector; a field-restricted query
  (``title:air``) is restricted to the field's weight class (A: name and title; B: tags, groups,
  organisation; C: notes, resources, custom fields; D: the rest); ``text`` (the default field) is all;
- everything else is an exact field in ``terms`` (jsonb ``{field: [values]}``).
"""

from __future__ import annotations

COLUMNS = frozenset({"id", "name", "site_id", "state", "capacity", "dataset_type"})
ARRAYS = frozenset({"permission_labels"})
DATES = frozenset({"metadata_created", "metadata_modified"})
TEXT_WEIGHTS = {
    "text": "abcd", "title": "a", "notes": "c", "res_name": "c", "res_description": "c",
    "author": "d", "maintainer": "d", "urls": "d",
}
# Not stored in terms: columns, text, the JSON copies, and long URL fields nobody filters on.
NOT_TERMS = COLUMNS | ARRAYS | DATES | set(TEXT_WEIGHTS) | {
    "data_dict", "validated_data_dict", "title_string", "index_id", "res_url", "url", "license_url",
}
# Which fields feed which weight of the text vector (custom fields, extras_*, vocab_* go to C).
WEIGHT_SOURCES = {
    "A": ("name", "title"),
    "B": ("tags", "groups", "organization"),
    "C": ("notes", "res_name", "res_description"),
    "D": ("author", "maintainer", "license_title", "res_format", "text"),
}


def kind(field: str) -> str:
    """column | array | date | text | ngram | terms"""
    if field in COLUMNS:
        return "column"
    if field in ARRAYS:
        return "array"
    if field in DATES:
        return "date"
    if field in TEXT_WEIGHTS:
        return "text"
    if field.endswith("_ngram"):
        return "ngram"
    return "terms"
