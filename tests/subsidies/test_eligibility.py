"""The pure core: conditions evaluated over facts and explained in Chinese, value by value."""

from datetime import date
from decimal import Decimal

import pytest

from homeward.subsidies import eligibility as e

CONDITIONS = [
    {
        "label": "返乡日期 {returned_on} 在政策期内",
        "expression": "returned_on >= window_start and returned_on <= window_end",
    },
    {
        "label": "劳动合同 {contract_months} 个月，要求至少 12 个月",
        "expression": "contract_months >= 12",
    },
]
WINDOW = {"window_start": date(2027, 1, 1), "window_end": date(2027, 12, 31)}


def test_it_explains_each_condition_with_the_values_that_decided_it():
    facts = {"returned_on": date(2027, 1, 20), "contract_months": 6, **WINDOW}
    decision = e.evaluate(CONDITIONS, facts)
    assert not decision.eligible
    assert decision.text == "返乡日期 2027-01-20 在政策期内 ✓；劳动合同 6 个月，要求至少 12 个月 ✗"
    assert decision.lines[1].values == {"contract_months": "6"}


def test_a_missing_fact_is_unknown_and_named_not_a_crash():
    decision = e.evaluate(CONDITIONS[1:], {"contract_months": None})
    assert not decision.eligible
    assert decision.lines[0].outcome == e.UNKNOWN
    assert "缺少：contract_months" in decision.text


def test_a_syntax_error_shows_its_position():
    with pytest.raises(e.ExpressionError) as caught:
        e.check_conditions([CONDITIONS[0], {"label": "年龄", "expression": "age >= and 3"}])
    assert caught.value.index == 1 and caught.value.position == 8
    assert "第 2 条条件" in str(caught.value) and "第 8 个字符" in str(caught.value)


def test_an_unfinished_expression_points_at_its_end():
    with pytest.raises(e.ExpressionError) as caught:
        e.compile_expression("age >= 3 and")
    assert caught.value.position == 13


def test_a_condition_without_a_label_is_refused():
    with pytest.raises(e.ExpressionError, match="中文说明"):
        e.check_conditions([{"label": "", "expression": "age > 1"}])


def test_python_is_never_run(tmp_path):
    target = tmp_path / "pwned"
    rule = [{"label": "x", "expression": f"__import__('os').system('touch {target}')"}]
    assert not e.evaluate(rule, {}).eligible
    assert not target.exists()


def test_amounts_by_kind():
    assert e.amount_for(e.FIXED, Decimal("500"), {}) == Decimal("500.00")
    assert e.amount_for(e.PER_MONTH, Decimal("1000"), {"months": 3}) == Decimal("3000.00")
    table = {"5": "1000", "4": "1500"}
    assert e.amount_for(e.PER_LEVEL, Decimal(0), {"certificate_level": 4}, table=table) == 1500
    assert e.amount_for(e.SHARE, Decimal("0.5"), {"base_amount": 123.45}) == Decimal("61.73")
    with pytest.raises(ValueError):
        e.amount_for(e.FIXED, Decimal("-1"), {})


def test_names_in_skips_strings_and_words():
    assert e.names_in('status == "local_employed" and not was_out_migrant') == [
        "status",
        "was_out_migrant",
    ]
