"""The app's module structure, read from the source with ``ast`` (pure, no frappe).

- no import cycle between the app's modules, counting imports inside functions (a lazy import
  that dodges a cycle at load time is still a cycle in the design);
- ``domain/`` is pure: it imports neither frappe nor the app's services, API or controllers;
- no sibling import guarded by ``try/except`` (modules of one app never wonder whether another
  exists);
- no module uses another module's private (``_name``) names (tests aside);
- every dotted path in hooks.py, the desk's JavaScript and the shipped JSON names a function or
  class that exists;
- each DocType controller carries the generated types of its fields.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "redes_smevir"
PREFIX = "redes_smevir"


def module_name(path: Path) -> str:
	parts = list(path.relative_to(ROOT).with_suffix("").parts)
	if parts[-1] == "__init__":
		parts.pop()
	return ".".join(parts)


MODULES: dict[str, Path] = {
	module_name(p): p for p in sorted(APP.rglob("*.py")) if "node_modules" not in p.parts
}
TREES: dict[str, ast.Module] = {name: ast.parse(p.read_text(encoding="utf-8")) for name, p in MODULES.items()}


def _is_package(name: str) -> bool:
	return MODULES[name].name == "__init__.py"


def imports_of(name: str) -> list[tuple[str, int]]:
	"""(imported module, line) for every import statement of module ``name``, at any depth."""
	out: list[tuple[str, int]] = []
	package = name if _is_package(name) else name.rpartition(".")[0]
	for node in ast.walk(TREES[name]):
		if isinstance(node, ast.Import):
			out += [(alias.name, node.lineno) for alias in node.names]
		elif isinstance(node, ast.ImportFrom):
			base = node.module or ""
			if node.level:
				anchor = package.split(".")
				anchor = anchor[: len(anchor) - (node.level - 1)]
				base = ".".join([*anchor, base] if base else anchor)
			for alias in node.names:
				sub = f"{base}.{alias.name}"
				# ``from package import module`` imports the module; ``from module import name`` the module
				out.append((sub if sub in MODULES else base, node.lineno))
	return out


def app_graph() -> dict[str, set[str]]:
	graph: dict[str, set[str]] = {name: set() for name in MODULES}
	for name in MODULES:
		for target, _line in imports_of(name):
			if target in MODULES and target != name:
				graph[name].add(target)
	return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
	"""One import cycle (as a path that returns to its start), or None."""
	WHITE, GREY, BLACK = 0, 1, 2
	color = dict.fromkeys(graph, WHITE)
	stack: list[str] = []

	def visit(node: str) -> list[str] | None:
		color[node] = GREY
		stack.append(node)
		for nxt in sorted(graph[node]):
			if color[nxt] == GREY:
				return [*stack[stack.index(nxt) :], nxt]
			if color[nxt] == WHITE:
				found = visit(nxt)
				if found:
					return found
		stack.pop()
		color[node] = BLACK
		return None

	for start in sorted(graph):
		if color[start] == WHITE:
			found = visit(start)
			if found:
				return found
	return None


def test_the_graph_sees_function_level_imports():
	"""Guard on the test itself: a lazy import inside a function is an edge of the graph."""
	graph = app_graph()
	assert len(MODULES) > 50
	# benchmark/marco_logico.py imports the engine inside its functions only
	assert "redes_smevir.services.marco_logico" in graph["redes_smevir.benchmark.marco_logico"]
	assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
	assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle():
	cycle = find_cycle(app_graph())
	assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_domain_is_pure():
	offenders = []
	for name in MODULES:
		if not name.startswith(f"{PREFIX}.domain"):
			continue
		for target, line in imports_of(name):
			top = target.split(".")[0]
			in_app = target.startswith(f"{PREFIX}.")
			if top == "frappe" or (in_app and not target.startswith(f"{PREFIX}.domain")):
				offenders.append(f"{name}:{line} imports {target}")
	assert not offenders, "\n".join(offenders)


def _guarded_imports(tree: ast.Module) -> list[int]:
	lines = []
	for node in ast.walk(tree):
		if not isinstance(node, ast.Try):
			continue
		for stmt in node.body:
			for sub in ast.walk(stmt):
				if isinstance(sub, ast.ImportFrom | ast.Import):
					names = (
						[sub.module or ""] if isinstance(sub, ast.ImportFrom) else [a.name for a in sub.names]
					)
					if any(n.startswith(PREFIX) for n in names) or getattr(sub, "level", 0):
						lines.append(sub.lineno)
	return lines


def test_no_guarded_sibling_imports():
	offenders = [f"{name}:{line}" for name, tree in TREES.items() for line in _guarded_imports(tree)]
	assert not offenders, "app imports inside try blocks: " + ", ".join(offenders)


def _defines(module: str, attr: str) -> bool:
	for node in TREES[module].body:
		if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name == attr:
			return True
		if isinstance(node, ast.Assign) and any(
			isinstance(t, ast.Name) and t.id == attr for t in node.targets
		):
			return True
		if isinstance(node, ast.ImportFrom) and any((a.asname or a.name) == attr for a in node.names):
			return True
	return False


def resolves(dotted: str) -> bool:
	"""``dotted`` is ``module.attribute`` (or a module) of the app."""
	if dotted in MODULES:
		return True
	module, _dot, attr = dotted.rpartition(".")
	return module in MODULES and _defines(module, attr)


def _strings(value) -> list[str]:
	if isinstance(value, str):
		return [value]
	if isinstance(value, dict):
		return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
	if isinstance(value, list | tuple | set):
		return [s for v in value for s in _strings(v)]
	return []


def hook_paths() -> list[str]:
	scope: dict = {}
	exec(compile((APP / "hooks.py").read_text(encoding="utf-8"), "hooks.py", "exec"), scope)
	return sorted(
		{
			s
			for k, v in scope.items()
			if not k.startswith("__")
			for s in _strings(v)
			if s.startswith(f"{PREFIX}.") and not s.endswith(".")
		}
	)


DOTTED = re.compile(r"""["'](redes_smevir(?:\.[A-Za-z_][\w]*)+)["']""")


def asset_paths() -> list[tuple[str, str]]:
	"""(file, dotted path) of the app's methods named in JavaScript, JSON and Python strings."""
	out = []
	for path in sorted(APP.rglob("*")):
		if path.suffix not in (".js", ".json", ".py") or "node_modules" in path.parts:
			continue
		text = path.read_text(encoding="utf-8")
		if path.suffix == ".json":
			json.loads(text)  # a broken fixture fails here, not in the migration
		for m in DOTTED.finditer(text):
			head = ".".join(m.group(1).split(".")[:2])
			if head in MODULES:  # names an app module (not e.g. a frappe.ui namespace "redes_smevir.x")
				out.append((str(path.relative_to(ROOT)), m.group(1)))
	return out


def test_hook_paths_resolve():
	paths = hook_paths()
	assert "redes_smevir.services.indicator_seed.ensure_default_indicators" in paths
	missing = [p for p in paths if not resolves(p)]
	assert not missing, f"hooks.py names what does not exist: {missing}"


@pytest.mark.parametrize("where,dotted", asset_paths())
def test_method_paths_in_assets_resolve(where, dotted):
	assert resolves(dotted), f"{where} names {dotted}, which does not exist"


LAYOUT = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading", "Fold"}


def _typed_fields(controller: Path) -> set[str] | None:
	"""Names annotated in the controller's generated ``if TYPE_CHECKING:`` block (None: no block)."""
	for cls in ast.parse(controller.read_text(encoding="utf-8")).body:
		if isinstance(cls, ast.ClassDef):
			for node in cls.body:
				if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
					return {n.target.id for n in node.body if isinstance(n, ast.AnnAssign)}
	return None


@pytest.mark.parametrize(
	"doctype_json", sorted(APP.glob("redes_smevir/doctype/*/*.json")), ids=lambda p: p.stem
)
def test_controllers_carry_the_generated_types_of_their_fields(doctype_json):
	"""hooks.export_python_type_annotations: the block lists the DocType's fields (re-save to refresh)."""
	doctype = json.loads(doctype_json.read_text(encoding="utf-8"))
	if doctype.get("doctype") != "DocType":
		pytest.skip("not a DocType")
	expected = {f["fieldname"] for f in doctype["fields"] if f["fieldtype"] not in LAYOUT}
	if doctype.get("istable"):
		expected |= {"parent", "parentfield", "parenttype"}
	typed = _typed_fields(doctype_json.with_suffix(".py"))
	assert typed == expected


def _is_test(name: str) -> bool:
	return ".tests." in f"{name}." or name.rsplit(".", 1)[-1].startswith("test_")


def private_uses(name: str) -> list[str]:
	"""``module._name`` or ``from module import _name`` of another app module, in ``name``."""
	tree = TREES[name]
	aliases: dict[str, str] = {}
	out = []
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			for a in node.names:
				if a.name in MODULES and a.asname:
					aliases[a.asname] = a.name
		elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIX):
			for a in node.names:
				sub = f"{node.module}.{a.name}"
				if sub in MODULES:
					aliases[a.asname or a.name] = sub
				elif a.name.startswith("_") and not a.name.startswith("__") and node.module != name:
					out.append(f"{name}:{node.lineno} imports {node.module}.{a.name}")
	for node in ast.walk(tree):
		if (
			isinstance(node, ast.Attribute)
			and isinstance(node.value, ast.Name)
			and node.value.id in aliases
			and aliases[node.value.id] != name
			and node.attr.startswith("_")
			and not node.attr.startswith("__")
		):
			out.append(f"{name}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
	return out


def test_no_module_uses_another_modules_private_names():
	offenders = [u for name in MODULES if not _is_test(name) for u in private_uses(name)]
	assert not offenders, "\n".join(offenders)
