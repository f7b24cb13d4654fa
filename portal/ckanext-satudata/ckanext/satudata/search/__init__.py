"""Dataset search on PostgreSQL (the ``satudata_search`` plugin); see README.md."""
