"""A model is retrained whenever anything its training reads changes (on a copy of the project)."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from bot.paths import ROOT
from bot.tools.fingerprint import fingerprint, training_inputs


def _ensure_model():
    spec = importlib.util.spec_from_file_location("ensure_model", ROOT / "scripts" / "ensure_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """The files training may read, copied, with a "model" built from them."""
    root = tmp_path_factory.mktemp("project")
    for name in ("config.yml", "domain.yml", "requirements.lock"):
        shutil.copy(ROOT / name, root / name)
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("data", "knowledge", "bot"):
        shutil.copytree(ROOT / name, root / name, ignore=ignore)
    (root / "models").mkdir()
    (root / "models" / "assistant.tar.gz").write_bytes(b"model")
    (root / "models" / "assistant.fingerprint").write_text(fingerprint(root))
    return root


def test_the_copy_starts_with_a_current_model(copy):
    assert _ensure_model().model_is_current(copy)


def test_modules_the_components_import_are_found_not_listed():
    names = {str(p.relative_to(ROOT)) for p in training_inputs(ROOT)}
    # imported by the service classifier, through the knowledge base
    assert {"bot/core/knowledge.py", "bot/core/schema.py", "bot/text.py"} <= names
    assert "bot/core/render.py" not in names  # the action server's, not training's


def test_touching_any_imported_module_retrains(copy):
    ensure_model = _ensure_model()
    modules = [p for p in training_inputs(copy) if p.suffix == ".py"]
    assert len(modules) > 5
    for module in modules:
        original = module.read_bytes()
        module.write_bytes(original + b"\n# touched\n")
        try:
            assert not ensure_model.model_is_current(copy), module.relative_to(copy)
        finally:
            module.write_bytes(original)
    assert ensure_model.model_is_current(copy)


def test_touching_an_action_server_module_does_not_retrain(copy):
    module = copy / "bot" / "core" / "render.py"
    original = module.read_bytes()
    module.write_bytes(original + b"\n# touched\n")
    try:
        assert _ensure_model().model_is_current(copy)
    finally:
        module.write_bytes(original)


def test_the_nlu_components_do_not_import_the_dialogue_core():
    names = {str(p.relative_to(ROOT)) for p in training_inputs(ROOT)}
    for module in ("resolve", "dialogue", "answers", "render", "replies", "cases", "journeys"):
        assert f"bot/core/{module}.py" not in names
