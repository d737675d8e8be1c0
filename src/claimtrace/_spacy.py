"""spaCy, imported with PyTorch out of sight and its command line deferred;
``claimtrace`` imports this first.

spaCy's thinc imports PyTorch whenever it is installed (``claimtrace[train]``
and the test extra bring it): 1.8 s and 250 MB for nothing, as claimtrace's
networks run in numpy. Training imports PyTorch itself and works with thinc
unaware of it. A spaCy pipeline with PyTorch components (``--spacy-model``)
needs thinc to see it: set ``CLAIMTRACE_SPACY_TORCH=1``.

``import spacy`` also imports its whole command line (typer, weasel,
requests, httpx: a third of spaCy's import time, paid by every claimtrace
command) to re-export one function, ``spacy.info``. While spaCy imports,
``spacy.cli.info`` is a stand-in whose ``info`` imports spaCy's own when
called; ``spacy.cli`` itself is untouched and imports as usual when asked for.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from typing import Any

_CLI_INFO = "spacy.cli.info"


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, imported when called."""
    return importlib.import_module(_CLI_INFO).info(*args, **kwargs)


def import_spacy_without_torch() -> None:
    """Import spaCy while ``import torch`` fails, unless PyTorch is loaded or wanted."""
    if "spacy" in sys.modules:
        return
    # spaCy's __init__ reads one name of spacy.cli.info: a stand-in gives it,
    # and leaves once spaCy is imported (`import spacy.cli` is then spaCy's own).
    deferred = types.ModuleType(_CLI_INFO)
    deferred.info = _info  # type: ignore[attr-defined]
    sys.modules.setdefault(_CLI_INFO, deferred)
    hide = "torch" not in sys.modules and os.environ.get("CLAIMTRACE_SPACY_TORCH", "") in ("", "0")
    if hide:
        sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail
    try:
        import spacy  # noqa: F401
    finally:
        if hide:
            del sys.modules["torch"]
        if sys.modules.get(_CLI_INFO) is deferred:
            del sys.modules[_CLI_INFO]


import_spacy_without_torch()
