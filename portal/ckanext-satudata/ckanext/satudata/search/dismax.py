"""Free text as Solr's dismax parser reads it (a ``q`` without ``:``): words, "phrases", ``+word``
and ``-word``; everything else is text. ``mm`` says how many optional words must match."""

from __future__ import annotations

import math
import re

from ckanext.satudata.search.lucene import (
    MAX_CLAUSES,
    MUST,
    MUST_NOT,
    SHOULD,
    Bool,
    QuerySyntaxError,
    Term,
    like_escape,
)


def min_should_match(mm: str | None, optional: int) -> int:
    """Solr's ``mm`` spec (``2<-1 5<80%``, ``75%``, ``-1``, ``3``) for ``optional`` clauses."""
    if optional == 0:
        return 0
    spec = (mm or "100%").strip()
    if "<" in spec:
        chosen = None
        for part in spec.split():
            limit, _, rule = part.partition("<")
            if optional > int(limit):
                chosen = rule
        if chosen is None:
            return optional
        spec = chosen
    if spec.endswith("%"):
        pct = int(spec[:-1])
        count = math.floor(optional * abs(pct) / 100)
        required = count if pct >= 0 else optional - count
    else:
        number = int(spec)
        required = number if number >= 0 else optional + number
    return max(1, min(optional, required))


def parse_dismax(q: str, mm: str | None) -> Bool:
    """Free text as dismax reads it: words and "phrases", optional unless ``+``; ``-`` excludes."""
    node = Bool()
    for match in re.finditer(r'([+-]?)(?:"([^"]*)"|(\S+))', q):
        sign, phrase, word = match.groups()
        if phrase is not None:
            term = Term(None, phrase, "phrase")
        else:
            word = word.strip('"')
            term = Term(None, word, "word") if "*" not in word else \
                Term(None, word, "wildcard", "".join(like_escape(c) for c in word).replace("*", "%"))
        if not any(ch.isalnum() for ch in term.text):
            continue
        node.clauses.append((MUST if sign == "+" else MUST_NOT if sign == "-" else SHOULD, term))
        if len(node.clauses) > MAX_CLAUSES:
            raise QuerySyntaxError(f"more than {MAX_CLAUSES} words")
    node.min_should = min_should_match(mm, sum(1 for occur, _ in node.clauses if occur == SHOULD))
    return node
