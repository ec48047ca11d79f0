"""Trains the Rasa model unless models/ already holds one built from the same inputs.

    .venv/bin/python scripts/ensure_model.py [--force]

The fingerprint (bot/tools/fingerprint.py) covers everything training reads:
config, domain, training data, the knowledge base, the pinned dependencies and
every project module the custom NLU components import.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bot.tools.fingerprint import fingerprint  # noqa: E402

MODEL = Path("models") / "assistant.tar.gz"
FINGERPRINT = Path("models") / "assistant.fingerprint"


def model_is_current(root: Path) -> bool:
    """True if the project at `root` holds a model built from its present inputs."""
    model, stamp = root / MODEL, root / FINGERPRINT
    return model.exists() and stamp.exists() and stamp.read_text() == fingerprint(root)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    if not args.force and model_is_current(ROOT):
        print(f"Model is up to date: {MODEL}")
        return 0
    wanted = fingerprint(ROOT)
    print("Training the model (a few minutes on 2 cores)…", flush=True)
    started = time.perf_counter()
    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "rasa"),
            "train",
            "--force",
            "--out",
            "models",
            "--fixed-model-name",
            "assistant",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if result.returncode != 0:
        print("Training failed.", file=sys.stderr)
        return result.returncode
    (ROOT / FINGERPRINT).write_text(wanted)
    print(f"Trained in {time.perf_counter() - started:.0f} s: {MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
