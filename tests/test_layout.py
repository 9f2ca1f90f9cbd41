"""The package's layout keeps its promises: stages import only earlier stages, and modules stay small.

The flow is text → search → qa → front; inside front, rendering knows nothing of the front ends
and no front end imports another. Nothing in `bot/` imports the tests or the development tools.
"""

import ast
from pathlib import Path

from tests.paths import ROOT

PACKAGE = ROOT / "bot"
STAGES = ("text", "search", "qa", "front")
MAX_MODULE_LINES = 300
MAX_CLASS_LINES = 150


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def name_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def imports(path: Path) -> set[str]:
    """Every module name the file imports (absolute imports; the package uses no relative ones)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            found.add(node.module)
    return found


def stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[0] == "bot" and parts[1] in STAGES else None


def test_every_module_is_in_a_stage():
    loose = [name_of(p) for p in modules() if stage(name_of(p)) is None and p.parent != PACKAGE]
    assert loose == []
    assert {p.name for p in PACKAGE.glob("*.py")} == {"__init__.py", "__main__.py"}


def test_imports_point_down_the_flow():
    backwards = []
    for path in modules():
        me = name_of(path)
        for imported in imports(path):
            if imported.split(".")[0] in {"tests", "quality", "bench"}:
                backwards.append(f"{me} imports {imported}")
            elif stage(me) is not None and stage(imported) is not None and stage(imported) > stage(me):
                backwards.append(f"{me} imports {imported}")
    assert backwards == []


def test_front_ends_share_the_session_and_not_each_other():
    front_ends = {"bot.front.console", "bot.front.cli", "bot.front.telegram"}
    crossing = []
    for path in modules():
        me = name_of(path)
        mine = next((f for f in front_ends if me == f or me.startswith(f + ".")), None)
        for imported in imports(path):
            theirs = next((f for f in front_ends if imported == f or imported.startswith(f + ".")), None)
            if me.startswith("bot.front.render") and theirs:
                crossing.append(f"{me} imports {imported}")
            # the command line starts the others: that is its job
            if mine and theirs and mine != theirs and mine != "bot.front.cli":
                crossing.append(f"{me} imports {imported}")
    assert crossing == []


def test_modules_and_classes_stay_small():
    large = []
    for path in modules():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE_LINES:
            large.append(f"{name_of(path)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES:
                large.append(f"{name_of(path)}.{node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert large == []


def test_every_module_and_public_function_says_what_it_is_for():
    missing = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not ast.get_docstring(tree) and path.name != "__init__.py":
            missing.append(name_of(path))
        classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
        members = [member for cls in classes for member in cls.body]
        for node in [*tree.body, *members]:  # module level and methods; not nested helpers
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                if not ast.get_docstring(node):
                    missing.append(f"{name_of(path)}.{node.name}")
    assert missing == []
