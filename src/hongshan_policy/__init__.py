"""Rules as code for the policies of the Hongshan District (红山区, 赤峰市) government.

One module per document, with the shared building blocks beside them:

- :mod:`hongshan_policy.headquarters`: 赤红政字〔2024〕79号, support for headquarters enterprises (``hq:…``);
- :mod:`hongshan_policy.used_car`: 赤红政字〔2024〕87号, rewards for used-car dealers (``used-car:…``);
- :mod:`hongshan_policy.ebike`: 赤红政办发〔2024〕4号, the e-bike safety rectification plan (``ebike:…``);
- building blocks: :mod:`~hongshan_policy.money`, :mod:`~hongshan_policy.comparisons`,
  :mod:`~hongshan_policy.decisions`, :mod:`~hongshan_policy.parameters`, :mod:`~hongshan_policy.citations`,
  :mod:`~hongshan_policy.dates`, :mod:`~hongshan_policy.workdays`, :mod:`~hongshan_policy.credit_code`,
  :mod:`~hongshan_policy.errors`, :mod:`~hongshan_policy.sources`, :mod:`~hongshan_policy.coverage`;
- for analysts (the ``analysis`` extra): :mod:`~hongshan_policy.batch`, :mod:`~hongshan_policy.scenarios`,
  :mod:`~hongshan_policy.charts`, :mod:`~hongshan_policy.explain`; for tests: :mod:`~hongshan_policy.testing`.

Import the module you need (``from hongshan_policy import used_car``); nothing heavy is imported here.
:data:`DOCUMENTS` (the registry of documents and their decisions, :mod:`hongshan_policy.registry`) is
loaded on first use.
"""

from typing import TYPE_CHECKING, Any

__all__ = ["DOCUMENTS", "__version__"]

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from .registry import DOCUMENTS


def __getattr__(name: str) -> Any:
    if name == "DOCUMENTS":
        from .registry import DOCUMENTS

        return DOCUMENTS
    raise AttributeError(f"module 'hongshan_policy' has no attribute {name!r}")
