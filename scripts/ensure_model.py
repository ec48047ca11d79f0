"""Trains the Rasa model unless models/ already holds one built from the same inputs.

    .venv/bin/python scripts/ensure_model.py [--force]

The fingerprint covers everything training reads: config, domain, training
data (with the jieba dictionary), the custom NLU component and the pinned
dependencies.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "assistant.tar.gz"
FINGERPRINT = ROOT / "models" / "assistant.fingerprint"
INPUTS = [
    "config.yml",
    "domain.yml",
    "requirements.lock",
    "data",
    "knowledge/services.yml",
    "bot/nlu/normalizer.py",
    "bot/nlu/service_classifier.py",
    "bot/nlu/intent_ensemble.py",
    "bot/nlu/linear_component.py",
    "bot/nlu/text_classifier.py",
    "bot/text.py",
]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    wanted = fingerprint()
    if not args.force and MODEL.exists() and FINGERPRINT.exists() and FINGERPRINT.read_text() == wanted:
        print(f"Model is up to date: {MODEL.relative_to(ROOT)}")
        return 0
    print("Training the model (a few minutes on 2 cores)…", flush=True)
    started = time.perf_counter()
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "rasa"), "train", "--force", "--out", "models",
         "--fixed-model-name", "assistant"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if result.returncode != 0:
        print("Training failed.", file=sys.stderr)
        return result.returncode
    FINGERPRINT.write_text(wanted)
    print(f"Trained in {time.perf_counter() - started:.0f} s: {MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
