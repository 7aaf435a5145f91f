"""The published JSON Schemas: current, valid 2020-12, and every example and CLI output validates."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from hongshan_policy import _schemas, cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHIPPED = ROOT / "src" / "hongshan_policy" / "schemas"

EXAMPLE_SCHEMAS = {
    "used-car/dealer.json": "assess-input",
    "used-car/batch.json": "assess-input",
    "hq/land.json": "assess-input",
    "hq/rent.json": "assess-input",
    "hq/rent-refused.json": "assess-input",
    "calendar/2027.example.json": "workdays-schedule",
    "ebike/vehicle.json": "ebike.inspect_vehicle.input#vehicle",
    "ebike/dealer.json": "ebike.inspect_dealer.input#shop",
    "ebike/delivery_fleet.json": "ebike.inspect_delivery_fleet.input#fleet",
    "ebike/premises.json": "ebike.inspect_premises.input#premises",
    "ebike/online_listing.json": "ebike.inspect_online_listing.input#listing",
}
"""Example file -> the schema it follows (``#key``: the example is that key of the request)."""

ASSESS_EXAMPLES = sorted(k for k, v in EXAMPLE_SCHEMAS.items() if v == "assess-input")


def validate(name: str, data: Any) -> None:
    schema = _schemas.generate(name)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)


class TestShipped:
    @pytest.mark.parametrize("name", _schemas.names())
    def test_shipped_file_is_current(self, name: str) -> None:
        """The shipped schema equals what the models generate (refresh: python -m hongshan_policy._schemas)."""
        assert _schemas.shipped(name) == _schemas.render(_schemas.generate(name))

    @pytest.mark.parametrize("name", _schemas.names())
    def test_is_valid_2020_12(self, name: str) -> None:
        """Each schema is itself a valid JSON Schema 2020-12 document."""
        schema = _schemas.generate(name)
        assert schema["$schema"] == _schemas.DIALECT
        jsonschema.Draft202012Validator.check_schema(schema)

    def test_no_stale_files(self) -> None:
        """The schemas folder holds exactly the current schemas."""
        assert sorted(p.stem for p in SHIPPED.glob("*.json")) == _schemas.names()

    def test_docs_page_is_current(self) -> None:
        """docs/schemas.md lists every schema (regenerated with the files)."""
        assert (ROOT / "docs" / "schemas.md").read_text(encoding="utf-8") == _schemas.markdown()


class TestExamples:
    def test_every_json_example_is_mapped(self) -> None:
        """Every JSON file under examples/ (outside examples/requests) has its schema named here."""
        found = {p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*.json")}
        assert {f for f in found if not f.startswith("requests/")} == set(EXAMPLE_SCHEMAS)

    @pytest.mark.parametrize("path", sorted(EXAMPLE_SCHEMAS))
    def test_example_validates(self, path: str) -> None:
        """The example validates against its schema."""
        name, _, key = EXAMPLE_SCHEMAS[path].partition("#")
        data = json.loads((EXAMPLES / path).read_text(encoding="utf-8"))
        if key:
            schema = _schemas.generate(name)
            ref = schema["properties"][key]["$ref"].rpartition("/")[2]
            data_schema = {"$schema": _schemas.DIALECT, "$defs": schema["$defs"], **schema["$defs"][ref]}
            jsonschema.Draft202012Validator(data_schema, format_checker=jsonschema.FormatChecker()).validate(data)
        else:
            validate(name, data)

    @pytest.mark.parametrize("path", sorted((EXAMPLES / "requests").glob("*.json")), ids=lambda p: p.stem)
    def test_request_example_validates(self, path: Path) -> None:
        """Each decision's example request validates against its .input schema."""
        validate(f"{path.stem}.input", json.loads(path.read_text(encoding="utf-8")))

    def test_an_invalid_example_fails(self) -> None:
        """A dealer without its credit code does not validate (the check can fail)."""
        data = json.loads((EXAMPLES / "used-car/dealer.json").read_text(encoding="utf-8"))
        del data["dealer"]["credit_code"]
        with pytest.raises(jsonschema.ValidationError):
            validate("assess-input", data)


def run_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        status = cli.main(list(args))
    return status, out.getvalue()


class TestCLIOutputs:
    @pytest.mark.parametrize("path", ASSESS_EXAMPLES)
    def test_assess_json_validates(self, path: str) -> None:
        """hongshan-policy assess --json prints JSON that validates against assess-output, with schema_version."""
        status, out = run_cli("assess", str(EXAMPLES / path), "--json")
        assert status == 0
        data = json.loads(out)
        validate("assess-output", data)
        for item in data if isinstance(data, list) else [data]:
            assert item["schema_version"] == "3.0.0"

    @pytest.mark.parametrize(
        ("args", "name"),
        [
            (("ebike", "tasks", "--department", "区市场监管局", "--json"), "ebike.tasks_for.output"),
            (("ebike", "due", "2024-10-01", "2024-12-31", "--json"), "ebike.due_between.output"),
            (("ebike", "overdue", "--on", "2024-11-15", "--json"), "ebike.overdue.output"),
            (
                ("ebike", "inspect", str(EXAMPLES / "ebike/vehicle.json"), "--on", "2024-09-01", "--json"),
                "ebike.inspect_vehicle.output",
            ),
        ],
        ids=["tasks", "due", "overdue", "inspect"],
    )
    def test_ebike_json_validates(self, args: tuple[str, ...], name: str) -> None:
        """The e-bike commands' --json output validates against the schema of the decision they run."""
        status, out = run_cli(*args)
        assert status == 0
        validate(name, json.loads(out))

    def test_schema_list(self) -> None:
        """hongshan-policy schema --list names every schema."""
        status, out = run_cli("schema", "--list")
        assert status == 0
        assert [line.split("\t")[0] for line in out.splitlines()] == _schemas.names()

    def test_schema_prints_the_shipped_file(self) -> None:
        """hongshan-policy schema decision prints the shipped file."""
        status, out = run_cli("schema", "decision")
        assert status == 0
        assert out == _schemas.shipped("decision")

    def test_unknown_schema_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown name exits 2 and suggests the closest."""
        assert cli.main(["schema", "decison"]) == 2
        assert "decision" in capsys.readouterr().err
