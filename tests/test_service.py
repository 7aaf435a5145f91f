"""The HTTP service as its clients see it: a real ``hongshan-policy serve`` process on a free loopback port.

No test client stands in for the server: every request here goes over TCP to
the uvicorn process the ``server`` fixture starts (and stops after the module).
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chinese_calendar
import httpx
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openapi_spec_validator import validate as validate_openapi

from hongshan_policy import _schemas, cli, workdays
from hongshan_policy._service import MAX_BODY
from hongshan_policy.registry import DOCUMENTS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ASSESS_EXAMPLES = sorted(
    p.relative_to(EXAMPLES).as_posix() for folder in ("used-car", "hq") for p in (EXAMPLES / folder).glob("*.json")
)
SPECS = [spec for document in DOCUMENTS.values() for spec in document.decisions.values()]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


class Server:
    """A ``hongshan-policy serve`` process on 127.0.0.1."""

    def __init__(self, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "hongshan_policy.cli", "serve", "--port", str(self.port), *extra]
        self.process = subprocess.Popen(
            command, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT
        )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                output = self.process.stdout.read().decode() if self.process.stdout else ""
                raise RuntimeError(f"the server exited with {self.process.returncode}:\n{output}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the server did not start within 60 s")
            time.sleep(0.2)

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.process.stdout.read().decode(errors="replace") if self.process.stdout else ""


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    log = running.stop()
    assert "Traceback" not in log, log


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


def cli_output(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "hongshan_policy.cli", *args], env=environment(), capture_output=True, check=False
    )


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert "Traceback" not in response.text
    jsonschema.Draft202012Validator(_schemas.generate("problem")).validate(body)
    return body


class TestOpenAPI:
    def test_document_validates(self, client: httpx.Client) -> None:
        """GET /openapi.json is a valid OpenAPI document (openapi-spec-validator)."""
        document = client.get("/openapi.json").json()
        validate_openapi(document)
        assert document["openapi"].startswith("3.1")

    def test_one_route_per_decision(self, client: httpx.Client) -> None:
        """Every decision of the registry has its POST route, with its summaries and clause ids."""
        paths = client.get("/openapi.json").json()["paths"]
        for spec in SPECS:
            operation = paths[f"/v1/{spec.document}/{spec.name}"]["post"]
            assert spec.summary_zh in operation["summary"]
            assert spec.summary_en in operation["summary"]
            assert operation["x-clauses"] == list(spec.clauses)
        for path in ("/v1/assess", "/v1/batch/{decision}", "/v1/clauses", "/v1/parameters/{document}"):
            assert path in paths
        assert set(paths["/v1/workdays/add"]) == {"get", "post"}

    @pytest.mark.parametrize(("page", "script"), [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")])
    def test_interactive_docs_serve_offline(self, client: httpx.Client, page: str, script: str) -> None:
        """/docs and /redoc load their scripts from the service itself, so they work with no internet access."""
        response = client.get(page)
        assert response.status_code == 200
        assert "openapi.json" in response.text
        urls = re.findall(r'(?:src|href)="([^"]+)"', response.text)
        assert not [url for url in urls if url.startswith(("http://", "https://", "//"))], urls
        local = next(url for url in urls if url.endswith(script))
        asset = client.get(local)
        assert asset.status_code == 200
        assert len(asset.content) > 100_000


class TestAssessContract:
    @pytest.mark.parametrize("path", ASSESS_EXAMPLES)
    def test_same_bytes_as_the_cli(self, client: httpx.Client, path: str) -> None:
        """POST /v1/assess answers byte for byte what `hongshan-policy assess --json FILE` prints."""
        printed = cli_output("assess", "--json", str(EXAMPLES / path))
        assert printed.returncode == 0, printed.stderr
        response = client.post("/v1/assess", content=(EXAMPLES / path).read_bytes())
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.content == printed.stdout
        jsonschema.Draft202012Validator(_schemas.generate("assess-output")).validate(response.json())

    def test_bad_credit_code_names_the_field(self, client: httpx.Client) -> None:
        """A dealer whose credit code has a wrong check character is a 422 naming credit_code in both languages."""
        data = json.loads((EXAMPLES / "used-car/dealer.json").read_text(encoding="utf-8"))
        data["dealer"]["credit_code"] = "91150402MA0QUC015X"
        body = assert_problem(client.post("/v1/assess", json=data), 422)
        (error,) = body["errors"]
        assert error["field"] == "dealer.credit_code"
        assert error["field_zh"] == "统一社会信用代码"
        assert error["field_en"].startswith("unified social credit code")
        assert "校验码" in error["zh"]
        assert "check character" in error["en"]

    @pytest.mark.parametrize(
        "change",
        [
            {"revenue_jan_to_jul": 5000000.5},
            {"revenue_2024": "-1"},
            {"revenue_2024": "1e400"},
            {"policy": "used-cars"},
            {"unknown": 1},
        ],
        ids=["fraction-number", "negative", "huge", "unknown-policy", "unknown-field"],
    )
    def test_refused_as_the_cli_refuses(self, client: httpx.Client, tmp_path: Path, change: dict[str, Any]) -> None:
        """An input the CLI refuses (exit 2) the service refuses (422), and what one accepts the other accepts."""
        data = json.loads((EXAMPLES / "used-car/dealer.json").read_text(encoding="utf-8")) | change
        text = json.dumps(data, ensure_ascii=False)
        source = tmp_path / "in.json"
        source.write_text(text, encoding="utf-8")
        printed = cli_output("assess", "--json", str(source))
        response = client.post("/v1/assess", content=text.encode())
        if printed.returncode == 0:
            assert response.status_code == 200
            assert response.content == printed.stdout
        else:
            assert printed.returncode == 2
            assert_problem(response, 422)

    def test_not_json(self, client: httpx.Client) -> None:
        """A body that is not JSON is a 422 problem."""
        assert_problem(client.post("/v1/assess", content=b"{not json"), 422)


class TestDecisions:
    @pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.qualified_name)
    def test_example_request(self, client: httpx.Client, spec: Any) -> None:
        """Each decision's example request answers 200 with what the registry answers, in its published shape."""
        body = (EXAMPLES / "requests" / f"{spec.qualified_name}.json").read_bytes()
        response = client.post(f"/v1/{spec.document}/{spec.name}", content=body)
        assert response.status_code == 200, response.text
        expected = spec.answer(spec.input_model.model_validate(json.loads(body)))
        if spec.output_model is None:
            assert response.headers["content-type"] == f"{spec.media_type}; charset=utf-8"
            if spec.name != "agenda_ics":  # its DTSTAMP is the time of the request
                assert response.text == expected
            else:
                assert response.text.startswith("BEGIN:VCALENDAR")
        else:
            assert response.json() == expected
            schema = _schemas.generate(f"{spec.qualified_name}.output")
            jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(response.json())

    def test_missing_field_is_named(self, client: httpx.Client) -> None:
        """A scale-reward request without applied_on is a 422 naming applied_on with its Chinese name."""
        data = json.loads((EXAMPLES / "requests/used-car.scale_reward.json").read_text(encoding="utf-8"))
        del data["applied_on"]
        (error,) = assert_problem(client.post("/v1/used-car/scale_reward", json=data), 422)["errors"]
        assert error["field"] == "applied_on"
        assert error["field_zh"] == "申请提交日期"

    def test_library_error_is_422(self, client: httpx.Client) -> None:
        """A question the library cannot answer (a phase after the plan's end) is a 422 naming the field."""
        body = assert_problem(client.post("/v1/ebike/phase_on", json={"day": "2026-01-01"}), 422)
        assert body["errors"][0]["field"] == "day"


