"""The frame path's fast readers agree with the general ones (issue 12).

The credit-code check runs block by block on a view of the bytes, polars' string
views are read without a copy, validity bitmaps are unpacked by numpy and the
「一次性」 repeats are found by one sort of hashed codes: each is compared here
with the slower, obvious way of doing the same thing, on populations built to
reach the edges (block boundaries, bitmap offsets, short and null strings,
colliding hashes).
"""

from __future__ import annotations

import contextlib
from unittest import mock

import numpy as np
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hongshan_policy.batch import _columns
from hongshan_policy.credit_code import check_character, validate_credit_code
from hongshan_policy.used_car import _columnar

GOOD = [f"91150402MA{i:07d}" + check_character(f"91150402MA{i:07d}") for i in range(40)]


def _read(array: pa.Array, kind: _columns.Kind) -> _columns.Column:
    return _columns.read_column(array, kind)


def _same(first: _columns.Column, second: _columns.Column) -> None:
    assert np.array_equal(first.present, second.present)
    assert np.array_equal(first.values, second.values)
    assert first.errors == second.errors
    if first.keys is not None and second.keys is not None:
        assert np.array_equal(first.keys[first.present], second.keys[second.present])


def _scalar_codes(values: list[str | None]) -> list[bool]:
    result = []
    for value in values:
        try:
            validate_credit_code(value) if value is not None and value.strip() else None
        except ValueError:
            result.append(False)
        else:
            result.append(value is not None and bool(value.strip()))
    return result


class TestCreditCodeBlocks:
    def test_every_block_is_checked_including_the_last_partial_one(self) -> None:
        rows = 3 * _columns._CODE_BLOCK + 17
        codes = [GOOD[i % len(GOOD)] for i in range(rows)]
        bad_rows = [0, _columns._CODE_BLOCK - 1, _columns._CODE_BLOCK, 2 * _columns._CODE_BLOCK + 5, rows - 1]
        for row in bad_rows:
            code = codes[row]
            codes[row] = code[:17] + ("0" if code[17] != "0" else "1")  # a wrong check character
        codes[7] = codes[7].lower()  # lower case: the same code
        column = _read(pa.array(codes, pa.string()), "credit_code")
        assert np.flatnonzero(~column.present).tolist() == bad_rows
        assert sorted(column.errors) == bad_rows
        assert column.keys is not None
        assert np.array_equal(column.keys[7], _columns.code_values(codes[7].upper()))

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(
            st.one_of(
                st.sampled_from(GOOD),
                st.sampled_from(GOOD).map(str.lower),
                st.sampled_from(GOOD).map(lambda code: code[:17] + "Y"),
                st.sampled_from(GOOD).map(lambda code: "Ｉ" + code[1:]),
                st.sampled_from(GOOD).map(lambda code: code[:5] + "A" + code[6:]),
                st.sampled_from(GOOD).map(lambda code: f" {code}"),
                st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=18, max_size=18),
                st.none(),
            ),
            min_size=1,
            max_size=60,
        )
    )
    def test_the_fast_check_agrees_with_the_scalar_one(self, values: list[str | None]) -> None:
        column = _read(pa.array(values, pa.string()), "credit_code")
        assert column.present.tolist() == _scalar_codes(values)


