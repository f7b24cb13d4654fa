"""SearchPlugin (``satudata_search``): CKAN's dataset search served from PostgreSQL, without Solr."""

from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins as p
import sqlalchemy as sa

from ckanext.satudata.search import backend, storage

log = logging.getLogger(__name__)


class SearchPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)

    # IConfigurer: runs before CKAN's start-up check of the Solr schema, so the check is replaced
    # before it runs, and before any search.

    def update_config(self, config_: Any) -> None:
        backend.install()

    # IConfigurable: the database engine exists from here on; create the index table if missing.

    def configure(self, config_: Any) -> None:
        try:
            storage.ensure_schema(model.meta.engine)
        except sa.exc.SQLAlchemyError as exc:
            log.warning("Search index table not created yet (it will be on first use): %s", exc)
