"""A policy's conditions evaluated over a whole facts table at once (numpy), for the bulk scan.

Pure, no Django. The same expression text `eligibility.evaluate` reads one person at a time is
parsed by rule-engine and its syntax tree walked into numpy operations over columns, so a scan
of a million people runs the policy as data, not hand-written code. The answers are the same as
rule-engine's, row by row (tests/subsidies/test_vector.py compares them), including its nulls:

- a column is float64 (numbers, booleans as 1/0, dates as day ordinals; NaN is null) or a
  numpy string array ("" is null);
- `x == null` / `x != null` test the null; `==` between two nulls is true;
- an ordering comparison or arithmetic with a null *raises* in rule-engine, which
  `eligibility.evaluate` answers "无法判断" (not passed): here an error mask travels beside
  each value, with rule-engine's short-circuit of `and` / `or`, and a row with an error is not
  passed.

An expression using anything else (`in`, attributes, functions…) raises `Unsupported`; the caller
evaluates that condition row by row instead.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import numpy as np
import rule_engine
import rule_engine.ast as ast

from .eligibility import _CONTEXT


class Unsupported(ValueError):
    pass


def column(values, kind: str):
    """A list of Python values as a column: kind "num" (int/float/bool/date, None → NaN) or
    "str" (None → "")."""
    if kind == "str":
        return np.array([v or "" for v in values], dtype=str)
    out = np.empty(len(values), dtype=np.float64)
    for i, v in enumerate(values):
        out[i] = scalar(v)
    return out


def scalar(value) -> float:
    if value is None:
        return np.nan
    if isinstance(value, datetime.datetime):
        return float(value.date().toordinal())
    if isinstance(value, datetime.date):
        return float(value.toordinal())
    return float(value)


_ORDER = {"ge": np.greater_equal, "gt": np.greater, "le": np.less_equal, "lt": np.less}
_ARITH = {"add": np.add, "sub": np.subtract, "mul": np.multiply}


def _any(*errors):
    """The union of error masks; None is "no row raises"."""
    out = None
    for error in errors:
        if error is not None:
            out = error if out is None else out | error
    return out


class _Eval:
    # Each node → (kind, value, error): kind "num" (float array or a float), "str" (str array
    # or a str), "bool" (bool array), "null"; error None (no row raises) or a bool array of the
    # rows where rule-engine would raise. Literals stay scalars (numpy broadcasts them); a
    # column's null mask is computed once.
    def __init__(self, table: dict, scalars: dict, n: int):
        self.table, self.scalars, self.n = table, scalars, n
        self.nulls: dict = {}

    def isnan(self, value):
        if isinstance(value, float):
            return np.isnan(value)
        key = id(value)
        if key not in self.nulls:
            self.nulls[key] = (value, np.isnan(value))
        return self.nulls[key][1]

    def node(self, node):
        if isinstance(node, ast.Statement):
            return self.node(node.expression)
        if isinstance(node, ast.SymbolExpression):
            if node.name in self.table:
                value = self.table[node.name]
                return ("str" if value.dtype.kind == "U" else "num"), value, None
            if node.name in self.scalars:
                value = self.scalars[node.name]
                if value is None:
                    return "null", None, None
                if isinstance(value, str):
                    return "str", value, None
                return "num", scalar(value), None
            return "null", None, None  # the context's default value: null
        if isinstance(node, ast.NullExpression):
            return "null", None, None
        if isinstance(node, ast.BooleanExpression):
            return "num", 1.0 if node.value else 0.0, None
        if isinstance(node, ast.FloatExpression):
            return "num", float(Decimal(node.value)), None
        if isinstance(node, ast.StringExpression):
            return "str", node.value, None
        if isinstance(node, ast.DatetimeExpression):
            return "num", scalar(node.value), None
        if isinstance(node, ast.LogicExpression):
            left, lerr = self.truth(node.left)
            right, rerr = self.truth(node.right)
            if node.type == "and":
                value = left & right
                # the right side is evaluated (and may raise) only where the left is true
                err = _any(lerr, None if rerr is None else (left & rerr))
            elif node.type == "or":
                value = left | right
                err = _any(lerr, None if rerr is None else (~left & rerr))
            else:
                raise Unsupported(node.type)
            return "bool", value, err
        if isinstance(node, ast.UnaryExpression) and node.type == "not":
            value, err = self.truth(node.right)
            return "bool", ~value, err
        if isinstance(node, ast.ArithmeticComparisonExpression):
            lk, lv, lerr = self.node(node.left)
            rk, rv, rerr = self.node(node.right)
            if lk == "null" or rk == "null":  # rule-engine raises: not passed
                return "bool", self.false(), ~self.false()
            if lk != "num" or rk != "num":
                raise Unsupported("ordering of non-numbers")
            err = _any(lerr, rerr, self.nan_mask(lv), self.nan_mask(rv))
            with np.errstate(invalid="ignore"):
                return "bool", self.array(_ORDER[node.type](lv, rv)), err
        if isinstance(node, ast.ComparisonExpression) and node.type in ("eq", "ne"):
            value, err = self.equal(node.left, node.right)
            return "bool", value if node.type == "eq" else ~value, err
        if isinstance(node, ast.ArithmeticExpression) and node.type in _ARITH:
            lk, lv, lerr = self.node(node.left)
            rk, rv, rerr = self.node(node.right)
            if lk == "null" or rk == "null":
                return "num", np.full(self.n, np.nan), ~self.false()
            if lk != "num" or rk != "num":
                raise Unsupported("arithmetic of non-numbers")
            err = _any(lerr, rerr, self.nan_mask(lv), self.nan_mask(rv))
            return "num", _ARITH[node.type](lv, rv), err
        raise Unsupported(type(node).__name__)

    def false(self):
        return np.zeros(self.n, dtype=bool)

    def array(self, value):
        if isinstance(value, np.ndarray):
            return value
        return np.full(self.n, bool(value))

    def nan_mask(self, value):
        """Rows where a number is null (None: none is)."""
        if isinstance(value, float):
            return ~self.false() if np.isnan(value) else None
        return self.isnan(value)

    def truth(self, node):
        kind, value, err = self.node(node)
        if kind == "bool":
            return value, err
        if kind == "num":
            if isinstance(value, float):
                return self.array(value != 0 and not np.isnan(value)), err
            return (value != 0) & ~self.isnan(value), err  # Python's truth; null is falsy
        if kind == "str":
            return self.array(value != "") if isinstance(value, str) else value != "", err
        return self.false(), err

    def equal(self, left, right):
        lk, lv, lerr = self.node(left)
        rk, rv, rerr = self.node(right)
        err = _any(lerr, rerr)
        if lk == "bool":
            lk, lv = "num", lv.astype(np.float64)
        if rk == "bool":
            rk, rv = "num", rv.astype(np.float64)
        if lk == "null" and rk == "null":
            return ~self.false(), err
        if lk == "null" or rk == "null":
            kind, value = (rk, rv) if lk == "null" else (lk, lv)
            if kind == "num":
                return self.array(
                    self.nan_mask(value) if not isinstance(value, float) else np.isnan(value)
                ), err
            return self.array(value == ""), err
        if lk != rk:
            return self.false(), err
        if lk == "num":
            same = self.array(lv == rv)
            lnan, rnan = self.nan_mask(lv), self.nan_mask(rv)
            if lnan is not None and rnan is not None:
                same = same | (lnan & rnan)
            return same, err
        return self.array(lv == rv), err


def compile_rule(expression: str) -> rule_engine.Rule:
    return rule_engine.Rule(expression, context=_CONTEXT)


def mask(rule: rule_engine.Rule, table: dict, scalars: dict, n: int, *, walker=None) -> np.ndarray:
    """Rows where the condition passes (true and no error)."""
    value, err = (walker or _Eval(table, scalars, n)).truth(rule.statement)
    return value if err is None else value & ~err


def decide(conditions: list[dict], table: dict, scalars: dict, n: int, *, rows=None):
    """(eligible mask, one pass-mask per condition). A condition the walker does not know is
    evaluated row by row with rule-engine over `rows(i)` (a function giving row i's facts)."""
    masks = []
    walker = _Eval(table, scalars, n)
    for condition in conditions:
        rule = compile_rule(condition["expression"])
        try:
            masks.append(mask(rule, table, scalars, n, walker=walker))
        except Unsupported:
            if rows is None:
                raise
            masks.append(np.fromiter((_row_passes(rule, rows(i)) for i in range(n)), bool, n))
    eligible = np.ones(n, dtype=bool)
    for m in masks:
        eligible &= m
    return eligible, masks


def _row_passes(rule, facts) -> bool:
    try:
        return bool(rule.matches(facts))
    except rule_engine.errors.EngineError:
        return False
