"""The ``satudata_load`` plugin: a server-side action that loads uploaded Parquet resources into
a typed DataStore table with PostgreSQL ``COPY``. The logic lives in ``logic.py``.

The action needs ``pyarrow`` in CKAN's environment (``REQUIREMENTS.txt``). Without it the plugin
still loads but offers no action, and the pipeline falls back to the plain DataStore API."""

from __future__ import annotations

import importlib.util
import logging

import ckan.plugins as p

log = logging.getLogger(__name__)


def _available() -> bool:
    if importlib.util.find_spec("pyarrow") is None:
        log.warning("satudata_load: pyarrow is not installed; satudata_datastore_load is not offered")
        return False
    return True


class LoadPlugin(p.SingletonPlugin):
    # IActions
    p.implements(p.IActions)

    def get_actions(self):
        if not _available():
            return {}
        from ckanext.satudata.load import logic

        return {"satudata_datastore_load": logic.satudata_datastore_load}

    # IAuthFunctions
    p.implements(p.IAuthFunctions)

    def get_auth_functions(self):
        if not _available():
            return {}
        from ckanext.satudata.load import logic

        return {"satudata_datastore_load": logic.satudata_datastore_load_auth}
