"""Shared helpers of the export tests: the binary, the graphs, running exports."""

import json
import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def binary() -> Path:
    """The stancegraph binary `cargo test` built (STANCEGRAPH_BIN overrides)."""
    if "STANCEGRAPH_BIN" in os.environ:
        return Path(os.environ["STANCEGRAPH_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return target / "debug" / "stancegraph"


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(binary()), *args], cwd=REPO, capture_output=True, text=True, check=check
    )


def graphs() -> list[Path]:
    """Every valid graph of the project: the curated ones and the fixtures'."""
    candidates = sorted(REPO.glob("graphs/*.ron")) + sorted(REPO.glob("tests/fixtures/**/*.ron"))
    return [g for g in candidates if run("validate", str(g), check=False).returncode == 0]


def export_json(graph: Path, *options: str) -> dict:
    return json.loads(run("export", str(graph), "--format", "json", *options).stdout)


# Option sets every export is checked under, for the curated graph.
CURATED = REPO / "graphs" / "geneva-talks-2025-11.ron"
OPTIONS = [
    (),
    ("--proposal", "us-28-point-plan"),
    ("--as-of", "2025-11-21"),
    ("--focus", "zelenskyy"),
]
