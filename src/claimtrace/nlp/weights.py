"""Reading a saved model's arrays (``.npz``), with errors that say what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimtrace.errors import ModelError

_REBUILD = "Reinstall claimtrace or rebuild the models with `claimtrace train`."


class Weights(dict[str, npt.NDArray[Any]]):
    """A model's arrays by name; a missing one is a ``ModelError``."""

    def __init__(self, path: Path, arrays: dict[str, npt.NDArray[Any]]) -> None:
        super().__init__(arrays)
        self.path = path

    def __missing__(self, name: str) -> npt.NDArray[Any]:
        raise ModelError(f"the model {self.path} has no array {name!r}. {_REBUILD}")


def read_weights(path: Path, version: int) -> Weights:
    """The arrays saved in ``path``, once its ``version`` array says it fits this claimtrace."""
    try:
        with np.load(path) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the model {path}: {exc}. {_REBUILD}") from exc
    weights = Weights(path, arrays)
    found = int(weights["version"])
    if found != version:
        raise ModelError(
            f"{path} was trained for model inputs v{found}, this claimtrace uses v{version}: "
            "rebuild the models with `claimtrace train`."
        )
    return weights
