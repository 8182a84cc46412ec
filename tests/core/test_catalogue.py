"""The zh_Hans catalogue: every message translated, and the compiled .mo in step with the .po."""

from pathlib import Path

import polib

from homeward import settings

CATALOGUE = Path(settings.BASE_DIR) / "homeward" / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_message_is_translated():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert untranslated == [] and fuzzy == []


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {(e.msgid, e.msgstr) for e in mo if not e.msgid_plural}
    source = {(e.msgid, e.msgstr) for e in po if not e.obsolete and not e.msgid_plural and e.msgid}
    assert source - compiled == set(), "run: cd homeward && django-admin compilemessages"
