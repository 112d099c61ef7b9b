"""Dependencies run one way: core ← building blocks ← people ← domain apps. Core names no app: an app plugs
itself in through its AppConfig (menu, home figures, work queue, API routes, URLs, permission actions). The
demo runner (`regie.demo`) names no app but core, and only the apps' `demo` packages use it: each plugs its
steps and report hooks into it."""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

REGIE = Path(settings.BASE_DIR) / "regie"
TEMPLATES = REGIE / "templates"
DOTTED = re.compile(r"regie(\.\w+)+")


def regie_apps():
    return {config.name.split(".")[1] for config in apps.get_app_configs() if config.name.startswith("regie.")}


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif isinstance(node, ast.ImportFrom) and node.level >= 2:  # from ..people import x
            yield "regie." + (node.module or "")
    for node in ast.walk(tree):  # dotted paths in strings: import_string("regie.x.y"), SubFactory("regie.x.Y")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and DOTTED.fullmatch(node.value):
            yield node.value


def foreign_apps(module_names, own):
    others = regie_apps() - {own}
    for name in module_names:
        parts = name.split(".")
        if len(parts) > 1 and parts[0] == "regie" and parts[1] in others:
            yield name


def test_core_imports_no_other_app():
    offences = {}
    for path in REGIE.joinpath("core").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        found = sorted(set(foreign_apps(imported_modules(path), "core")))
        if found:
            offences[str(path.relative_to(REGIE))] = found
    assert not offences, f"core must not name another app (plug it in through its AppConfig): {offences}"


def test_core_templates_name_no_other_app():
    namespaces = regie_apps() - {"core"}
    url = re.compile(r"""\{%\s*url\s+['"](\w+):""")
    offences = []
    for path in [*TEMPLATES.joinpath("core").rglob("*.html"), *TEMPLATES.joinpath("components").rglob("*.html")]:
        offences += [f"{path.name}: {ns}" for ns in url.findall(path.read_text()) if ns in namespaces]
    assert not offences, offences


def test_people_depends_on_no_domain_app():
    domain = regie_apps() - {"core", "people", "attachments", "notifications", "imports", "demo"}
    offences = {}
    for path in REGIE.joinpath("people").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        found = sorted(
            {name for name in foreign_apps(imported_modules(path), "people") if name.split(".")[1] in domain}
        )
        if found:
            offences[str(path.relative_to(REGIE))] = found
    assert not offences, offences


def test_the_demo_runner_names_no_app_but_core():
    offences = {}
    for path in REGIE.joinpath("demo").rglob("*.py"):
        found = sorted({name for name in foreign_apps(imported_modules(path), "demo") if name.split(".")[1] != "core"})
        if found:
            offences[str(path.relative_to(REGIE))] = found
    assert not offences, f"the demo runner discovers the apps' demo packages, it names none: {offences}"


def test_only_the_apps_demo_packages_use_the_demo_runner():
    offences = {}
    for app in regie_apps() - {"demo"}:
        for path in REGIE.joinpath(app).rglob("*.py"):
            if "demo" in path.relative_to(REGIE / app).parts[:-1] or path.stem == "demo":
                continue
            found = sorted({name for name in imported_modules(path) if name.split(".")[:2] == ["regie", "demo"]})
            if found:
                offences[str(path.relative_to(REGIE))] = found
    assert not offences, f"only regie/<app>/demo builds on the demo runner: {offences}"


def test_the_check_sees_an_offence():
    # Guards against a vacuous test: the walker does find an import of another app when there is one.
    source = REGIE / "people" / "apps.py"
    assert "regie.core.navigation" in set(imported_modules(source))
    assert list(foreign_apps(["regie.people.selectors", "regie.core.models"], "core")) == ["regie.people.selectors"]


def test_models_import_no_middleware():
    """A model's rules live below the request's handling: what both need (the portal's instance host names) sits
    in a module of its own, which the middleware imports too."""
    offences = {}
    for path in REGIE.rglob("*.py"):
        relative = path.relative_to(REGIE)
        if "models" not in (path.stem, *relative.parts[:-1]) or "migrations" in relative.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        names += [alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names]
        found = sorted(name for name in names if "middleware" in name.split("."))
        if found:
            offences[str(relative)] = found
    assert not offences, f"models must not import a middleware: {offences}"
