"""The layers hold: interfaces → domain → floor, and pure cores import no Django.

Every module under homeward/ is read with `ast` (no import, no Django) and put in one layer by
its name; every `import` in it, at the top or inside a function, is an arrow, and an arrow is
wrong when its layer may not point at the target's. docs/architecture.md ("Layers") draws the
same picture.

    interface  the front doors: the whole portal; every app's views, urls, forms, admin,
               management commands and bench modules; the project urls, cli and wsgi; the
               operations app (demo, bench, serve), which wires everything and may import it all
    domain     what the product is: every other module of an app (models, services, tasks,
               importers, loaders …)
    floor      what every app stands on: core (admin base, bulk, excel, middleware, backup),
               scoping, crypto, audit, regions, settings, the personal-data inventory
    pure       homeward.codes, the matching engine's numpy core, the ledger parser, the
               synthetic generator and the vocabularies: no Django, only other pure modules

Allowed arrows: interface → anything; domain → domain, floor, pure; floor → floor, pure;
pure → pure. Between interfaces one more rule: a front door does not reach into another app's
door (staff views import no other app's views, nothing imports the portal); only forms (the employer
portal's posting form derives from the staff one), the bench modules `homeward bench` drives and
the WSGI application are shared. The operations app and the
project's urls/cli/wsgi are exempt: wiring everything is their job.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "homeward"

PURE = (
    "homeward.codes",
    "homeward.regions.codes",
    "homeward.matching.core",
    "homeward.matching.features",
    "homeward.matching.files",
    "homeward.matching.quality",
    "homeward.matching.reasons",
    "homeward.matching.relevance",
    "homeward.matching.scoring",
    "homeward.matching.text",
    "homeward.matching.threads",
    "homeward.matching.weights",
    "homeward.workers.ledger",
    "homeward.workers.ledger_fields",
    "homeward.workers.occupations",
    "homeward.workers.synthetic",
    "homeward.workers.vocab",
    # fairs: its pure cores (no Django), below this line
    # surveys: its pure cores (no Django), below this line
    "homeward.surveys.progress",
    # followups: its pure cores (no Django), below this line
    "homeward.followups.rates",
    # subsidies: its pure cores (no Django), below this line
    "homeward.subsidies.eligibility",
    "homeward.subsidies.vector",
    # training: its pure cores (no Django), below this line
    "homeward.training.fit",
    "homeward.training.outcomes",
    # wages: its pure cores (no Django), below this line
    "homeward.wages.risk",
    "homeward.wages.risk_synth",
    "homeward.wages.bench_rules",
    "homeward.wages.rules",
    "homeward.wages.scan",
    "homeward.wages.sheets",
    # disputes: its pure cores (no Django), below this line
    "homeward.disputes.awards",
    "homeward.disputes.deadlines",
    "homeward.disputes.simple",
    # ambassadors: its pure cores (no Django), below this line
    "homeward.ambassadors.rules",
    # trips: its pure cores (no Django), below this line
    # teams: its pure cores (no Django), below this line
    # agencies: its pure cores (no Django), below this line
    # ventures: its pure cores (no Django), below this line
    "homeward.ventures.tally",
    "homeward.ventures.ranking",
    # loans: its pure cores (no Django), below this line
    "homeward.loans.rules",
    # stations: its pure cores (no Django), below this line
    # stats: its pure cores (no Django), below this line
    # reports: its pure cores (no Django), below this line
    "homeward.reports.rules",
    # api: its pure cores (no Django), below this line
    # welfare: its pure cores (no Django), below this line
    "homeward.welfare.eligibility",
    "homeward.welfare.rules",
    # cooperatives: its pure cores (no Django), below this line
    # targets: its pure cores (no Django), below this line
    "homeward.targets.progress",
)
FLOOR = (
    "homeward.core",  # except its own pages and commands, which are interfaces (below)
    "homeward.scoping",
    "homeward.crypto",
    "homeward.audit",
    "homeward.background",  # long work followed on a page; the kinds' tasks live in their apps
    "homeward.regions",
    "homeward.settings",
    "homeward.personal_data",
)
WIRING = ("homeward.operations", "homeward.urls", "homeward.cli", "homeward.wsgi")
DOORS = ("homeward.portal", "homeward.api")  # the API is a front door for systems
INTERFACE_PARTS = {"views", "urls", "forms", "admin", "management", "templatetags", "bench"}
INTERFACE_SUFFIXES = ("_views", "_urls", "_forms", "bench")
# What one front door may use of another: forms (a form may derive from another app's), the
# bench modules that `homeward bench` drives, and the WSGI application that `serve` serves.
SHARED_INTERFACE_PARTS = {"forms", "bench"}
SHARED_INTERFACE_SUFFIXES = ("_forms", "bench")
SHARED_INTERFACES = ("homeward.wsgi",)
ALLOWED = {
    "interface": {"interface", "domain", "floor", "pure"},
    "domain": {"domain", "floor", "pure"},
    "floor": {"floor", "pure"},
    "pure": {"pure"},
}

# Wrong arrows that exist today, each with the reason and the fix (none now). The lead removes an
# entry once its arrow is gone; an entry that matches no arrow any more fails the test, so the
# list cannot go stale.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _under(module: str, prefixes) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def is_interface(module: str) -> bool:
    inner = module.split(".")[2:]
    return _under(module, WIRING + DOORS) or any(
        part in INTERFACE_PARTS or part.endswith(INTERFACE_SUFFIXES) for part in inner
    )


def layer(module: str) -> str:
    if _under(module, PURE):
        return "pure"
    if module == "homeward.core.admin":  # the admin base class every app's admin stands on
        return "floor"
    if is_interface(module):
        return "interface"
    if _under(module, FLOOR):
        return "floor"
    return "domain"


def app_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def is_shared_interface(module: str) -> bool:
    return _under(module, SHARED_INTERFACES) or any(
        part in SHARED_INTERFACE_PARTS or part.endswith(SHARED_INTERFACE_SUFFIXES)
        for part in module.split(".")[2:]
    )


def imports(path: Path, module: str, known: set[str]) -> set[str]:
    """Every module `module` (at `path`) imports, absolute, `from x import y` resolved to x.y
    when that is a module."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.add(candidate if candidate in known else source)
    return found


