"""Parse the Lucene/Solr query strings that CKAN sends (q and fq) into a small tree.

The standard syntax, as Solr has it (``dismax.py`` reads free text):

- ``parse_standard``: the classic Lucene parser (``+site_id:"default" +state:active``,
  ``tags:"a" organization:b``, ``field:(a OR b)``, ``-field:x``, ``NOT x``, ``a AND b``, ``*:*``,
  ``field:[a TO b]``, ``field:pre*``). Clauses get MUST / SHOULD / MUST_NOT the way Lucene's
  classic parser assigns them, with the default operator (``q.op``) for juxtaposed clauses.

The tree is plain data (``Term``, ``Range``, ``Bool``); ``sql.py`` turns it into SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MUST, SHOULD, MUST_NOT = "must", "should", "must_not"
# Limits of one query string: groups nested deeper, or more clauses in all, are refused as a syntax
# error (Solr's maxBooleanClauses is 1024 too). Python's recursion and PostgreSQL's stack stay far.
MAX_DEPTH = 32
MAX_CLAUSES = 1024


class QuerySyntaxError(ValueError):
    """The query string is not valid Lucene syntax."""


@dataclass(frozen=True)
class Term:
    """``field:text``. kind: word | phrase | wildcard | any (``field:*``) | all (``*:*``).
    ``like`` is a SQL LIKE pattern for a wildcard term."""

    field: str | None
    text: str
    kind: str = "word"
    like: str | None = None


@dataclass(frozen=True)
class Range:
    """``field:[low TO high]``; None for an open end (``*``)."""

    field: str | None
    low: str | None
    high: str | None
    include_low: bool = True
    include_high: bool = True


@dataclass
class Bool:
    """A boolean group of clauses: (occur, node) pairs; ``min_should`` optional clauses must match
    (0: optional clauses only count when there is no required clause, as in Lucene)."""

    clauses: list[tuple[str, object]] = field(default_factory=list)
    min_should: int = 0


# ---------------------------------------------------------------- tokens

_SPECIAL = set(' \t\r\n()[]{}":^~')
_WORD_OPS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "&&": "AND", "||": "OR"}


@dataclass(frozen=True)
class _Tok:
    kind: str  # TERM PHRASE RANGE LPAREN RPAREN COLON AND OR NOT PLUS MINUS
    text: str = ""
    like: str | None = None
    range: tuple | None = None


def like_escape(ch: str) -> str:
    return "\\" + ch if ch in "%_\\" else ch


def _read_term(s: str, i: int) -> tuple[_Tok, int]:
    text, like, wild = [], [], False
    while i < len(s) and s[i] not in _SPECIAL:
        ch = s[i]
        if ch == "\\" and i + 1 < len(s):
            text.append(s[i + 1])
            like.append(like_escape(s[i + 1]))
            i += 2
            continue
        if ch in "*?":
            wild = True
            like.append("%" if ch == "*" else "_")
        else:
            like.append(like_escape(ch))
        text.append(ch)
        i += 1
    return _Tok("TERM", "".join(text), "".join(like) if wild else None), i


def _read_quoted(s: str, i: int) -> tuple[str, int]:
    out = []
    i += 1
    while i < len(s) and s[i] != '"':
        if s[i] == "\\" and i + 1 < len(s):
            out.append(s[i + 1])
            i += 2
            continue
        out.append(s[i])
        i += 1
    if i >= len(s):
        raise QuerySyntaxError("unterminated quote")
    return "".join(out), i + 1


def _read_range(s: str, i: int) -> tuple[_Tok, int]:
    include_low = s[i] == "["
    end = i + 1
    while end < len(s) and s[end] not in "]}":
        end += 2 if s[end] == "\\" else 1
    if end >= len(s):
        raise QuerySyntaxError("unterminated range")
    body = s[i + 1 : end].strip()
    parts = re.split(r"\s+TO\s+", body)
    if len(parts) != 2:
        raise QuerySyntaxError(f"range without TO: {body!r}")

    def bound(text: str) -> str | None:
        text = text.strip()
        if text.startswith('"') and text.endswith('"') and len(text) >= 2:
            text = text[1:-1]
        text = re.sub(r"\\(.)", r"\1", text)
        return None if text == "*" else text

    low, high = bound(parts[0]), bound(parts[1])
    return _Tok("RANGE", range=(low, high, include_low, s[end] == "]")), end + 1


def _skip_boost(s: str, i: int) -> int:
    """``^2.5`` (boost) and ``~2`` (fuzzy/slop) only change scores in Solr: read and drop them."""
    while i < len(s) and s[i] in "^~":
        i += 1
        while i < len(s) and (s[i].isdigit() or s[i] == "."):
            i += 1
    return i


def tokenize(s: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            toks.append(_Tok("LPAREN"))
            i += 1
        elif ch == ")":
            toks.append(_Tok("RPAREN"))
            i = _skip_boost(s, i + 1)
        elif ch == ":":
            toks.append(_Tok("COLON"))
            i += 1
        elif ch == '"':
            text, i = _read_quoted(s, i)
            toks.append(_Tok("PHRASE", text))
            i = _skip_boost(s, i)
        elif ch in "[{":
            tok, i = _read_range(s, i)
            toks.append(tok)
        elif ch in "]}":
            raise QuerySyntaxError(f"unexpected {ch!r}")
        elif ch in "+-!" and (not toks or toks[-1].kind != "COLON") and i + 1 < len(s) \
                and not s[i + 1].isspace():
            toks.append(_Tok({"+": "PLUS", "-": "MINUS", "!": "NOT"}[ch]))
            i += 1
        elif s.startswith(("&&", "||"), i):
            toks.append(_Tok(_WORD_OPS[s[i : i + 2]]))
            i += 2
        elif ch in "^~":
            i = _skip_boost(s, i)
        else:
            tok, i = _read_term(s, i)
            if tok.text in ("AND", "OR", "NOT") and tok.like is None:
                tok = _Tok(tok.text)
            toks.append(tok)
            i = _skip_boost(s, i)
    return toks


# ---------------------------------------------------------------- standard (Lucene classic) parser

class _Parser:
    def __init__(self, toks: list[_Tok], default_and: bool) -> None:
        self.toks = toks
        self.pos = 0
        self.default_and = default_and
        self.depth = 0
        self.clauses = 0

    def peek(self, offset: int = 0) -> _Tok | None:
        j = self.pos + offset
        return self.toks[j] if j < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def group(self, field_name: str | None) -> Bool:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError(f"groups nested more than {MAX_DEPTH} deep")
        node = Bool()
        while (tok := self.peek()) is not None and tok.kind != "RPAREN":
            conj = self.take().kind if tok.kind in ("AND", "OR") else None
            modifier = None
            if (tok := self.peek()) is not None and tok.kind in ("PLUS", "MINUS", "NOT"):
                modifier = self.take().kind
            if self.peek() is None or self.peek().kind == "RPAREN":
                if conj or modifier:
                    raise QuerySyntaxError("operator without a clause")
                break
            self._add(node, conj, modifier, self.clause(field_name))
            self.clauses += 1
            if self.clauses > MAX_CLAUSES:
                raise QuerySyntaxError(f"more than {MAX_CLAUSES} clauses")
        self.depth -= 1
        return node

    def _add(self, node: Bool, conj: str | None, modifier: str | None, clause: object) -> None:
        clauses = node.clauses
        if clauses and conj == "AND" and clauses[-1][0] == SHOULD:
            clauses[-1] = (MUST, clauses[-1][1])
        if clauses and conj == "OR" and self.default_and and clauses[-1][0] == MUST:
            clauses[-1] = (SHOULD, clauses[-1][1])
        prohibited = modifier in ("MINUS", "NOT")
        if self.default_and:
            required = not prohibited and conj != "OR"
        else:
            required = modifier == "PLUS" or (conj == "AND" and not prohibited)
        clauses.append((MUST_NOT if prohibited else MUST if required else SHOULD, clause))

    def clause(self, field_name: str | None) -> object:
        tok = self.take()
        if tok.kind == "TERM" and self.peek() is not None and self.peek().kind == "COLON":
            self.take()
            name = tok.text
            nxt = self.peek()
            if nxt is None:
                raise QuerySyntaxError(f"field {name!r} without a value")
            if nxt.kind == "LPAREN":
                self.take()
                inner = self.group(name)
                self._close()
                return inner
            return self.value(self.take(), name)
        if tok.kind == "LPAREN":
            inner = self.group(field_name)
            self._close()
            return inner
        return self.value(tok, field_name)

    def _close(self) -> None:
        if self.peek() is None or self.take().kind != "RPAREN":
            raise QuerySyntaxError("missing )")

    @staticmethod
    def value(tok: _Tok, field_name: str | None) -> object:
        if tok.kind == "PHRASE":
            return Term(field_name, tok.text, "phrase")
        if tok.kind == "RANGE":
            return Range(field_name, *tok.range)
        if tok.kind != "TERM":
            raise QuerySyntaxError(f"unexpected {tok.kind}")
        if tok.text == "*" and tok.like is not None:
            return Term(None, "*", "all") if field_name == "*" else Term(field_name, "*", "any")
        if tok.like is not None:
            return Term(field_name, tok.text, "wildcard", tok.like)
        return Term(field_name, tok.text, "word")


def parse_standard(q: str, default_and: bool = True) -> Bool:
    """Parse ``q`` with the classic Lucene syntax (fields, boolean operators, ranges)."""
    parser = _Parser(tokenize(q), default_and)
    node = parser.group(None)
    if parser.peek() is not None:
        raise QuerySyntaxError("unbalanced )")
    return node
