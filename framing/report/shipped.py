"""Files shipped with the report stage: the demo corpus and the claim classifier's measured accuracy."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from framing.errors import ReportError


def demo_dir() -> Path:
    """The built-in demo corpus (constructed teaching examples), shipped in ``framing/report/demo``."""
    root = resources.files("framing.report").joinpath("demo")
    if not isinstance(root, Path) or not root.is_dir():
        raise ReportError(f"the built-in demo corpus is not a folder on disk: {root}")
    return root


def classifier_accuracy() -> dict[str, object]:
    """The claim classifier's measured accuracy, as shipped in ``framing/report/templates/accuracy.json``
    (written by ``tools/train_claim_model.py``)."""
    text = (
        resources.files("framing.report").joinpath("templates", "accuracy.json").read_text(encoding="utf-8")
    )
    return json.loads(text)
