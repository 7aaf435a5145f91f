"""The scalar rules and the command line need only the three runtime dependencies (pydantic, python-dateutil,
chinese-calendar): ``pip install . && hongshan-policy assess examples/used-car/dealer.json`` must work without the
analysis extra."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BLOCK_HEAVY = """
import importlib.abc, sys
HEAVY = ("numpy", "pandas", "pyarrow", "polars", "narwhals", "openpyxl", "matplotlib", "fastapi", "uvicorn")
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in HEAVY:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)", name=name)
        return None
sys.meta_path.insert(0, Block())
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_HEAVY + code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_the_rules_import_without_the_analysis_extra() -> None:
    """Every document's rules, the registry and the schemas load with numpy, pandas, pyarrow and FastAPI absent."""
    done = _run(
        "from hongshan_policy import DOCUMENTS, used_car, headquarters, ebike, _schemas\n"
        "assert set(DOCUMENTS) == {'used-car', 'hq', 'ebike'}\n"
        "assert _schemas.describe()\n"
        "print('ok')\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_readme_command_runs_without_the_analysis_extra() -> None:
    """``hongshan-policy assess examples/used-car/dealer.json`` answers with numpy and the rest absent."""
    done = _run(
        "import sys\n"
        "from hongshan_policy import cli\n"
        "sys.exit(cli.main(['assess', '--json', 'examples/used-car/dealer.json']))\n"
    )
    assert done.returncode == 0, done.stderr
    assert '"schema_version"' in done.stdout
    assert '"amount": "50000.00"' in done.stdout


def test_the_documents_packages_do_not_load_their_columnar_parts() -> None:
    """With numpy and pyarrow installed, importing the documents (and the light ``batch`` package) loads neither:
    each document's columnar part (``used_car._columnar``, ``used_car._kernels``, ``headquarters._columnar``,
    ``headquarters._rent_kernels``) is imported by ``batch`` on first use only."""
    columnar = (
        "hongshan_policy.used_car._columnar",
        "hongshan_policy.used_car._kernels",
        "hongshan_policy.headquarters._columnar",
        "hongshan_policy.headquarters._rent_kernels",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib.util, sys\n"
            # installed (found, not imported): anything importing them would load them
            "assert importlib.util.find_spec('numpy') and importlib.util.find_spec('pyarrow')\n"
            "import hongshan_policy\n"
            "from hongshan_policy import used_car, headquarters, ebike, batch, DOCUMENTS\n"
            "assert set(DOCUMENTS) == {'used-car', 'hq', 'ebike'}\n"
            f"columnar = {columnar!r}\n"
            "loaded = sorted(m for m in ('numpy', 'pyarrow', *columnar) if m in sys.modules)\n"
            "assert not loaded, loaded\n"
            "batch.used_car_frame, batch.hq_rent_frame\n"
            "assert all(m in sys.modules for m in ('numpy', 'pyarrow', *columnar)), 'batch loads them'\n"
            "print('ok')\n",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