class TestStringViews:
    @settings(max_examples=80, deadline=None)
    @given(
        st.lists(
            st.one_of(
                st.sampled_from(GOOD),
                st.sampled_from(
                    ["赤峰红山第1号二手车经销有限公司", "短名", " ", "", "ＡＢＣ有限公司有限公司", "a\tb" * 8]
                ),
                st.text(max_size=30),
                st.none(),
            ),
            min_size=1,
            max_size=40,
        ),
        st.integers(0, 5),
    )
    def test_polars_views_read_as_large_strings(self, values: list[str | None], skip: int) -> None:
        series = pl.Series(values, dtype=pl.String)[min(skip, len(values) - 1) :]  # a slice: offset views
        views = series.to_arrow(compat_level=pl.CompatLevel.newest())
        plain = views.cast(pa.large_string())
        for kind in ("text", "credit_code"):
            _same(_read(views, kind), _read(plain, kind))

    def test_long_contiguous_values_are_read_in_place(self) -> None:
        views = pl.Series(GOOD * 3).to_arrow(compat_level=pl.CompatLevel.newest())
        layout = _columns._view_layout(views)
        assert layout is not None
        offsets, data = layout
        assert [bytes(data[offsets[i] : offsets[i + 1]]).decode() for i in range(len(views))] == GOOD * 3

    @pytest.mark.parametrize("values", [["短名", GOOD[0]], [GOOD[0], None], [GOOD[0], ""]])
    def test_short_or_null_values_fall_back_to_a_cast(self, values: list[str | None]) -> None:
        views = pl.Series(values, dtype=pl.String).to_arrow(compat_level=pl.CompatLevel.newest())
        assert _columns._view_layout(views) is None


class TestBitmaps:
    @settings(max_examples=80, deadline=None)
    @given(st.lists(st.one_of(st.booleans(), st.none()), min_size=1, max_size=70), st.integers(0, 20))
    def test_validity_and_flags_of_sliced_arrays(self, values: list[bool | None], skip: int) -> None:
        array = pa.array(values, pa.bool_()).slice(min(skip, len(values) - 1))
        assert _columns._valid(array).tolist() == array.is_valid().to_pylist()
        column = _read(array, "flag")
        assert column.present.tolist() == [value is not None for value in array.to_pylist()]
        assert column.values.tolist() == [bool(value) for value in array.to_pylist()]

    @settings(max_examples=50, deadline=None)
    @given(st.lists(st.one_of(st.integers(-30_000, 60_000), st.none()), min_size=1, max_size=40), st.integers(0, 9))
    def test_dates_of_sliced_arrays(self, days: list[int | None], skip: int) -> None:
        array = pa.array(days, pa.int32()).cast(pa.date32()).slice(min(skip, len(days) - 1))
        column = _read(array, "date")
        expected = _columns.read_python(array.to_pylist(), "date")
        _same(column, expected)


def _repeats(codes: list[str], valid: list[bool], applied: list[bool]) -> list[int]:
    """The obvious way: remember the first applying row of each code."""
    first_row: dict[str, int] = {}
    result = []
    for row, (code, ok, on) in enumerate(zip(codes, valid, applied, strict=True)):
        earlier = first_row.get(code, -1) if ok else -1
        result.append(earlier)
        if ok and on and code not in first_row:
            first_row[code] = row
    return result


class TestRepeats:
    @settings(max_examples=80, deadline=None)
    @given(
        st.lists(st.tuples(st.integers(0, 12), st.booleans(), st.booleans()), min_size=1, max_size=60),
        st.booleans(),
    )
    def test_first_applications_agree_with_a_dictionary(
        self, rows: list[tuple[int, bool, bool]], collide: bool
    ) -> None:
        codes = [GOOD[number] for number, _, _ in rows]
        valid = np.array([ok for _, ok, _ in rows])
        applied = np.array([on for _, _, on in rows])
        column = _read(pa.array(codes, pa.string()), "credit_code")
        same_hash = mock.patch.object(_columnar, "_code_hashes", lambda keys: np.zeros(len(keys), dtype=np.uint64))
        with same_hash if collide else contextlib.nullcontext():  # colliding: the exact numbering tells codes apart
            found = _columnar._first_applications(column, valid, applied)
        assert found.tolist() == _repeats(codes, valid.tolist(), applied.tolist())

    def test_no_repeat_is_found_among_distinct_codes(self) -> None:
        column = _read(pa.array(GOOD, pa.string()), "credit_code")
        everyone = np.ones(len(GOOD), dtype=np.bool_)
        assert (_columnar._first_applications(column, everyone, everyone) == -1).all()
        assert len(_columnar._shared_codes(column.keys, everyone)) == 0  # type: ignore[arg-type]
