"""Run one Solr-style search request (the parameters CKAN passes to ``pysolr.Solr.search``) as SQL.

Answers what CKAN reads from a pysolr result: ``hits``, ``docs`` (the ``fl`` fields) and
``facets`` (``{"facet_fields": {field: [value, count, value, count, ...]}}``, ordered by count, then
value, as Solr does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ckanext.satudata.search import lucene
from ckanext.satudata.search.sql import DATE_COLUMNS, Compiled, compile_node, rank_expression
from ckanext.satudata.search.storage import TABLE

_COLUMNS = {"id", "name", "data_dict", "validated_data_dict"}
_SORT_COLUMNS = {"name": "name", "id": "id", "title_string": "title_sort", "score": "score"}


class SearchRequestError(ValueError):
    """The request cannot be answered: bad syntax, unknown sort order, bad number."""


@dataclass
class Results:
    hits: int
    docs: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, Any] = field(default_factory=dict)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return [str(value)] if str(value).strip() else []


def _int(params: dict[str, Any], key: str, default: int) -> int:
    value = params.get(key, default)
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise SearchRequestError(f"{key} must be a whole number, got {value!r}") from exc


def where_clause(out: Compiled, q: str | None, params: dict[str, Any]) -> str:
    """The SQL condition for q (dismax or standard, as CKAN asks) and every fq."""
    default_and = str(params.get("q.op", "AND")).upper() != "OR"
    q = (q or "").strip() or "*:*"
    try:
        if params.get("defType") == "dismax" and ":" not in q:
            query = lucene.parse_dismax(q, params.get("mm"))
        else:
            query = lucene.parse_standard(q, default_and)
        conditions = [compile_node(out, query)]
        for fq in _as_list(params.get("fq")):
            conditions.append(compile_node(out, lucene.parse_standard(fq, default_and), positive=False))
    except (lucene.QuerySyntaxError, ValueError) as exc:
        raise SearchRequestError(f"org.apache.solr.search.SyntaxError: {exc}") from exc
    return " AND ".join(conditions)


def order_clause(out: Compiled, sort: str | None) -> str:
    terms = []
    for part in (sort or "score desc").split(","):
        bits = part.split()
        if not bits:
            continue
        if len(bits) != 2 or bits[1].lower() not in ("asc", "desc"):
            raise SearchRequestError(f"Can't determine a Sort Order (asc or desc) in sort spec {part!r}")
        name, direction = bits[0], bits[1].upper()
        if name in _SORT_COLUMNS or name in DATE_COLUMNS:
            expr = _SORT_COLUMNS.get(name, name)
        elif re.fullmatch(r"[\w.-]+", name):
            expr = f"(doc->{out.bind(name)})"
        else:
            raise SearchRequestError(f"Can't determine a Sort Order: unknown field {name!r}")
        terms.append(f"{expr} {direction} NULLS LAST")
    return ", ".join(terms + ["id ASC"])


def _select_list(fields: list[str]) -> str:
    wanted = {"id", "name"} | ({"data_dict", "validated_data_dict"} if "*" in fields else set())
    wanted |= _COLUMNS & set(fields)
    cols = sorted(wanted)
    if "*" in fields or set(fields) - _COLUMNS - {"score"}:
        cols.append("doc")
    return ", ".join(cols)


def _doc(row: Any, fields: list[str]) -> dict[str, Any]:
    values = row._mapping
    if "*" in fields:
        out = dict(values["doc"])
        out.update(data_dict=values["data_dict"], validated_data_dict=values["validated_data_dict"])
        if "score" in fields:
            out["score"] = values["score"]
        return out
    out = {}
    for name in fields:
        if name == "score":
            out["score"] = values["score"]
        elif name in _COLUMNS:
            out[name] = values[name]
        elif name in (values["doc"] or {}):
            out[name] = values["doc"][name]
    return out


def _facets(conn: Connection, out: Compiled, where: str, params: dict[str, Any]) -> dict[str, list]:
    names = _as_list(params.get("facet.field"))
    if str(params.get("facet", "true")).lower() != "true" or not names:
        return {}
    limit = _int(params, "facet.limit", 50)
    mincount = _int(params, "facet.mincount", 1)
    rows = conn.execute(
        sa.text(
            f"""
            WITH hits AS MATERIALIZED (SELECT terms FROM {TABLE} WHERE {where})
            SELECT field, value, n FROM (
                SELECT f.field, v.value, count(*) AS n,
                       row_number() OVER (PARTITION BY f.field
                                          ORDER BY count(*) DESC, v.value COLLATE "C") AS rank
                FROM hits
                CROSS JOIN unnest(CAST(:facet_fields AS text[])) AS f(field)
                CROSS JOIN jsonb_array_elements_text(coalesce(hits.terms -> f.field, '[]'::jsonb)) AS v(value)
                GROUP BY f.field, v.value
                HAVING count(*) >= :facet_mincount
            ) counted
            WHERE :facet_limit < 0 OR rank <= :facet_limit
            ORDER BY field, rank
            """
        ),
        dict(out.params, facet_fields=names, facet_mincount=mincount, facet_limit=limit),
    )
    facets: dict[str, list] = {name: [] for name in names}
    for row in rows:
        facets[row.field] += [row.value, row.n]
    return facets


def search(conn: Connection, q: str | None, params: dict[str, Any]) -> Results:
    """Answer one request: the count, the page of documents and the facets."""
    out = Compiled()
    where = where_clause(out, q, params)
    rank = rank_expression(out)
    order = order_clause(out, params.get("sort"))
    fields = [f for f in re.split(r"[\s,]+", str(params.get("fl") or "id")) if f]
    rows = max(_int(params, "rows", 10), 0)
    start = max(_int(params, "start", 0), 0)

    hits = conn.execute(sa.text(f"SELECT count(*) FROM {TABLE} WHERE {where}"), out.params).scalar_one()
    docs: list[dict[str, Any]] = []
    if rows and hits > start:
        page = conn.execute(
            sa.text(
                f"SELECT {_select_list(fields)}, score FROM ("
                f"  SELECT *, {rank} AS score FROM {TABLE} WHERE {where}"
                f") ranked ORDER BY {order} LIMIT :page_rows OFFSET :page_start"
            ),
            dict(out.params, page_rows=rows, page_start=start),
        )
        docs = [_doc(row, fields) for row in page]
    return Results(hits=hits, docs=docs, facets={"facet_fields": _facets(conn, out, where, params)})
