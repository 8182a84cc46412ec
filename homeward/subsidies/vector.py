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

from .eligibility import _context


class Unsupported(ValueError):
    pass


STR_NULL = "\x1e"  # a null in a text column: "" stays a real (empty, falsy) text, as in Python


def column(values, kind: str):
    """A list of Python values as a column: kind "str" (None → STR_NULL) or a numeric kind —
    "num", "bool", "date" (None → NaN)."""
    if kind == "str":
        return np.array([STR_NULL if v is None else v for v in values], dtype=str)
    out = np.empty(len(values), dtype=np.float64)
    for i, v in enumerate(values):
        out[i] = scalar(v)
    return out


def kind_of(value) -> str:
    """The walker's kind of one Python value: null, bool, num, date, str, or other (a list…)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "str"
    if isinstance(value, int | float | Decimal):
        return "num"
    if isinstance(value, datetime.date):
        return "date"
    return "other"


def table_of(rows: list[dict], names) -> tuple[dict, dict]:
    """(columns, kinds) of the facts `names` over `rows` (facts dicts). A name whose values are
    of more than one kind (or lists) makes no column: conditions reading it go row by row."""
    table, kinds = {}, {}
    for name in names:
        values = [row.get(name) for row in rows]
        seen = {kind_of(v) for v in values} - {"null"}
        if len(seen) > 1 or "other" in seen:
            continue
        kind = seen.pop() if seen else "num"
        table[name], kinds[name] = column(values, kind), kind
    return table, kinds


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
_NUMERIC = ("num", "bool", "date")


def _any(*errors):
    """The union of error masks; None is "no row raises"."""
    out = None
    for error in errors:
        if error is not None:
            out = error if out is None else out | error
    return out


class _Eval:
    # Each node → (kind, value, error). kind: "num", "bool", "date" (a float array with NaN for
    # null, or a float), "str" (a str array with STR_NULL for null, or a str), "mask" (a bool
    # array without nulls: what a comparison or `and` answers), "null". error: None (no row
    # raises) or a bool array of the rows where rule-engine would raise. rule-engine's types
    # are kept: a boolean is never equal to a number (true == 1 is false), ordering or
    # arithmetic outside numbers (and dates, for ordering) raises. Literals stay scalars (numpy
    # broadcasts them); a column's null mask is computed once.
    def __init__(self, table: dict, scalars: dict, n: int, kinds=None, *, strict=False):
        self.table, self.scalars, self.n = table, scalars, n
        self.kinds, self.strict = kinds or {}, strict
        self.nulls: dict = {}

    def isnan(self, value):
        if isinstance(value, float):
            return np.isnan(value)
        key = id(value)
        if key not in self.nulls:
            self.nulls[key] = (value, np.isnan(value))
        return self.nulls[key][1]

    def column_kind(self, name, value):
        if name in self.kinds:
            return self.kinds[name]
        return "str" if value.dtype.kind == "U" else "num"

    def node(self, node):
        if isinstance(node, ast.Statement):
            return self.node(node.expression)
        if isinstance(node, ast.SymbolExpression):
            if node.scope is not None:
                raise Unsupported("a symbol of a scope")
            if node.name in self.table:
                value = self.table[node.name]
                return self.column_kind(node.name, value), value, None
            if node.name in self.scalars:
                value = self.scalars[node.name]
                kind = kind_of(value)
                if kind == "null":
                    return "null", None, None
                if kind == "str":
                    return "str", value, None
                if kind == "other":
                    raise Unsupported("a fact that is a list")
                return kind, scalar(value), None
            if self.strict:
                raise Unsupported(f"no column {node.name}")
            return "null", None, None  # the context's default value: null
        if isinstance(node, ast.NullExpression):
            return "null", None, None
        if isinstance(node, ast.BooleanExpression):
            return "bool", 1.0 if node.value else 0.0, None
        if isinstance(node, ast.FloatExpression):
            return "num", float(Decimal(node.value)), None
        if isinstance(node, ast.StringExpression):
            return "str", node.value, None
        if isinstance(node, ast.DatetimeExpression):
            return "date", scalar(node.value), None
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
            return "mask", value, err
        if isinstance(node, ast.UnaryExpression) and node.type == "not":
            value, err = self.truth(node.right)
            return "mask", ~value, err
        if isinstance(node, ast.ArithmeticComparisonExpression):
            lk, lv, lerr = self.node(node.left)
            rk, rv, rerr = self.node(node.right)
            if lk == "null" or rk == "null":  # rule-engine raises: not passed
                return "mask", self.false(), ~self.false()
            if lk != rk or lk not in ("num", "date"):
                raise Unsupported("ordering of other than two numbers or two dates")
            err = _any(lerr, rerr, self.nan_mask(lv), self.nan_mask(rv))
            with np.errstate(invalid="ignore"):
                return "mask", self.array(_ORDER[node.type](lv, rv)), err
        if isinstance(node, ast.ComparisonExpression) and node.type in ("eq", "ne"):
            value, err = self.equal(node.left, node.right)
            return "mask", value if node.type == "eq" else ~value, err
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
        if kind == "mask":
            return value, err
        if kind in _NUMERIC:
            if isinstance(value, float):
                return self.array(value != 0 and not np.isnan(value)), err
            return (value != 0) & ~self.isnan(value), err  # Python's truth; null is falsy
        if kind == "str":
            if isinstance(value, str):
                return self.array(value != ""), err
            return (value != "") & (value != STR_NULL), err
        return self.false(), err

    def equal(self, left, right):
        lk, lv, lerr = self.node(left)
        rk, rv, rerr = self.node(right)
        err = _any(lerr, rerr)
        if lk == "mask":
            lk, lv = "bool", lv.astype(np.float64)
        if rk == "mask":
            rk, rv = "bool", rv.astype(np.float64)
        if lk == "null" and rk == "null":
            return ~self.false(), err
        if lk == "null" or rk == "null":
            kind, value = (rk, rv) if lk == "null" else (lk, lv)
            if kind in _NUMERIC:
                if isinstance(value, float):
                    return self.array(np.isnan(value)), err
                return self.isnan(value), err
            return self.array(value == STR_NULL), err
        if lk != rk:
            # rule-engine: values of two kinds are never equal — but two nulls are
            return self.both_null(lk, lv, rk, rv), err
        if lk in _NUMERIC:
            same = self.array(lv == rv)
            lnan, rnan = self.nan_mask(lv), self.nan_mask(rv)
            if lnan is not None and rnan is not None:
                same = same | (lnan & rnan)
            return same, err
        return self.array(lv == rv), err

    def null_of(self, kind, value):
        if kind in _NUMERIC:
            return self.nan_mask(value)
        if isinstance(value, str):
            return ~self.false() if value == STR_NULL else None
        return value == STR_NULL

    def both_null(self, lk, lv, rk, rv):
        left, right = self.null_of(lk, lv), self.null_of(rk, rv)
        if left is None or right is None:
            return self.false()
        return self.array(left & right)


def compile_rule(expression: str) -> rule_engine.Rule:
    return rule_engine.Rule(expression, context=_context())


PASSED, FAILED, RAISED = 1, 0, -1  # a row's outcome of one condition: ✓, ✗, 无法判断


def mask(rule: rule_engine.Rule, table: dict, scalars: dict, n: int, *, kinds=None) -> np.ndarray:
    """Rows where the condition passes (true and no error)."""
    value, err = _Eval(table, scalars, n, kinds).truth(rule.statement)
    return value if err is None else value & ~err


def outcomes(
    conditions: list[dict],
    table: dict,
    scalars: dict,
    n: int,
    *,
    rows=None,
    kinds: dict | None = None,
    strict: bool = False,
) -> list[np.ndarray]:
    """One int8 array per condition: PASSED, FAILED or RAISED (rule-engine raised: the
    one-by-one `eligibility.evaluate` answers 无法判断) for each row. A condition the walker
    does not know is evaluated row by row with rule-engine over `rows(i)` (row i's facts).
    `strict`: a name that is neither a column nor a scalar is not taken for null (it is a fact
    that made no column, e.g. a list): its conditions go row by row."""
    walker = _Eval(table, scalars, n, kinds, strict=strict)
    out = []
    for condition in conditions:
        rule = compile_rule(condition["expression"])
        try:
            value, err = walker.truth(rule.statement)
        except Unsupported:
            if rows is None:
                raise
            out.append(np.fromiter((_row_outcome(rule, rows(i)) for i in range(n)), np.int8, n))
            continue
        result = value.astype(np.int8)
        if err is not None:
            result[err] = RAISED
        out.append(result)
    return out


def decide(conditions: list[dict], table: dict, scalars: dict, n: int, *, rows=None, kinds=None):
    """(eligible mask, one pass-mask per condition)."""
    masks = [o == PASSED for o in outcomes(conditions, table, scalars, n, rows=rows, kinds=kinds)]
    eligible = np.ones(n, dtype=bool)
    for m in masks:
        eligible &= m
    return eligible, masks


def _row_outcome(rule, facts) -> int:
    try:
        return PASSED if rule.matches(facts) else FAILED
    except rule_engine.errors.EngineError:
        return RAISED


def _row_passes(rule, facts) -> bool:
    return _row_outcome(rule, facts) == PASSED
