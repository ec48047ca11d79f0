"""What a trained model was built from: the files training reads, found, not listed by hand.

Config, domain, training data (with the jieba dictionary), the knowledge base,
the pinned dependencies, the whole NLU sub-package and every project module
that the custom components named in config.yml import, followed transitively.
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path
from typing import Iterable, List, Set

import yaml

PACKAGE = "bot"
FIXED_INPUTS = ("config.yml", "domain.yml", "requirements.lock", "data", "knowledge/services.yml", "bot/nlu")


def module_file(root: Path, module: str) -> Path | None:
    """The file of a project module ("bot.core.knowledge"), if it is one."""
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_modules(path: Path) -> Iterable[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            # "from bot.core import knowledge" imports a module too.
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def project_imports(root: Path, modules: Iterable[str]) -> List[Path]:
    """Files of these project modules, their packages and everything they import."""
    seen: Set[Path] = set()
    pending = list(modules)
    while pending:
        module = pending.pop()
        if module.split(".")[0] != PACKAGE:
            continue
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):  # a module's packages run their __init__
            path = module_file(root, ".".join(parts[:depth]))
            if path and path not in seen:
                seen.add(path)
                pending.extend(_imported_modules(path))
    return sorted(seen)


def custom_components(root: Path) -> List[str]:
    """Modules of the custom NLU components config.yml names."""
    config = yaml.safe_load((root / "config.yml").read_text(encoding="utf-8"))
    names = [step["name"] for step in config.get("pipeline") or []]
    return [name.rsplit(".", 1)[0] for name in names if name.split(".")[0] == PACKAGE]


def training_inputs(root: Path) -> List[Path]:
    files: Set[Path] = set()
    for name in FIXED_INPUTS:
        path = root / name
        files.update(
            p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ) if path.is_dir() else files.add(path)
    nlu_modules = [f"bot.nlu.{p.stem}" for p in (root / "bot" / "nlu").glob("*.py")]
    files.update(project_imports(root, [*custom_components(root), *nlu_modules]))
    return sorted(files)


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for file in training_inputs(root):
        digest.update(str(file.relative_to(root)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()