class TestOtherRoutes:
    def test_health(self, client: httpx.Client) -> None:
        """GET /v1/health gives the version and the calendar's coverage."""
        body = client.get("/v1/health").json()
        assert body["status"] == "ok"
        assert body["calendar"]["first_year"] <= 2024 <= body["calendar"]["last_year"]
        jsonschema.Draft202012Validator(_schemas.generate("health")).validate(body)

    def test_clauses(self, client: httpx.Client) -> None:
        """GET /v1/clauses?document=used-car lists that document's clauses with their functions."""
        body = client.get("/v1/clauses", params={"document": "used-car"}).json()
        by_id = {c["id"]: c for c in body["clauses"]}
        assert set(by_id) == {c.id for c in DOCUMENTS["used-car"].clauses}
        assert "hongshan_policy.used_car.scale_reward" in by_id["used-car:3.1"]["functions"]

    @pytest.mark.clause("used-car:8")
    def test_parameters_on_a_day(self, client: httpx.Client) -> None:
        """GET /v1/parameters/used-car?on=2025-03-31 gives the set in force; 2025-04-01 is a 422."""
        body = client.get("/v1/parameters/used-car", params={"on": "2025-03-31"}).json()
        values = {p["name"]: p["value"] for p in body["parameters"]}
        assert values["growth_cap"] == "350000"
        assert_problem(client.get("/v1/parameters/used-car", params={"on": "2025-04-01"}), 422)
        assert_problem(client.get("/v1/parameters/used-car", params={"on": "2025-02-30"}), 422)

    def test_workdays_add(self, client: httpx.Client) -> None:
        """3 working days after 2024-09-30 skip the National Day holiday: 2024-10-10."""
        body = client.get("/v1/workdays/add", params={"start": "2024-09-30", "days": 3}).json()
        assert body["result"] == "2024-10-10"
        assert body["calendar"] == {"chinese_calendar": chinese_calendar.__version__, "schedules": []}

    def test_workdays_with_a_supplied_schedule(self, client: httpx.Client) -> None:
        """Counting into 2027 needs its schedule: without it 422, with it (this request only) a day of 2027."""
        assert_problem(client.get("/v1/workdays/add", params={"start": "2026-12-31", "days": 3}), 422)
        schedule = json.loads((EXAMPLES / "calendar/2027.example.json").read_text(encoding="utf-8"))
        body = {"start": "2026-12-31", "days": 3, "schedules": [schedule]}
        answer = client.post("/v1/workdays/add", json=body).json()
        assert answer["result"].startswith("2027-")
        assert answer["supplied_years"] == [2027]
        supplied = workdays.Schedule.model_validate(schedule)
        assert answer["calendar"]["schedules"] == [{"name": supplied.name, "digest": supplied.digest()}]
        assert_problem(client.get("/v1/workdays/add", params={"start": "2026-12-31", "days": 3}), 422)

    def test_unknown_route_and_method(self, client: httpx.Client) -> None:
        """An unknown route is a 404 problem; a wrong method a 405 problem."""
        assert_problem(client.get("/v1/nothing"), 404)
        assert_problem(client.get("/v1/assess"), 405)


