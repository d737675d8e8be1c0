"""spaCy, imported with PyTorch out of sight; ``claimtrace`` imports this first.

spaCy's thinc imports PyTorch whenever it is installed (``claimtrace[train]``
and the test extra bring it): 1.8 s and 250 MB for nothing, as claimtrace's
networks run in numpy. Training imports PyTorch itself and works with thinc
unaware of it. A spaCy pipeline with PyTorch components (``--spacy-model``)
needs thinc to see it: set ``CLAIMTRACE_SPACY_TORCH=1``.
"""

from __future__ import annotations

import os
import sys


def import_spacy_without_torch() -> None:
    """Import spaCy while ``import torch`` fails, unless PyTorch is loaded or wanted."""
    if "torch" in sys.modules or "spacy" in sys.modules:
        return
    if os.environ.get("CLAIMTRACE_SPACY_TORCH", "") not in ("", "0"):
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]


import_spacy_without_torch()
