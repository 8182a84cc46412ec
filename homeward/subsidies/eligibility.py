"""Eligibility as data: a policy's conditions evaluated over a person's facts, explained in Chinese.

Pure, no Django. A condition is `{"label": …, "expression": …}`: the expression is a
`rule-engine` rule (a small, typed, sandboxed language — comparisons, `and`/`or`/`not`,
arithmetic, `in`, date literals `d"2027-01-01"`, `$today` — never Python's `eval`); the label is
the Chinese sentence a clerk reads, with `{fact}` placeholders filled from the facts, e.g.

    {"label": "返乡日期 {returned_on} 在政策期内",
     "expression": "returned_on >= window_start and returned_on <= window_end"}

`evaluate` answers each condition with ✓ or ✗ (or "无法判断" when a fact it needs is missing), so a
decision reads "返乡日期 2027-01-20 在政策期内 ✓；劳动合同 6 个月，要求至少 12 个月 ✗".
A syntax error is reported with its position (`ExpressionError.position`, 1-based character).

Why rule-engine: maintained, pure Python, no code execution, typed errors with the token's
position, dates and `null` built in; JsonLogic is unreadable to the city admins who write the
rules, CEL would need a compiled dependency.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rule_engine

PASS, FAIL, UNKNOWN = "✓", "✗", "?"
MAX_CONDITIONS = 20
MAX_EXPRESSION = 500


@functools.cache
def _context():
    """rule_engine, imported on the first rule: it builds its parser on import (a third of a
    second that every process — each command, each worker — would pay at start-up)."""
    import rule_engine

    return rule_engine.Context(default_value=None)


_NAME = re.compile(r"(?<![\w$\"'])([A-Za-z_][A-Za-z0-9_]*)")
_WORDS = {"and", "or", "not", "in", "if", "else", "true", "false", "null", "for"}


class ExpressionError(ValueError):
    """A condition that cannot be compiled; `position` is the 1-based character, or None (end)."""

    def __init__(
        self,
        message: str,
        *,
        index: int | None = None,
        position: int | None = None,
        expression: str = "",
    ):
        super().__init__(message)
        self.index = index
        self.position = position
        self.expression = expression

    @property
    def pointed(self) -> tuple[str, str, str] | None:
        """(before, the character at the position, after): the page marks the spot."""
        if self.position is None or not self.expression:
            return None
        at = self.position - 1
        return self.expression[:at], self.expression[at : at + 1] or " ", self.expression[at + 1 :]


def compile_expression(expression: str, *, index: int | None = None) -> rule_engine.Rule:
    text = (expression or "").strip()
    where = f"第 {index + 1} 条条件" if index is not None else "条件"
    if not text:
        raise ExpressionError(f"{where}的表达式为空。", index=index)
    if len(text) > MAX_EXPRESSION:
        raise ExpressionError(f"{where}的表达式过长（最多 {MAX_EXPRESSION} 个字符）。", index=index)
    import rule_engine

    try:
        return rule_engine.Rule(text, context=_context())
    except rule_engine.errors.RuleSyntaxError as error:
        token = getattr(error, "token", None)
        if token is None:
            raise ExpressionError(
                f"{where}的表达式在末尾不完整（第 {len(text) + 1} 个字符处）。",
                index=index,
                position=len(text) + 1,
                expression=text,
            ) from None
        position = token.lexpos + 1
        raise ExpressionError(
            f"{where}的表达式在第 {position} 个字符处有语法错误（“{token.value}”附近）。",
            index=index,
            position=position,
            expression=text,
        ) from None
    except rule_engine.errors.EngineError as error:
        raise ExpressionError(
            f"{where}的表达式有误：{getattr(error, 'message', error)}。", index=index
        ) from None


def check_conditions(conditions: list[dict]) -> list[dict]:
    """The conditions cleaned ({label, expression}), or ExpressionError naming the first bad one."""
    if not isinstance(conditions, list):
        raise ExpressionError("条件应是一个列表。")
    if len(conditions) > MAX_CONDITIONS:
        raise ExpressionError(f"条件最多 {MAX_CONDITIONS} 条。")
    cleaned = []
    for index, condition in enumerate(conditions):
        label = str((condition or {}).get("label", "")).strip()
        expression = str((condition or {}).get("expression", "")).strip()
        if not label:
            raise ExpressionError(f"第 {index + 1} 条条件缺少中文说明。", index=index)
        compile_expression(expression, index=index)
        try:
            _placeholders(label)
        except ValueError:
            raise ExpressionError(
                f"第 {index + 1} 条条件的说明里花括号不成对。", index=index
            ) from None
        cleaned.append({"label": label, "expression": expression})
    return cleaned


def parse_conditions(text: str) -> list[dict]:
    """Conditions as a city administrator types them in the staff pages: one a line,
    "说明 | 表达式" (the Chinese sentence, a bar, the rule). Checked by `check_conditions`."""
    conditions = []
    lines = [line.strip() for line in (text or "").splitlines()]
    for index, line in enumerate(line for line in lines if line):
        label, bar, expression = line.partition("|")
        if not bar:
            raise ExpressionError(
                f"第 {index + 1} 条条件应写成“说明 | 表达式”（缺少竖线“|”）。", index=index
            )
        conditions.append({"label": label.strip(), "expression": expression.strip()})
    return check_conditions(conditions)


def conditions_text(conditions: list[dict]) -> str:
    """The inverse of `parse_conditions`: what the edit page's box shows."""
    return "\n".join(f"{c['label']} | {c['expression']}" for c in conditions or [])


