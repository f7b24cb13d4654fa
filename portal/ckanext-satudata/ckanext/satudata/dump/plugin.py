"""The ``satudata_dump`` plugin: DataStore CSV and TSV output safe to open in a spreadsheet
(``formulas.py``). It must come after ``datastore`` in ``ckan.plugins``: IDatastore hooks run in
that order, and the DataStore's own hook writes the select list this one rewrites."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ckanext.datastore.interfaces import IDatastore
from ckanext.satudata.dump import formulas


class DumpPlugin(p.SingletonPlugin):
    p.implements(IDatastore, inherit=True)

    # IDatastore: only CSV and TSV records change; JSON records keep the stored values.

    def datastore_search(self, context: Any, data_dict: dict[str, Any], fields_types: dict[str, str],
                         query_dict: dict[str, Any]) -> dict[str, Any]:
        if data_dict.get("records_format") in formulas.NEUTRALISED_FORMATS and query_dict.get("select"):
            query_dict["select"] = formulas.neutralise_select(query_dict["select"], fields_types)
        return query_dict
