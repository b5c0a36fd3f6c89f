"""Dependencies point one way (docs/architecture.md).

Every ``.py`` file in ``lanzarote/`` (migrations excepted) is read with ``ast``; each import, at
module level or inside a function, absolute or relative, is resolved to its layer, and so is each
model named by a string ("app_label.Model" in a ForeignKey, OneToOneField, ManyToManyField or
``apps.get_model``). A file may depend only on its own layer and the layers below it. ``lib``
depends on no app.

ALLOW_LIST holds the known exceptions still to be fixed, as (file, what it names). It may only
shrink: an entry that no longer occurs fails the test too, so it is removed when its import is.
"""

import ast
import functools
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. Keep in step with docs/architecture.md.
ORDER = (
    "lib",
    "audit",
    "search.index",
    "treaties",
    "parties",
    "accounts",
    "committee",
    "legislation",
    "monitoring",
    "replies",
    "search.query",
    "assessments",
    "recommendations",
    "cooperation",
    "reports",
    "core",
    "project",
)
RANK = {layer: rank for rank, layer in enumerate(ORDER)}
APPS = {layer for layer in ORDER if layer not in ("lib", "project")} - {
    "search.index",
    "search.query",
} | {"search"}
# Modules of lanzarote/search that form the low, generic index (the rest is the query side).
SEARCH_INDEX = {"models", "index", "migrations"}
MODEL_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField", "ForeignObject"}

# Known dependencies against the order, to be fixed: (file, module or "label.Model" it names).
ALLOW_LIST: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Dependency:
    path: str  # relative to the repository root, e.g. "lanzarote/replies/views.py"
    line: int
    source: str  # layer of the file
    target: str  # layer it depends on
    name: str  # the module or "label.Model" it names

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.source} -> {self.target} ({self.name})"


def module_name(path: Path, root: Path) -> str:
    """The dotted name of a file under ``root`` (the folder that holds ``lanzarote/``)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str | None:
    """The layer of a dotted module name, or None for anything outside the project."""
    parts = module.split(".")
    if parts[0] != "lanzarote":
        return None
    if len(parts) == 1:
        return "project"
    top = parts[1]
    if top in ("lib", "formats"):
        return "lib"
    if top == "search":
        # The package itself is imported whenever search.models is, so it belongs to the index.
        if len(parts) == 2 or parts[2] in SEARCH_INDEX:
            return "search.index"
        return "search.query"
    if top in APPS:
        return top
    return "project"  # api.py, urls.py, cli.py, settings.py, wsgi.py


def layer_of_label(label: str) -> str | None:
    """The layer of a model's app label (search's models are the index)."""
    if label == "search":
        return "search.index"
    return label if label in APPS else None


def resolve(node: ast.ImportFrom, module: str, is_package: bool, root: Path) -> list[str]:
    """The dotted modules an ImportFrom names: ``from a import b`` is a.b when a/b is a module."""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        if node.level > 1:
            package = package[: -(node.level - 1)]
        base = ".".join([*package, node.module] if node.module else package)
    else:
        base = node.module or ""
    names: list[str] = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        folder = root / Path(*candidate.split("."))
        if folder.with_suffix(".py").exists() or (folder / "__init__.py").exists():
            names.append(candidate)
        elif base not in names:
            names.append(base)
    return names


def string_models(node: ast.Call) -> list[str]:
    """The "label.Model" strings a model field or ``get_model`` call names."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    strings = [
        a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
    ]
    if name in MODEL_FIELDS:
        to = [k.value for k in node.keywords if k.arg == "to"]
        first = node.args[:1] or to
        if first and isinstance(first[0], ast.Constant) and isinstance(first[0].value, str):
            return [first[0].value] if "." in first[0].value else []
        return []
    if name == "get_model" and strings:
        if len(strings) >= 2 and "." not in strings[0]:
            return [f"{strings[0]}.{strings[1]}"]
        return [strings[0]] if "." in strings[0] else []
    return []


