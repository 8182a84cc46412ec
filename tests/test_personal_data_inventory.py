"""S23: every personal-data field is in the inventory, and the inventory names real fields."""

import re

from django.apps import apps

from homeward.crypto import EncryptedField, LookupHashField
from homeward.personal_data import INVENTORY

LOOKS_PERSONAL = re.compile(
    r"(^|_)(name|phone|mobile|id_number|birth|gender|address|income|wage|email|ip|contact|"
    r"bank|account_number|low_income|note|content)($|_)"
)
NOT_PERSONAL = {
    # Names of things, not people.
    "regions.Region": {"name"},
    "employers.Employer": {"name", "address"},
    "jobs.Posting": {"address", "wage_min", "wage_max", "wage_unit"},
    "workers.LedgerUpload": {"filename"},
    "campaigns.Campaign": {"name"},
    "content.Article": {"title"},
    # subsidies: names of funds and policies, a version's change note, a file's type, a hash of
    # a payment instruction's content (its idempotency check)
    "subsidies.Fund": {"name"},
    "subsidies.Policy": {"name"},
    "subsidies.PolicyVersion": {"note"},
    "subsidies.Evidence": {"content_type"},
    "subsidies.Payment": {"content_hash"},
    # disputes: a province's average wage (public statistics) and the one a case was measured by
    "disputes.Dispute": {"average_wage", "average_wage_amount"},
}


def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("homeward.")]


def test_every_personal_field_is_inventoried():
    missing = []
    for model in _project_models():
        label = model._meta.label
        for field in model._meta.concrete_fields:
            personal = isinstance(field, EncryptedField | LookupHashField) or LOOKS_PERSONAL.search(
                field.name
            )
            listed = field.name in INVENTORY.get(label, {}) or field.name in NOT_PERSONAL.get(
                label, set()
            )
            if personal and not listed:
                missing.append(f"{label}.{field.name}")
    assert missing == [], f"add these to homeward/personal_data.py with their purpose: {missing}"


def test_the_inventory_names_existing_fields():
    stale = [
        f"{label}.{name}"
        for label, fields in INVENTORY.items()
        for name in fields
        if name not in {f.name for f in apps.get_model(label)._meta.concrete_fields}
    ]
    assert stale == []


def test_encrypted_fields_are_the_inventoried_sensitive_ones():
    for model in _project_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedField):
                assert field.name in INVENTORY[model._meta.label]
