"""Regenerate the export golden files under tests/golden/ (then review `git diff tests/golden`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    env = {**os.environ, "READER_REGEN_GOLDEN": "1"}
    test = ROOT / "tests" / "test_export_golden.py"
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-q", str(test)], cwd=ROOT, env=env))
