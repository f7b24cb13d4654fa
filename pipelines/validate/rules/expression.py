"""Arithmetic rules between columns: ``laki_laki + perempuan == jumlah``.

A tiny parser, never ``eval``: numbers, column names, ``+ - * /``, parentheses, ``round()`` and
``abs()``, and exactly one comparison (``== != <= >= < >``). ``tolerance`` (absolute) loosens the
comparison. A row where a column the rule uses is empty is left to the required-value checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.spec import Rule
from pipelines.validate.report import Problem
from pipelines.validate.rules.context import RuleConfigError, RuleContext, fmt_en, fmt_id, make_problem

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|[-+*/()<>]))")
COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
FUNCTIONS = ("round", "abs")


@dataclass(frozen=True)
class Node:
    op: str  # "num", "col", "neg", "call", or an arithmetic operator
    args: tuple[Any, ...]


def tokenize(text: str) -> list[str]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise RuleConfigError(f"cannot read the rule at {text[pos:]!r}")
        tokens.append(m.group(m.lastindex))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]):
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            raise RuleConfigError(f"expected {expected or 'more'} in the rule, found {tok!r}")
        self.pos += 1
        return tok

    def comparison(self) -> tuple[Node, str, Node]:
        left = self.sum()
        op = self.take()
        if op not in COMPARISONS:
            raise RuleConfigError(f"a rule needs one comparison ({' '.join(COMPARISONS)}), found {op!r}")
        right = self.sum()
        if self.peek() is not None:
            raise RuleConfigError(f"unexpected {self.peek()!r} after the comparison")
        return left, op, right

    def sum(self) -> Node:
        node = self.term()
        while self.peek() in ("+", "-"):
            node = Node(self.take(), (node, self.term()))
        return node

    def term(self) -> Node:
        node = self.factor()
        while self.peek() in ("*", "/"):
            node = Node(self.take(), (node, self.factor()))
        return node

    def factor(self) -> Node:
        tok = self.take()
        if tok == "-":
            return Node("neg", (self.factor(),))
        if tok == "(":
            node = self.sum()
            self.take(")")
            return node
        if tok[0].isdigit():
            return Node("num", (float(tok),))
        if tok[0].isalpha() or tok[0] == "_":
            if self.peek() == "(":
                if tok not in FUNCTIONS:
                    raise RuleConfigError(f"unknown function {tok!r}: use {', '.join(FUNCTIONS)}")
                self.take("(")
                inner = self.sum()
                self.take(")")
                return Node("call", (tok, inner))
            return Node("col", (tok,))
        raise RuleConfigError(f"unexpected {tok!r} in the rule")


def parse(text: str) -> tuple[Node, str, Node]:
    return _Parser(tokenize(text)).comparison()


def columns_of(node: Node) -> list[str]:
    if node.op == "col":
        return [node.args[0]]
    return [c for a in node.args if isinstance(a, Node) for c in columns_of(a)]


_NULL = pa.scalar(None, pa.float64())


def evaluate(node: Node, columns: dict[str, Any]) -> Any:
    """The side of a rule over whole columns (pyarrow float64 arrays): vectorised, no row loop.
    An empty cell, or a division by zero, gives an empty result for that row."""
    if node.op == "num":
        return pa.scalar(node.args[0], pa.float64())
    if node.op == "col":
        return columns[node.args[0]]
    if node.op == "neg":
        return pc.negate(evaluate(node.args[0], columns))
    if node.op == "call":
        inner = evaluate(node.args[1], columns)
        return pc.round(inner) if node.args[0] == "round" else pc.abs(inner)
    left, right = evaluate(node.args[0], columns), evaluate(node.args[1], columns)
    if node.op == "/":
        return pc.if_else(pc.equal(right, 0.0), _NULL, pc.divide(left, right))
    return {"+": pc.add, "-": pc.subtract, "*": pc.multiply}[node.op](left, right)


def holds(left: Any, op: str, right: Any, tolerance: float) -> Any:
    """Per row: does ``left op right`` hold, within ``tolerance`` (and a hair for float rounding)?"""
    slack = pc.add(tolerance, pc.multiply(1e-9, pc.max_element_wise(pc.abs(left), pc.abs(right), 1.0)))
    diff = pc.subtract(left, right)
    if op == "==":
        return pc.less_equal(pc.abs(diff), slack)
    if op == "!=":
        return pc.greater(pc.abs(diff), slack)
    if op == "<=":
        return pc.less_equal(left, pc.add(right, slack))
    if op == ">=":
        return pc.greater_equal(left, pc.subtract(right, slack))
    if op == "<":
        return pc.less(left, pc.add(right, tolerance))
    return pc.greater(left, pc.subtract(right, tolerance))


def show(node: Node, headers: dict[str, str]) -> str:
    """The side of a rule as the officer knows it: column names become their headers."""
    if node.op == "num":
        return fmt_id(node.args[0])
    if node.op == "col":
        return f"'{headers.get(node.args[0], node.args[0])}'"
    if node.op == "neg":
        return f"-{show(node.args[0], headers)}"
    if node.op == "call":
        return f"{node.args[0]}({show(node.args[1], headers)})"
    return f"{show(node.args[0], headers)} {node.op} {show(node.args[1], headers)}"


def _broadcast(value: Any, n: int) -> pa.ChunkedArray:
    if isinstance(value, pa.Scalar):
        return pa.chunked_array([pa.array([value.as_py()] * n, pa.float64())])
    return value if isinstance(value, pa.ChunkedArray) else pa.chunked_array([value])


def check_expression(rule: Rule, ctx: RuleContext) -> list[Problem]:
    left, op, right = parse(rule.check)
    used = list(dict.fromkeys(columns_of(left) + columns_of(right)))
    if not used:
        raise RuleConfigError("the rule names no column")
    for name in used:
        ctx.require_column(name, "column")
    data = {name: ctx.number_array(name) for name in used}
    n = ctx.table.num_rows
    lv, rv = _broadcast(evaluate(left, data), n), _broadcast(evaluate(right, data), n)
    failing = pc.fill_null(pc.invert(holds(lv, op, rv, rule.tolerance)), False)
    hits = ctx.within_limit(pc.indices_nonzero(failing).to_pylist())
    if not hits:
        return []
    target = columns_of(right)[0] if len(columns_of(right)) == 1 else used[0]
    shown = {name: ctx.header(name) for name in used}
    left_text, right_text = show(left, shown), show(right, shown)
    raw = pc.take(ctx.table.column(target), hits).to_pylist()
    lefts, rights = pc.take(lv, hits).to_pylist(), pc.take(rv, hits).to_pylist()
    columns_shown = ", ".join(map(repr, shown.values()))
    problems = []
    for i, value, lvalue, rvalue in zip(hits, raw, lefts, rights, strict=True):
        where, diff = ctx.rows[i], lvalue - rvalue
        problems.append(
            make_problem(
                rule,
                "cross-field-mismatch",
                row=where,
                column=ctx.header(target),
                value=value,
                message_id=f"Baris {where}: {left_text} = {fmt_id(lvalue)}, tetapi {right_text} = {fmt_id(rvalue)} "
                f"(aturan {left_text} {op} {right_text}; selisih {fmt_id(diff)}).",
                message_en=f"Row {where}: {left_text} = {fmt_en(lvalue)}, but {right_text} = {fmt_en(rvalue)} "
                f"(rule {left_text} {op} {right_text}; difference {fmt_en(diff)}).",
                hint_id=f"Periksa angka pada baris {where} di kolom {columns_shown} dan perbaiki yang salah ketik.",
                hint_en=f"Check the figures on row {where} in columns {columns_shown} and correct the mistyped one.",
            )
        )
    return problems
