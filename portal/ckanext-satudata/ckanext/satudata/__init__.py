"""The satudata portal's CKAN extension: Satu Data metadata (schema, validators, facets)."""