def wrong_arrows(root: Path = ROOT) -> dict[tuple[str, str], str]:
    """(importer, imported) → why the arrow is wrong, over every module under `root`."""
    paths = {module_name(p, root): p for p in root.rglob("*.py") if "migrations" not in p.parts}
    known = set(paths)
    wrong = {}
    for module, path in sorted(paths.items()):
        source_layer = layer(module)
        for target in sorted(imports(path, module, known)):
            top = target.split(".")[0]
            if source_layer == "pure" and top.startswith("django"):
                wrong[module, target] = "a pure core imports Django"
                continue
            if top != root.name:
                continue
            target_layer = layer(target)
            if target_layer not in ALLOWED[source_layer]:
                wrong[module, target] = f"{source_layer} imports {target_layer}"
            elif (
                source_layer == target_layer == "interface"
                and not _under(module, WIRING)
                and app_of(module) != app_of(target)
                and not is_shared_interface(target)
            ):
                wrong[module, target] = "a front door reaches into another app's front door"
    return wrong


def test_no_wrong_arrows_beyond_the_known_exceptions():
    wrong = wrong_arrows()
    new = {arrow: why for arrow, why in wrong.items() if arrow not in KNOWN_EXCEPTIONS}
    assert not new, "wrong arrows (see docs/architecture.md, Layers):\n" + "\n".join(
        f"  {a} → {b}: {why}" for (a, b), why in sorted(new.items())
    )
    gone = set(KNOWN_EXCEPTIONS) - set(wrong)
    assert not gone, f"these known exceptions are fixed: remove them from the list: {gone}"


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("homeward.portal.views", "interface"),
        ("homeward.portal.identity", "interface"),
        ("homeward.jobs.views", "interface"),
        ("homeward.portal.employer_forms", "interface"),
        ("homeward.workers.import_views", "interface"),
        ("homeward.workers.management.commands.import", "interface"),
        ("homeward.operations.management.commands.demo", "interface"),
        ("homeward.operations", "interface"),
        ("homeward.campaigns.bench", "interface"),
        ("homeward.workers.models", "domain"),
        ("homeward.workers.self_service", "domain"),
        ("homeward.signin_codes.services", "domain"),
        ("homeward.content.models", "domain"),
        ("homeward.matching.tasks", "domain"),
        ("homeward.core.admin", "floor"),
        ("homeward.core.bulk", "floor"),
        ("homeward.audit.services", "floor"),
        ("homeward.regions.models", "floor"),
        ("homeward.regions.views", "interface"),
        ("homeward.scoping", "floor"),
        ("homeward.codes.idnumber", "pure"),
        ("homeward.matching.core", "pure"),
        ("homeward.workers.ledger", "pure"),
    ],
)
def test_each_module_has_the_layer_the_docs_give_it(module, expected):
    assert layer(module) == expected


