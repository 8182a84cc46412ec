"""The registry's choice filters live once in workers/filters.py: the worker list's form builds
its fields from them and a campaign's saved audience is worded with them."""

from django.utils import translation

from homeward.workers import filters
from homeward.workers.forms import WorkerFilter


def test_the_list_form_offers_each_filter_s_own_label_and_choices():
    for name, spec in filters.CHOICE_FILTERS.items():
        field = WorkerFilter.base_fields[name]
        assert (field.label, list(field.choices), field.required) == (
            spec.label,
            spec.choices,
            False,
        )


def test_a_saved_filter_is_worded_in_chinese_with_a_chinese_colon():
    with translation.override("zh-hans"):
        words = filters.describe({"need": "training", "status": "", "unknown": "x"})
    assert words == ["服务需求：技能培训"]


def test_an_unknown_value_is_shown_as_stored():
    with translation.override("zh-hans"):
        assert filters.describe({"status": "gone"}) == ["就业状态：gone"]
