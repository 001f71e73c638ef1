"""Fixtures shared by the Python tests: the repository and the stancegraph binary."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository's root folder."""
    return ROOT


@pytest.fixture(scope="session")
def stancegraph() -> Path:
    """The debug binary `cargo test` builds: $STANCEGRAPH_BIN, else
    $CARGO_TARGET_DIR/debug/stancegraph, else target/debug/stancegraph."""
    if os.environ.get("STANCEGRAPH_BIN"):
        path = Path(os.environ["STANCEGRAPH_BIN"])
    else:
        target = Path(os.environ.get("CARGO_TARGET_DIR") or "target")
        path = (target if target.is_absolute() else ROOT / target) / "debug" / "stancegraph"
    if not path.is_file():
        pytest.fail(f"no stancegraph binary at {path}: run `cargo build` first or set STANCEGRAPH_BIN")
    return path