def _write(root: Path, files: dict[str, str]) -> Path:
    package = root / "homeward"
    for name, text in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(package).parents:
            (package / parent / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return package


BASE = {
    "jobs/models.py": "from homeward.scoping import ScopedModel\n",
    "jobs/views.py": "from .models import Posting\n",
    "jobs/forms.py": "",
    "employers/views.py": "",
    "portal/views.py": "from homeward.jobs.forms import PostingForm\n",
    "portal/identity.py": "",
    "scoping.py": "",
    "codes/idnumber.py": "import re\n",
}


def test_a_clean_synthetic_tree_has_no_wrong_arrow(tmp_path):
    assert wrong_arrows(_write(tmp_path, BASE)) == {}


@pytest.mark.parametrize(
    ("file", "line", "arrow", "why"),
    [
        (
            "jobs/models.py",
            "from homeward.portal.views import home\n",
            ("homeward.jobs.models", "homeward.portal.views"),
            "domain imports interface",
        ),
        (
            "jobs/services.py",
            "def f():\n    from homeward.portal import identity\n",  # inside a function too
            ("homeward.jobs.services", "homeward.portal.identity"),
            "domain imports interface",
        ),
        (
            "scoping.py",
            "from homeward.jobs.models import Posting\n",
            ("homeward.scoping", "homeward.jobs.models"),
            "floor imports domain",
        ),
        (
            "codes/idnumber.py",
            "from django.conf import settings\n",
            ("homeward.codes.idnumber", "django.conf"),
            "a pure core imports Django",
        ),
        (
            "codes/idnumber.py",
            "from ..scoping import area_scope\n",
            ("homeward.codes.idnumber", "homeward.scoping"),
            "pure imports floor",
        ),
        (
            "jobs/views.py",
            "from homeward.employers import views\n",
            ("homeward.jobs.views", "homeward.employers.views"),
            "a front door reaches into another app's front door",
        ),
        (
            "jobs/views.py",
            "from homeward.portal.identity import remember_campaign\n",
            ("homeward.jobs.views", "homeward.portal.identity"),
            "a front door reaches into another app's front door",
        ),
    ],
)
def test_a_new_wrong_arrow_fails(tmp_path, file, line, arrow, why):
    files = dict(BASE)
    files[file] = files.get(file, "") + line
    assert wrong_arrows(_write(tmp_path, files)) == {arrow: why}


def test_operations_may_import_everything(tmp_path):
    files = dict(BASE)
    files["operations/management/commands/demo.py"] = (
        "from homeward.portal import identity\nfrom homeward.jobs.views import x\n"
    )
    assert wrong_arrows(_write(tmp_path, files)) == {}
