"""The 87号 frame path under its former private path, for the modules of this package that still import it here.

The frame path itself lives in the document's package (:mod:`hongshan_policy.used_car._columnar`);
``batch._summary`` (the Dask summaries) reads ``used_car_frame`` and ``USED_CAR_FIELDS`` from this name.
"""

from __future__ import annotations

from ..used_car._columnar import USED_CAR_FIELDS, USED_CAR_RESULTS, render_notes, used_car_frame

__all__ = ["USED_CAR_FIELDS", "USED_CAR_RESULTS", "render_notes", "used_car_frame"]
