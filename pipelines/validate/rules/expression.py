"""Arithmetic rules between columns: ``laki_laki + perempuan == jumlah``.

A tiny parser, never ``eval``: numbers, column names, ``+ - * /``, parentheses, ``round()`` and
``abs()``, and exactly one comparison (``== != <= >= < >``). ``tolerance`` (absolute) loosens the
comparison. A row where a column the rule uses is empty is left to the required-value checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipelines.spec import Rule
from pipelines.validate.report import Problem
from pipelines.validate.rules.context import RuleConfigError, RuleContext, fmt_en, fmt_id, make_problem

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|[-+*/()<>]))")
COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
FUNCTIONS = {"round": round, "abs": abs}


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


def evaluate(node: Node, row: dict[str, float | None]) -> float | None:
    if node.op == "num":
        return node.args[0]
    if node.op == "col":
        return row[node.args[0]]
    if node.op == "neg":
        inner = evaluate(node.args[0], row)
        return None if inner is None else -inner
    if node.op == "call":
        inner = evaluate(node.args[1], row)
        return None if inner is None else float(FUNCTIONS[node.args[0]](inner))
    left, right = evaluate(node.args[0], row), evaluate(node.args[1], row)
    if left is None or right is None:
        return None
    if node.op == "/":
        return None if right == 0 else left / right
    return {"+": left + right, "-": left - right, "*": left * right}[node.op]


def holds(left: float, op: str, right: float, tolerance: float) -> bool:
    slack = tolerance + 1e-9 * max(abs(left), abs(right), 1.0)
    return {
        "==": abs(left - right) <= slack,
        "!=": abs(left - right) > slack,
        "<=": left <= right + slack,
        ">=": left >= right - slack,
        "<": left < right + tolerance,
        ">": left > right - tolerance,
    }[op]


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


def check_expression(rule: Rule, ctx: RuleContext) -> list[Problem]:
    left, op, right = parse(rule.check)
    used = list(dict.fromkeys(columns_of(left) + columns_of(right)))
    for name in used:
        ctx.require_column(name, "column")
    data = {name: ctx.numbers(name) for name in used}
    target = columns_of(right)[0] if len(columns_of(right)) == 1 else used[0]
    shown = {n: ctx.header(n) for n in used}
    left_text, right_text = show(left, shown), show(right, shown)
    raw = ctx.values(target)
    problems = []
    for i in range(ctx.table.num_rows):
        row = {name: data[name][i] for name in used}
        lv, rv = evaluate(left, row), evaluate(right, row)
        if lv is None or rv is None or holds(lv, op, rv, rule.tolerance):
            continue
        where = ctx.rows[i]
        diff = lv - rv
        problems.append(
            make_problem(
                rule,
                "cross-field-mismatch",
                row=where,
                column=ctx.header(target),
                value=raw[i],
                message_id=f"Baris {where}: {left_text} = {fmt_id(lv)}, tetapi {right_text} = {fmt_id(rv)} "
                f"(aturan {left_text} {op} {right_text}; selisih {fmt_id(diff)}).",
                message_en=f"Row {where}: {left_text} = {fmt_en(lv)}, but {right_text} = {fmt_en(rv)} "
                f"(rule {left_text} {op} {right_text}; difference {fmt_en(diff)}).",
                hint_id=f"Periksa angka pada baris {where} di kolom {', '.join(map(repr, shown.values()))} "
                "dan perbaiki yang salah ketik.",
                hint_en=f"Check the figures on row {where} in columns {', '.join(map(repr, shown.values()))} "
                "and correct the one that was mistyped.",
            )
        )
    return problems
