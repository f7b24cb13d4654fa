"""CKAN's search classes, with their Solr calls answered by PostgreSQL.

CKAN builds the full index document in ``PackageSearchIndex.index_package`` (extras, tags, groups,
organisation, resources, ``before_dataset_index`` hooks, permission labels) and prepares every query
in ``PackageSearchQuery.run`` (``fq`` for site, state and permission labels, facet defaults, local
parameter checks, result post-processing). Both end with ``make_connection()`` and a pysolr call.
The classes here reuse those two methods unchanged, with the one global name ``make_connection``
bound to ``Connection``, which stores to and searches the table in ``storage.py``. Deleting,
clearing, ``get_index`` (``package_show``'s cache) and ``get_all_entity_ids`` are plain SQL.

``install()`` puts these classes where CKAN looks for them (``_INDICES``, ``_QUERIES``, the
``PackageSearchQuery`` name that ``model_dictize`` instantiates) and replaces the Solr schema check.
"""

from __future__ import annotations

import logging
import types
from collections.abc import Callable
from typing import Any

import ckan.lib.search as search
import ckan.model as model
import pysolr
import sqlalchemy as sa
from ckan.common import config
from ckan.lib.search.common import SearchError, SearchIndexError, SearchQueryError
from ckan.lib.search.index import PackageSearchIndex
from ckan.lib.search.query import PackageSearchQuery

from ckanext.satudata.search import execute, storage
from ckanext.satudata.search.facet_index import FacetIndex

log = logging.getLogger(__name__)


def _engine() -> sa.engine.Engine:
    engine = model.meta.engine
    if engine is None:
        raise SearchError("The database engine is not initialised yet")
    return engine


def _site_id() -> str:
    return config.get("ckan.site_id")


def _with_table(action: Callable[[sa.engine.Engine], Any]) -> Any:
    """Run ``action``; when a table or column is missing (new or cleaned database, older layout),
    create what is missing and retry."""
    engine = _engine()
    try:
        return action(engine)
    except sa.exc.ProgrammingError as exc:
        if type(getattr(exc, "orig", None)).__name__ not in ("UndefinedTable", "UndefinedColumn"):
            raise
    storage.ensure_schema(engine)
    return action(engine)


class Connection:
    """The part of a ``pysolr.Solr`` connection that CKAN's index and query code calls."""

    url = f"postgresql table {storage.TABLE}"
    # Facet masks of this process, shared by its searches (see facet_index.py).
    facet_index = FacetIndex()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def add(self, docs: list[dict[str, Any]], commit: bool = True, **kwargs: Any) -> None:
        try:
            _with_table(lambda engine: storage.write(engine, docs))
        except sa.exc.SQLAlchemyError as exc:
            raise SearchIndexError(f"Could not write the search index: {exc}") from exc

    def search(self, q: str | None = None, **params: Any) -> execute.Results:
        """A request the caller got wrong raises SearchQueryError, which CKAN's API answers with 400
        (``PackageSearchQuery.run`` passes it on: only a SolrError becomes a SearchError, 409)."""
        try:
            return _with_table(lambda engine: _search(engine, q, params, self.facet_index))
        except execute.SearchRequestError as exc:
            raise SearchQueryError(str(exc)) from exc
        except sa.exc.DataError as exc:  # a value PostgreSQL refused: the caller's input
            raise SearchQueryError(f"Search value refused by PostgreSQL: {exc.orig}") from exc
        except sa.exc.SQLAlchemyError as exc:
            raise pysolr.SolrError(f"Search failed in PostgreSQL: {exc}") from exc


def _search(engine: sa.engine.Engine, q: str | None, params: dict[str, Any],
            facet_index: FacetIndex) -> execute.Results:
    with engine.connect() as conn:
        return execute.search(conn, q, params, facet_index)


def _rebound(func: Callable, **names: Any) -> Callable:
    """``func`` (same code) seeing ``names`` instead of its module's globals of those names."""
    missing = [n for n in names if n not in func.__code__.co_names]
    if missing:
        raise RuntimeError(f"{func.__qualname__} no longer uses {missing}: update ckanext.satudata.search")
    scope = dict(func.__globals__, **names)
    clone = types.FunctionType(func.__code__, scope, func.__name__, func.__defaults__, func.__closure__)
    clone.__kwdefaults__ = func.__kwdefaults__
    clone.__doc__ = func.__doc__
    clone.__qualname__ = func.__qualname__
    return clone


class PostgresPackageIndex(PackageSearchIndex):
    index_package = _rebound(PackageSearchIndex.index_package, make_connection=Connection)

    def delete_package(self, pkg_dict: dict[str, Any]) -> None:
        reference = pkg_dict.get("id") or pkg_dict.get("name")
        try:
            _with_table(lambda engine: storage.delete(engine, _site_id(), reference))
        except sa.exc.SQLAlchemyError as exc:
            raise SearchIndexError(exc) from exc

    def clear(self) -> None:
        try:
            _with_table(lambda engine: storage.clear(engine, _site_id()))
        except sa.exc.SQLAlchemyError as exc:
            raise SearchIndexError(exc) from exc

    def commit(self) -> None:
        """Every write is committed when made: nothing is pending."""


class PostgresPackageQuery(PackageSearchQuery):
    run = _rebound(PackageSearchQuery.run, make_connection=Connection)

    def get_index(self, reference: str) -> dict[str, Any]:
        try:
            doc = _with_table(lambda engine: storage.document(engine, _site_id(), reference))
        except sa.exc.SQLAlchemyError as exc:
            raise SearchError(f"Could not read the search index: {exc}") from exc
        if doc is None:
            raise SearchError(f"Dataset not found in the search index: {reference}")
        return doc

    def get_all_entity_ids(self, max_results: int = 1000) -> list[str]:
        return _with_table(lambda engine: storage.active_ids(engine, _site_id(), max_results))


def check_schema_version(schema_file: str | None = None) -> bool:
    """Stands in for ``check_solr_schema_version``: there is no Solr schema to check."""
    log.info("Dataset search is served by PostgreSQL (table %s); Solr is not used", storage.TABLE)
    return True


def install() -> None:
    """Make CKAN's search use the PostgreSQL classes (idempotent)."""
    search._INDICES["package"] = PostgresPackageIndex
    search._QUERIES["package"] = PostgresPackageQuery
    search.PackageSearchQuery = PostgresPackageQuery
    search.check_solr_schema_version = check_schema_version
    # Extensions that index with their own PackageSearchIndex() (ckanext-harvest's
    # harvest_source_reindex) reach CKAN's module-level make_connection: it answers from PostgreSQL too.
    search.index.make_connection = Connection