def _placeholders(label: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(label) if name]


def names_in(expression: str) -> list[str]:
    """The facts an expression reads (in order, once each)."""
    text = re.sub(r"\"[^\"]*\"|'[^']*'", "", expression or "")
    seen: list[str] = []
    for name in _NAME.findall(text):
        if name not in _WORDS and name not in seen:
            seen.append(name)
    return seen


def shown(value) -> str:
    """A fact's value as a clerk reads it."""
    if value is None:
        return "（无）"
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return f"{Decimal(str(value)).quantize(Decimal('0.01'))}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple | set):
        return "、".join(shown(v) for v in value) or "（无）"
    return str(value)


# Facts holding a code are shown by its Chinese name ("当前状态 返乡未就业", not the code): the
# names are the registry's choices, registered by `SubsidiesConfig.ready` (fact → {code: name}).
VALUE_NAMES: dict[str, dict] = {}


def shown_fact(name: str, value) -> str:
    """`shown(value)`, a coded fact by its name."""
    names = VALUE_NAMES.get(name)
    if names and isinstance(value, str) and value in names:
        return str(names[value])
    return shown(value)


@dataclass
class Line:
    label: str
    outcome: str  # PASS, FAIL or UNKNOWN
    values: dict = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.outcome == PASS

    @property
    def text(self) -> str:
        return f"{self.label} {self.outcome}"

    def as_dict(self) -> dict:
        return {"label": self.label, "outcome": self.outcome, "values": self.values}


@dataclass
class Decision:
    lines: list[Line]

    @property
    def eligible(self) -> bool:
        return all(line.passed for line in self.lines)

    @property
    def text(self) -> str:
        return "；".join(line.text for line in self.lines) or "无条件"

    @property
    def failed(self) -> list[Line]:
        return [line for line in self.lines if not line.passed]

    def as_dict(self) -> dict:
        return {"eligible": self.eligible, "lines": [line.as_dict() for line in self.lines]}


class _Filled(dict):
    def __missing__(self, key):
        return "（无）"


def evaluate(conditions: list[dict], facts: dict, *, compiled: list | None = None) -> Decision:
    """Each condition over `facts`, in order, each explained with the values that decided it."""
    import rule_engine

    rules = compiled or [
        compile_expression(c["expression"], index=i) for i, c in enumerate(conditions)
    ]
    outcomes = []
    for rule in rules:
        try:
            outcomes.append(PASS if rule.matches(facts) else FAIL)
        except rule_engine.errors.EngineError:
            outcomes.append(UNKNOWN)
    return explain(conditions, facts, outcomes)


def explain(conditions: list[dict], facts: dict, outcomes: list[str]) -> Decision:
    """The decision of `conditions` over `facts` whose outcomes (✓, ✗ or ?, one a condition)
    are known — by rule-engine here, or by the vectorised scan over many people at once — with
    each line's label filled and the values that decided it."""
    lines = []
    for condition, outcome in zip(conditions, outcomes, strict=True):
        used = names_in(condition["expression"])
        values = {name: shown_fact(name, facts.get(name)) for name in used}
        label = condition["label"].format_map(
            _Filled(
                {
                    name: shown_fact(name, facts.get(name))
                    for name in _placeholders(condition["label"])
                }
            )
        )
        if outcome == UNKNOWN:
            missing = [name for name in used if facts.get(name) is None]
            if missing:
                label = f"{label}（缺少：{'、'.join(missing)}）"
        lines.append(Line(label=label, outcome=outcome, values=values))
    return Decision(lines=lines)


# The amount an entitlement is worth, by the version's kind.
FIXED, PER_MONTH, PER_LEVEL, SHARE = "fixed", "per_month", "per_level", "share"


def amount_for(kind: str, amount: Decimal, facts: dict, *, table: dict | None = None) -> Decimal:
    """Yuan, two decimals. per_month × `months`; per_level: `table[certificate_level]`;
    share: `amount` (a fraction such as 0.5) × `base_amount` (e.g. a loan's interest)."""
    cent = Decimal("0.01")
    if kind == FIXED:
        value = Decimal(amount)
    elif kind == PER_MONTH:
        value = Decimal(amount) * Decimal(int(facts.get("months") or 0))
    elif kind == PER_LEVEL:
        level = str(facts.get("certificate_level") or "")
        value = Decimal(str((table or {}).get(level, 0)))
    elif kind == SHARE:
        value = Decimal(amount) * Decimal(str(facts.get("base_amount") or 0))
    else:
        raise ValueError(f"unknown amount kind {kind!r}")
    if value < 0:
        raise ValueError("negative amount")
    return value.quantize(cent, rounding=ROUND_HALF_UP)