class TestLimits:
    def test_declared_length_refused_before_reading(self, client: httpx.Client) -> None:
        """A Content-Length over the limit is a 413 problem."""
        assert_problem(client.post("/v1/assess", content=b" " * (MAX_BODY + 1)), 413)

    def test_streamed_body_refused(self, client: httpx.Client) -> None:
        """A chunked body (no Content-Length) is refused with 413 once it passes the limit."""

        def chunks() -> Iterator[bytes]:
            for _ in range(40):
                yield b" " * 65_536

        assert_problem(client.post("/v1/assess", content=chunks()), 413)

    def test_a_body_at_the_limit_is_read(self, client: httpx.Client) -> None:
        """A body just under the limit is read (and refused for its content, not its size)."""
        assert_problem(client.post("/v1/assess", content=b"[" + b" " * (MAX_BODY - 10) + b"1]"), 422)


class TestBatch:
    def test_csv_in_csv_out(self, client: httpx.Client) -> None:
        """POST /v1/batch/used-car.assess with a CSV register answers a CSV with one result row per row."""
        source = (EXAMPLES / "batch/used-car-register.csv").read_bytes()
        response = client.post("/v1/batch/used-car.assess", content=source, headers={"content-type": "text/csv"})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/csv")
        rows = response.content.decode("utf-8-sig").strip().splitlines()
        assert len(rows) == len(source.decode("utf-8-sig").strip().splitlines())

    def test_parquet_in_parquet_out(self, client: httpx.Client) -> None:
        """A Parquet register is answered as Parquet."""
        import pandas as pd

        frame = pd.read_csv(EXAMPLES / "batch/hq-rent-register.csv", dtype=str, keep_default_na=False)
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        response = client.post(
            "/v1/batch/hq.rent_subsidy_schedule",
            content=buffer.getvalue(),
            headers={"content-type": "application/vnd.apache.parquet"},
        )
        assert response.status_code == 200, response.text
        result = pd.read_parquet(io.BytesIO(response.content))
        assert len(result) == len(frame)

    def test_json_lines_in_json_lines_out(self, client: httpx.Client) -> None:
        """A JSON Lines register is answered as JSON Lines, one result object per input line."""
        import csv

        with (EXAMPLES / "batch/used-car-register.csv").open(encoding="utf-8-sig", newline="") as source:
            rows = list(csv.DictReader(source))
        body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()
        jsonl = {"content-type": "application/jsonl"}
        response = client.post("/v1/batch/used-car.assess", content=body, headers=jsonl)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/jsonl")
        lines = [json.loads(line) for line in response.text.splitlines() if line.strip()]
        assert len(lines) == len(rows)

    def test_unknown_format_and_decision(self, client: httpx.Client) -> None:
        """An unknown upload type is a 415 problem; a decision without a columnar evaluator a 422."""
        assert_problem(
            client.post("/v1/batch/used-car.assess", content=b"x", headers={"content-type": "image/png"}), 415
        )
        assert_problem(
            client.post("/v1/batch/used-car.scale_reward", content=b"a\n1\n", headers={"content-type": "text/csv"}),
            422,
        )

    def test_unreadable_file(self, client: httpx.Client) -> None:
        """An upload its reader cannot parse is a 422 problem, not a server error."""
        response = client.post(
            "/v1/batch/used-car.assess",
            content=b"PAR1garbage",
            headers={"content-type": "application/vnd.apache.parquet"},
        )
        assert_problem(response, 422)