def dependencies(root: Path) -> list[Dependency]:
    """Every dependency of a project file on another layer, found under ``root``."""
    found = []
    for path in sorted((root / "lanzarote").rglob("*.py")):
        if "migrations" in path.relative_to(root).parts:
            continue
        module = module_name(path, root)
        source = layer_of(module)
        assert source is not None
        relative = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(), relative)):
            targets: list[tuple[str, str | None]] = []
            if isinstance(node, ast.Import):
                targets = [(alias.name, layer_of(alias.name)) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = resolve(node, module, path.name == "__init__.py", root)
                targets = [(name, layer_of(name)) for name in names]
            elif isinstance(node, ast.Call):
                targets = [(s, layer_of_label(s.split(".")[0])) for s in string_models(node)]
            for name, target in targets:
                if target is not None and target != source:
                    found.append(Dependency(relative, node.lineno, source, target, name))
    return found


def violations(root: Path) -> list[Dependency]:
    """The dependencies that point up the order (or from lib to anything)."""
    return [d for d in dependencies(root) if RANK[d.target] > RANK[d.source]]


@functools.cache
def project_dependencies() -> list[Dependency]:
    return dependencies(ROOT)


def test_imports_point_down_the_order():
    found = [d for d in project_dependencies() if RANK[d.target] > RANK[d.source]]
    new = [str(d) for d in found if (d.path, d.name) not in ALLOW_LIST]
    assert not new, "imports against docs/architecture.md's order:\n" + "\n".join(new)


def test_the_allow_list_only_shrinks():
    still = {(d.path, d.name) for d in project_dependencies() if RANK[d.target] > RANK[d.source]}
    gone = sorted(ALLOW_LIST - still)
    assert not gone, f"fixed, remove from ALLOW_LIST: {gone}"


def test_lib_imports_no_app():
    assert not [str(d) for d in project_dependencies() if d.source == "lib"]


def test_every_app_has_a_place_in_the_order():
    folders = {p.parent.name for p in (ROOT / "lanzarote").glob("*/apps.py")}
    assert folders == APPS


def test_the_documented_order_is_the_enforced_one():
    picture = (ROOT / "docs" / "architecture.md").read_text().split("```")[1]
    names = [line.split()[0] for line in picture.splitlines() if line.strip() not in ("", "│")]
    assert tuple(reversed(names)) == ORDER


# Libraries that only some work needs: a function imports them (or the module that does) when
# called, so that no page, command or worker pays for them at start.
HEAVY = ("numpy", "py3langid", "pypdfium2", "weasyprint", "openpyxl")
STARTUP = """
import sys, django
django.setup()
import lanzarote.urls, lanzarote.cli
from django.template import engines
engines["django"].engine.template_libraries
print(" ".join(m for m in sys.argv[1:] if m in sys.modules))
"""


@pytest.mark.slow  # starts a process
def test_starting_the_site_loads_no_heavy_library():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "lanzarote.settings"}
    environment["PYTHONPATH"] = str(ROOT)
    loaded = subprocess.run(
        [sys.executable, "-c", STARTUP, *HEAVY],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert not loaded, (
        f"loaded at start: {loaded} (import them inside the function that needs them)"
    )


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.fixture
def tree(tmp_path):
    return write(
        tmp_path,
        {
            "lanzarote/__init__.py": "",
            "lanzarote/lib/__init__.py": "",
            "lanzarote/lib/text.py": "def helper():\n    from lanzarote.treaties import models\n",
            "lanzarote/treaties/__init__.py": "",
            "lanzarote/treaties/models.py": "from lanzarote.lib import text\n",
            "lanzarote/treaties/selectors.py": (
                "from . import models\n"
                "from lanzarote.parties.models import Reservation\n"
                "def provision(id):\n"
                "    from ..replies import models\n"
            ),
            "lanzarote/parties/__init__.py": "",
            "lanzarote/parties/models.py": (
                "from django.db import models\n"
                "from lanzarote.treaties.models import Provision\n"
                "class Reservation(models.Model):\n"
                "    provision = models.ForeignKey('treaties.Provision', models.CASCADE)\n"
                "    reply = models.ForeignKey(to='replies.Reply', on_delete=models.CASCADE)\n"
            ),
            "lanzarote/replies/__init__.py": "",
            "lanzarote/replies/models.py": "",
            "lanzarote/search/__init__.py": "",
            "lanzarote/search/models.py": "from django.apps import apps\napps.get_model('replies', 'Reply')\n",
            "lanzarote/search/selectors.py": "from lanzarote.replies.models import Reply\nfrom . import models\n",
            "lanzarote/migrations/0001.py": "from lanzarote.core import views\n",
        },
    )


def test_a_backward_import_is_caught_wherever_it_is_written(tree):
    assert sorted(str(v) for v in violations(tree)) == [
        "lanzarote/lib/text.py:2: lib -> treaties (lanzarote.treaties.models)",
        "lanzarote/parties/models.py:5: parties -> replies (replies.Reply)",
        "lanzarote/search/models.py:2: search.index -> replies (replies.Reply)",
        "lanzarote/treaties/selectors.py:2: treaties -> parties (lanzarote.parties.models)",
        "lanzarote/treaties/selectors.py:4: treaties -> replies (lanzarote.replies.models)",
    ]


def test_an_import_down_the_order_is_allowed(tree):
    allowed = {(d.path, d.name) for d in dependencies(tree)} - {
        (v.path, v.name) for v in violations(tree)
    }
    assert allowed == {
        ("lanzarote/parties/models.py", "lanzarote.treaties.models"),
        ("lanzarote/parties/models.py", "treaties.Provision"),
        ("lanzarote/search/selectors.py", "lanzarote.replies.models"),
        ("lanzarote/search/selectors.py", "lanzarote.search.models"),
        ("lanzarote/treaties/models.py", "lanzarote.lib.text"),
    }
