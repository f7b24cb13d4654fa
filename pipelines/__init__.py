"""satudata: departmental spreadsheets to validated, typed Parquet and a CKAN open-data portal."""

__version__ = "0.1.0"
