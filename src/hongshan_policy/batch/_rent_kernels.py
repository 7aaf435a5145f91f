"""``add_months`` under its former private path, for ``conditions.column_checks`` (``WithinMonths``).

The month arithmetic on day numbers is generic (:mod:`hongshan_policy.batch._kernels`); the 79号 rent kernels
that used to live here are in the document's package (:mod:`hongshan_policy.headquarters._rent_kernels`).
"""

from __future__ import annotations

from ._kernels import add_months

__all__ = ["add_months"]
