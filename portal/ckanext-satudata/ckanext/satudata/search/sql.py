"""Turn a parsed query (``lucene.py``) into a SQL condition over the search table (``storage.py``).

Fields are matched as ``fields.py`` says: text fields by words in the weighted ``tsv`` vector with the
'simple' configuration (no stemming, so Indonesian words stay whole; a word of ``PREFIX_MIN`` letters
or more also matches as a prefix, ``pendud`` finds ``penduduk``; a "phrase" matches words in order);
``*_ngram`` fields (package_autocomplete) by substring; every other field by exact, case-sensitive
value, with ``*``/``?`` wildcards, ``field:*`` and ``[a TO b]`` ranges.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from ckanext.satudata.search import fields
from ckanext.satudata.search.lucene import MUST, MUST_NOT, SHOULD, Bool, Range, Term

PREFIX_MIN = 3


class Compiled:
    """SQL text with named parameters, plus the positive text queries that make the score."""

    def __init__(self) -> None:
        self.params: dict[str, object] = {}
        self.rank_queries: list[str] = []

    def bind(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"


def _tsquery_literal(word: str, prefix: bool) -> str:
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


def _text_query(out: Compiled, term: Term) -> str | None:
    """A tsquery expression for a text term; None when the term holds no letters or digits."""
    text = term.text
    if term.kind == "wildcard":
        text = re.split(r"[*?]", text, maxsplit=1)[0]
        prefix = True
    else:
        prefix = term.kind == "word" and len(text) >= PREFIX_MIN
    if not any(ch.isalnum() for ch in text):
        return None
    if term.kind == "phrase":
        return f"phraseto_tsquery('simple', {out.bind(text)})"
    return f"to_tsquery('simple', {out.bind(_tsquery_literal(text, prefix))})"


def _text_match(out: Compiled, term: Term, positive: bool) -> str:
    tsq = _text_query(out, term)
    if tsq is None:
        return "TRUE"
    weights = fields.TEXT_WEIGHTS[term.field]
    if positive:
        out.rank_queries.append(tsq)
    if weights == "abcd":
        return f"tsv @@ {tsq}"
    return f"(tsv @@ {tsq} AND ts_filter(tsv, '{{{','.join(weights)}}}') @@ {tsq})"


def values_of(out: Compiled, name: str) -> str:
    """A FROM item ``s(v)``: the values of an exact field in the current row."""
    match fields.kind(name):
        case "column":
            return f"(VALUES ({name})) AS s(v)"
        case "array":
            return f"unnest({name}) AS s(v)"
        case _:
            return f"jsonb_array_elements_text(coalesce(terms->{out.bind(name)}, '[]'::jsonb)) AS s(v)"


def _exact_match(out: Compiled, term: Term) -> str:
    name, field_kind = term.field, fields.kind(term.field)
    if term.kind == "any":
        return {"column": f"{name} IS NOT NULL", "array": f"cardinality({name}) > 0",
                "date": f"{name} IS NOT NULL"}.get(field_kind, f"terms ? {out.bind(name)}")
    if term.kind == "wildcard":
        return f"EXISTS (SELECT 1 FROM {values_of(out, name)} WHERE v LIKE {out.bind(term.like)})"
    if field_kind == "column":
        return f"coalesce({name} = {out.bind(term.text)}, false)"
    if field_kind == "array":
        return f"{out.bind(term.text)} = ANY({name})"
    if field_kind == "date":
        return f"coalesce({name} = {out.bind(_timestamp(term.text))}, false)"
    return f"terms @> CAST({out.bind(json.dumps({name: [term.text]}))} AS jsonb)"


def _ngram_match(out: Compiled, term: Term, positive: bool) -> str:
    base = term.field[: -len("_ngram")]
    pattern = "%" + re.sub(r"([%_\\])", r"\\\1", term.text.lower()) + "%"
    if base == "name":
        return f"name ILIKE {out.bind(pattern)}"
    if base == "title":
        return f"title_sort LIKE {out.bind(pattern)}"
    return _term(out, Term(base, term.text, term.kind, term.like), positive)


_DATE_MATH = re.compile(r"^NOW(?:/(DAY|HOUR|MONTH|YEAR))?(?:([+-])(\d+)(DAYS?|HOURS?|MONTHS?|YEARS?))?$")


def _timestamp(text: str) -> dt.datetime:
    """A Solr date (``2024-01-31T00:00:00Z``, ``2024-01-31``) or simple date math (``NOW-7DAYS``)."""
    match = _DATE_MATH.match(text)
    if match:
        now = dt.datetime.now(dt.UTC)
        if match.group(1):
            now = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if match.group(2):
            amount = int(match.group(3)) * (1 if match.group(2) == "+" else -1)
            unit = match.group(4).rstrip("S")
            days = {"DAY": 1, "MONTH": 30, "YEAR": 365}.get(unit)
            try:
                now += dt.timedelta(hours=amount) if unit == "HOUR" else dt.timedelta(days=amount * days)
            except OverflowError as exc:
                raise ValueError(f"date out of range: {text!r}") from exc
        return now
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"not a date: {text!r}") from exc
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _is_number(text: str | None) -> bool:
    return text is None or re.fullmatch(r"-?\d+(\.\d+)?", text) is not None


def _range_match(out: Compiled, node: Range) -> str:
    name = node.field or "text"
    low_op = ">=" if node.include_low else ">"
    high_op = "<=" if node.include_high else "<"
    if fields.kind(name) == "date":
        conds = [f"{name} {low_op} {out.bind(_timestamp(node.low))}"] if node.low else []
        conds += [f"{name} {high_op} {out.bind(_timestamp(node.high))}"] if node.high else []
        return "coalesce(" + (" AND ".join(conds) or f"{name} IS NOT NULL") + ", false)"
    numeric = _is_number(node.low) and _is_number(node.high)
    value = "v::numeric" if numeric else "v"
    conds = ["v ~ '^-?[0-9]+(\\.[0-9]+)?$'"] if numeric else []
    for bound, op in ((node.low, low_op), (node.high, high_op)):
        if bound is None:
            continue
        if not numeric and _DATE_MATH.match(bound):
            bound = _timestamp(bound).strftime("%Y-%m-%dT%H:%M:%SZ")
        conds.append(f"{value} {op} " + (f"CAST({out.bind(bound)} AS numeric)" if numeric else out.bind(bound)))
    return f"EXISTS (SELECT 1 FROM {values_of(out, name)} WHERE {' AND '.join(conds) or 'TRUE'})"


def _term(out: Compiled, node: Term, positive: bool) -> str:
    if node.kind == "all":
        return "TRUE"
    node = Term(node.field or "text", node.text, node.kind, node.like)
    match fields.kind(node.field):
        case "text" if node.kind == "any":
            return f"length(ts_filter(tsv, '{{{','.join(fields.TEXT_WEIGHTS[node.field])}}}')) > 0"
        case "text":
            return _text_match(out, node, positive)
        case "ngram":
            return _ngram_match(out, node, positive)
        case _:
            return _exact_match(out, node)


def compile_node(out: Compiled, node: object, positive: bool = True) -> str:
    """SQL for one node; never NULL, so that NOT works as in Lucene."""
    if isinstance(node, Term):
        return _term(out, node, positive)
    if isinstance(node, Range):
        return _range_match(out, node)
    if not isinstance(node, Bool):
        raise TypeError(node)
    must = [compile_node(out, n, positive) for occur, n in node.clauses if occur == MUST]
    must_not = [compile_node(out, n, False) for occur, n in node.clauses if occur == MUST_NOT]
    should = [compile_node(out, n, positive) for occur, n in node.clauses if occur == SHOULD]
    parts = list(must)
    needed = node.min_should or (0 if must else 1)
    if should and needed:
        if needed >= len(should):
            parts.extend(should)
        elif needed == 1:
            parts.append("(" + " OR ".join(should) + ")")
        else:
            parts.append("(" + " OR ".join(should) + ")")
            parts.append("((" + ")::int + (".join(should) + f")::int) >= {int(needed)}")
    if not parts and not must_not:
        return "FALSE"
    parts += [f"NOT ({cond})" for cond in must_not]
    return "(" + " AND ".join(parts or ["TRUE"]) + ")"


def rank_expression(out: Compiled) -> str:
    """ts_rank over every positive text query (the weights A-D set by ``storage.py``); 1 when none."""
    if not out.rank_queries:
        return "1.0::real"
    return f"ts_rank(tsv, ({' || '.join(out.rank_queries)}))"
