"""A channel adapter that needs only the vocabulary does not pay for the flows' heavy libraries."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("matplotlib", "openpyxl", "jieba", "numpy")


def test_importing_the_channel_neutral_types_loads_no_heavy_library() -> None:
    probe = "import sys, handlers.types; print(' '.join(sorted(m for m in sys.modules if '.' not in m)))"
    loaded = set(
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    )
    assert not loaded & set(HEAVY), f"import handlers.types loaded {sorted(loaded & set(HEAVY))}"
