"""The ``satudata_load`` plugin: the server side of publishing. ``satudata_datastore_load`` loads
uploaded Parquet resources into a typed DataStore table with PostgreSQL ``COPY`` (``logic.py``);
``satudata_publish_lock`` keeps runs of one dataset apart (``lock.py``); ``satudata_publish_commit``
switches a dataset to its staged version keeping every resource id, and ``satudata_publish_cleanup``
drops DataStore tables left behind (``commit.py``).

The load action needs ``pyarrow`` in CKAN's environment (``REQUIREMENTS.txt``). Without it the plugin
still loads but offers no load action, and the pipeline falls back to the plain DataStore API."""

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
        from ckanext.satudata.load import commit, lock

        actions = {
            "satudata_publish_lock": lock.satudata_publish_lock,
            "satudata_publish_commit": commit.satudata_publish_commit,
            "satudata_publish_cleanup": commit.satudata_publish_cleanup,
        }
        if _available():
            from ckanext.satudata.load import logic

            actions["satudata_datastore_load"] = logic.satudata_datastore_load
        return actions

    # IAuthFunctions
    p.implements(p.IAuthFunctions)

    def get_auth_functions(self):
        if not _available():
            return {}
        from ckanext.satudata.load import logic

        return {"satudata_datastore_load": logic.satudata_datastore_load_auth}