@pytest.mark.slow
def test_schemathesis_finds_no_server_error(server: Server, tmp_path: Path) -> None:
    """Schemathesis, from the OpenAPI document, against every operation: no 5xx, every answer in its schema."""
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{server.url}/openapi.json",
        "--checks",
        "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        "--max-examples",
        os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"),
        "--phases",
        "examples,coverage,fuzzing",
        "--seed",
        os.environ.get("SCHEMATHESIS_SEED", "20241203"),
        "--no-color",
        "--request-timeout",
        "30",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_docs_list_every_route() -> None:
    """docs/service.md lists the route of every decision of the registry (regenerated with the schemas)."""
    page = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
    assert page == _schemas.with_routes(page)
    missing = [s.qualified_name for s in SPECS if f"`POST /v1/{s.document}/{s.name}`" not in page]
    assert not missing


_LEAF = st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.text()
_JSON = st.recursive(
    _LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=30,
)


@given(_JSON)
def test_cli_json_text_is_the_standard_librarys(value: Any) -> None:
    """The CLI's fast JSON text (pydantic-core) is byte for byte json.dumps(..., ensure_ascii=False, indent=2)."""
    assert cli._dumps(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_lone_surrogate_is_refused(client: httpx.Client) -> None:
    """A name holding a lone surrogate (JSON "\\ud800") is a 422 naming the field, not a server error."""
    body = (EXAMPLES / "used-car/dealer.json").read_bytes().replace("赤峰".encode(), b"\\ud800", 1)
    (error,) = assert_problem(client.post("/v1/assess", content=body), 422)["errors"]
    assert error["field"] == "dealer.name"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_takes_a_calendar(workers: str) -> None:
    """`serve --calendar FILE` gives every worker the year's schedule: a count into 2027 answers, not 422."""
    calendar = str(EXAMPLES / "calendar" / "2027.example.json")
    running = Server("--calendar", calendar, "--workers", workers)
    try:
        answers = {
            httpx.get(f"{running.url}/v1/workdays/add", params={"start": "2026-12-31", "days": "1"}, timeout=10).text
            for _ in range(6)  # several requests, so both workers answer
        }
    finally:
        running.stop()
    assert all('"2027-01-04"' in answer for answer in answers), answers


def test_serve_refuses_a_bad_calendar_file(tmp_path: Path) -> None:
    """A schedule file that is not valid stops `serve` with status 2 before it listens."""
    bad = tmp_path / "2027.json"
    bad.write_text('{"year": 2027}', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "hongshan_policy.cli", "serve", "--port", str(free_port()), "--calendar", str(bad)],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "source" in done.stderr


def test_two_workers_serve() -> None:
    """`serve --workers 2` starts, answers the contract route, and stops cleanly."""
    running = Server("--workers", "2")
    try:
        body = (EXAMPLES / "used-car/dealer.json").read_bytes()
        answers = {httpx.post(f"{running.url}/v1/assess", content=body, timeout=30).content for _ in range(6)}
    finally:
        log = running.stop()
    assert len(answers) == 1
    assert "Traceback" not in log


def test_workers_below_one_is_refused() -> None:
    """`serve --workers 0` exits 2 with a message, without starting anything."""
    result = cli_output("serve", "--workers", "0")
    assert result.returncode == 2
    assert b"--workers" in result.stderr
