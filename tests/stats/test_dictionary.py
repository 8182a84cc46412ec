"""The indicator dictionary has one source: docs/indicators.md is the command's output, the
page lists the same indicators and rates, each with who may see it."""

from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

from homeward.stats import dictionary
from homeward.stats.indicators import INDICATORS, RATIOS

DOC = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"


def test_the_committed_file_is_the_commands_output(capsys):
    call_command("stats", "dictionary")
    printed = capsys.readouterr().out
    assert printed == dictionary.markdown()
    assert DOC.read_text(encoding="utf-8") == printed, (
        "regenerate it: uv run homeward stats dictionary > docs/indicators.md"
    )


def test_every_indicator_and_rate_is_in_the_file_with_who_may_see_it():
    text = dictionary.markdown()
    for i in INDICATORS:
        line = next(line for line in text.splitlines() if line.startswith(f"| `{i.code}` |"))
        assert line.count(" | ") == 6 and i.audience.split("；")[0] in line
    for r in RATIOS:
        assert f"| `{r.code}` |" in text
    for code in ("insured_pension", "contracts_signed_large", "coverage_medical"):
        assert f"`{code}`" in text


def test_the_page_lists_the_same_and_refuses_anonymous(client, town_staff):
    assert client.get(reverse("stats:indicators")).status_code == 302
    client.force_login(town_staff)
    page = client.get(reverse("stats:indicators")).content.decode()
    for i in INDICATORS:
        assert f'id="{i.code}"' in page
    for r in RATIOS:
        assert f'id="{r.code}"' in page
