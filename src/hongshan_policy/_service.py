"""``hongshan-policy serve``: the rules as a stateless HTTP JSON service (FastAPI on uvicorn, the ``service`` extra).

Every route is generated from :data:`hongshan_policy.DOCUMENTS` or shares the
command line's code, so the service answers exactly what the library and the
CLI answer:

- ``POST /v1/assess``: what ``hongshan-policy assess --json FILE`` takes (one
  application or a list), answered with the very bytes it prints;
- ``POST /v1/<document>/<decision>``: one route per decision of the registry,
  its body the decision's input model, its answer the decision's versioned JSON
  (the e-bike agendas as ``text/plain`` and ``text/calendar``);
- ``POST /v1/batch/<document>.<decision>``: a register (CSV, XLSX, Parquet or
  JSON Lines, by ``Content-Type``) evaluated by the decision's columnar
  evaluator, answered in the same format (at most :data:`MAX_UPLOAD` bytes);
- ``GET /v1/clauses``, ``GET /v1/parameters/{document}?on=``,
  ``GET|POST /v1/workdays/add``, ``GET /v1/health``, ``GET /openapi.json``, ``/docs``.

Bodies are read through the CLI's strict JSON reader and validated by the
library's models. Errors are RFC 9457 problem details
(``application/problem+json``) naming each invalid field in Chinese and
English: 422 invalid input, 413 too large (refused from ``Content-Length``
before the body is read, or as soon as a streamed body passes the limit), 415
an unknown upload format, 404 an unknown route. An unexpected error is a 500
problem without a trace.
"""

import json
import re
import tempfile
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import date
from enum import Enum
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema
from pydantic_core import to_json
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__, _jsonio, cli, sources
from . import _json as J
from ._requests import AssessInput, WorkdaysAddRequest
from .citations import IMPLEMENTATIONS
from .errors import PolicyError
from .inputs import MAX_DAYS
from .registry import DOCUMENTS, DecisionSpec
from .workdays import WorkCalendar, add_working_days, calendar_data, covered_years

__all__ = ["MAX_BODY", "MAX_UPLOAD", "UPLOAD_TYPES", "create_app"]

MAX_BODY = 1024 * 1024
"""The largest JSON request body, in bytes (1 MiB: some five hundred applications; use batch for more)."""
MAX_UPLOAD = 16 * 1024 * 1024
"""The largest batch upload, in bytes (16 MiB: some hundred thousand rows of CSV)."""

UPLOAD_TYPES = {
    "text/csv": ".csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.apache.parquet": ".parquet",
    "application/x-parquet": ".parquet",
    "application/jsonl": ".jsonl",
    "application/x-ndjson": ".jsonl",
}
"""Accepted ``Content-Type`` of a batch upload -> the file format (answered with the same type)."""

PROBLEM = "application/problem+json"
JSON_TYPE = "application/json"
_DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_ISO_DAY = re.compile(_DAY_PATTERN)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


# ---------------------------------------------------------------- problems (RFC 9457)


class _Problem(Exception):
    """An error answered as problem details."""

    def __init__(self, status: int, title: str, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors or []


_TITLES = {
    400: "请求有误 Bad request",
    404: "未找到 Not found",
    405: "方法不允许 Method not allowed",
    413: "请求过大 Content too large",
    415: "不支持的格式 Unsupported media type",
    422: "输入有误 Invalid input",
    500: "内部错误 Internal error",
}


_KINDS = {
    400: "bad-request",
    404: "not-found",
    405: "method-not-allowed",
    413: "too-large",
    415: "unsupported-upload",
    422: "invalid-input",
    500: "internal",
}
"""Status -> the problem type ``urn:hongshan-policy:problem:<kind>``."""


def _problem_response(status: int, title: str, detail: str, errors: list[dict[str, str]] | None = None) -> Response:
    kind = f"urn:hongshan-policy:problem:{_KINDS[status]}" if status in _KINDS else "about:blank"
    body = {"type": kind, "title": title, "status": status, "detail": detail, "errors": errors or []}
    return Response(json.dumps(body, ensure_ascii=False).encode(), status_code=status, media_type=PROBLEM)


def _names(description: str | None, field: str) -> tuple[str, str]:
    """A field's Chinese and English names from its description (「统一社会信用代码 unified social credit code」)."""
    text = (description or "").strip()
    head, _, rest = text.partition(" ")
    if head and any("\u4e00" <= ch <= "\u9fff" for ch in head):
        return head, (rest.split(";")[0].strip() or field)
    return "", text.split(";")[0].strip() or field


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    if get_origin(annotation) is not None:
        return None
    return None


def _field_names(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> tuple[str, str]:
    """Walk ``loc`` through ``model`` (skipping union tags and list indexes) to the field's names."""
    current: Any = model
    info = None
    for part in loc:
        if current is None or not isinstance(part, str):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            root = fields.get("root")
            if root is not None:  # a RootModel of a (tagged) union: try each member
                for member in _all_models(root.annotation):
                    if part in member.model_fields:
                        current = member
                        fields = member.model_fields
                        break
            if part not in fields:
                continue  # a union tag such as "hq-land"
        info = fields[part]
        current = _model_of(info.annotation)
    if info is None:
        return "", ""
    return _names(info.description, str(loc[-1]) if loc else "")


def _all_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found.extend(_all_models(arg))
    return found


def _split(message: str) -> tuple[str, str]:
    message = message.removeprefix("Value error, ")
    zh, sep, en = message.partition(" / ")
    if sep and any("\u4e00" <= ch <= "\u9fff" for ch in zh):
        return zh, en
    return "", message


def _validation_errors(error: ValidationError, model: type[BaseModel] | None) -> list[dict[str, str]]:
    from .cli import _PYDANTIC_ZH

    items = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        field = ".".join(str(p) for p in loc)
        field_zh, field_en = _field_names(model, loc)
        zh, en = _split(str(item["msg"]))
        if not zh:
            zh = _PYDANTIC_ZH.get(item["type"], "输入有误")
        items.append({"field": field, "field_zh": field_zh, "field_en": field_en or field, "zh": zh, "en": en})
    return items


def _policy_errors(error: PolicyError, model: type[BaseModel] | None) -> list[dict[str, str]]:
    field = error.field or ""
    field_zh, field_en = _field_names(model, tuple(field.split("."))) if field else ("", "")
    return [{"field": field, "field_zh": field_zh, "field_en": field_en or field, "zh": error.zh, "en": error.en}]


def _invalid(errors: list[dict[str, str]]) -> _Problem:
    detail = "; ".join(f"{e['field'] or '(body)'}: {e['zh']} / {e['en']}" for e in errors)
    return _Problem(422, _TITLES[422], detail, errors)


_UNCOMPUTABLE = (ValueError, OverflowError, ArithmeticError)
"""What a rule raises when valid-looking input takes a date or an amount past what can be computed.

For example a battery life of 20,000 years runs past 9999-12-31, and an amount of 1e400 yuan past the
decimal context. The input is the only thing that varies, so it is answered as invalid input (422), with
the error's type and message, rather than as a server error."""


def _uncomputable(error: Exception) -> _Problem:
    return _invalid(
        [
            {
                "field": "",
                "field_zh": "",
                "field_en": "",
                "zh": "输入的日期或金额超出可计算的范围",
                "en": f"the dates or amounts given lead outside what can be computed ({type(error).__name__}: {error})",
            }
        ]
    )


# ---------------------------------------------------------------- body size


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse a request body over its route's limit with 413, before reading it when ``Content-Length`` says so."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_upload: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_upload if str(scope.get("path", "")).startswith("/v1/batch/") else self.max_body
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > limit:
                    await _too_large(limit)(scope, receive, send)
                    return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _too_large(limit)(scope, receive, send)


def _too_large(limit: int) -> Response:
    return _problem_response(
        413,
        _TITLES[413],
        f"请求体超过 {limit} 字节的上限 / the request body is over the limit of {limit} bytes",
    )


# ---------------------------------------------------------------- reading


async def _body(request: Request) -> bytes:
    try:
        return await request.body()
    except _TooLarge:
        raise
    except Exception as error:  # a client that went away mid-body
        raise _Problem(
            400, _TITLES[400], f"无法读取请求体 / cannot read the request body: {type(error).__name__}"
        ) from None


def _parse(body: bytes) -> Any:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _invalid(
            [
                {
                    "field": "",
                    "field_zh": "",
                    "field_en": "",
                    "zh": "请求体应为 UTF-8 编码",
                    "en": "the body must be UTF-8",
                }
            ]
        ) from None
    try:
        return _jsonio.loads(text, name="请求体 request body")
    except PolicyError as error:
        raise _invalid(_policy_errors(error, None)) from None
    except ValueError as error:
        raise _invalid(
            [{"field": "", "field_zh": "", "field_en": "", "zh": "不是有效的JSON", "en": f"not valid JSON: {error}"}]
        ) from None


def _validated(model: type[BaseModel], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise _invalid(_validation_errors(error, model)) from None
    except PolicyError as error:
        raise _invalid(_policy_errors(error, model)) from None


def _day(value: str, field: str) -> date:
    try:
        if _ISO_DAY.match(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise _invalid(
        [
            {
                "field": field,
                "field_zh": "日期",
                "field_en": "date",
                "zh": "应为日期 YYYY-MM-DD",
                "en": f"must be a date YYYY-MM-DD (got {value!r})",
            }
        ]
    )


def _json(payload: Any) -> Response:
    return Response(to_json(payload), media_type=JSON_TYPE)


# ---------------------------------------------------------------- the app


def _decision_endpoint(spec: DecisionSpec) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        request_model = _validated(spec.input_model, _parse(await _body(request)))
        try:
            answer = spec.answer(request_model)
        except ValidationError as error:
            raise _invalid(_validation_errors(error, spec.input_model)) from None
        except PolicyError as error:
            raise _invalid(_policy_errors(error, spec.input_model)) from None
        except _UNCOMPUTABLE as error:
            raise _uncomputable(error) from None
        try:
            if spec.output_model is None:
                return Response(str(answer).encode(), media_type=f"{spec.media_type}; charset=utf-8")
            return _json(answer)
        except _UNCOMPUTABLE as error:  # UnicodeEncodeError is a ValueError
            raise _uncomputable(error) from None

    endpoint.__name__ = f"{spec.document.replace('-', '_')}_{spec.name}"
    return endpoint


async def _assess(request: Request) -> Response:
    data = _parse(await _body(request))
    try:
        text = cli.assess_json(data)
    except ValidationError as error:
        raise _invalid(_validation_errors(error, AssessInput)) from None
    except PolicyError as error:
        raise _invalid(_policy_errors(error, AssessInput)) from None
    except _UNCOMPUTABLE as error:
        raise _uncomputable(error) from None
    try:
        return Response(text.encode(), media_type=JSON_TYPE)
    except UnicodeEncodeError as error:
        raise _uncomputable(error) from None


def _batch_endpoint(specs: dict[str, DecisionSpec]) -> Callable[..., Awaitable[Response]]:
    names = Enum("BatchDecision", {name: name for name in specs}, type=str)  # type: ignore[misc]

    async def batch(
        request: Request,
        decision: Annotated[names, PathParam(description="the decision, e.g. used-car.assess")],
    ) -> Response:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media not in UPLOAD_TYPES:
            raise _Problem(
                415,
                _TITLES[415],
                f"不支持的上传格式 {media or '(none)'} / unsupported upload type "
                f"(use one of {', '.join(UPLOAD_TYPES)})",
            )
        body = await _body(request)
        spec = specs[decision.value]
        suffix = UPLOAD_TYPES[media]
        try:
            data = await run_in_threadpool(_run_batch, spec, body, suffix)
        except PolicyError as error:
            raise _invalid(_policy_errors(error, None)) from None
        except ValidationError as error:
            raise _invalid(_validation_errors(error, None)) from None
        return Response(data, media_type=media)

    return batch


def _run_batch(spec: DecisionSpec, body: bytes, suffix: str) -> bytes:
    from .batch._io import read_table, write_table

    assert spec.columnar is not None
    with tempfile.TemporaryDirectory(prefix="hongshan-batch-") as folder:
        source = Path(folder) / f"in{suffix}"
        target = Path(folder) / f"out{suffix}"
        source.write_bytes(body)
        try:
            frame = read_table(source)
        except PolicyError:
            raise
        except Exception as error:  # a file its reader cannot parse
            from .errors import InvalidInputError

            raise InvalidInputError(
                f"无法读取上传的文件({suffix})", f"cannot read the uploaded {suffix} file: {error}", field="(upload)"
            ) from None
        result = spec.columnar(frame)
        write_table(result, target)
        return target.read_bytes()


def _clauses(document: str | None) -> dict[str, Any]:
    rows = sources.clauses(document)
    return {
        "schema_version": J.SCHEMA_VERSION,
        "clauses": [
            {
                "id": c.id,
                "document": c.document,
                "label": c.label,
                "heading": c.heading,
                "text": c.text,
                "status": c.status,
                "functions": [name for name, _ in IMPLEMENTATIONS.get(c.id, [])],
            }
            for c in rows
        ],
    }


def _workdays(start: date, days: int, calendar: WorkCalendar | None) -> dict[str, Any]:
    try:
        result = add_working_days(start, days, calendar=calendar)
    except PolicyError as error:
        raise _invalid(_policy_errors(error, WorkdaysAddRequest)) from None
    return {
        "schema_version": J.SCHEMA_VERSION,
        "start": start.isoformat(),
        "days": days,
        "result": result.isoformat(),
        "supplied_years": [] if calendar is None else [s.year for s in calendar.schedules],
        "calendar": J.calendar_dict(calendar_data(calendar)),
    }


def _responses(ok: dict[str, Any] | None, media: str = JSON_TYPE, *, body: bool = True) -> dict[int | str, Any]:
    problem = {"content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/ProblemJSON"}}}}
    responses: dict[int | str, Any] = {
        200: {"description": "OK", "content": {media: {"schema": ok or {"type": "string"}}}},
        422: {"description": "输入有误 invalid input (RFC 9457)", **problem},
        "default": {"description": "错误 an error (RFC 9457 problem details)", **problem},
    }
    if body:
        responses[413] = {"description": "请求过大 body over the limit", **problem}
    return responses


def _request_body(ref: dict[str, Any], description: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "description": description, "content": {JSON_TYPE: {"schema": ref}}}}


def create_app(*, max_body: int = MAX_BODY, max_upload: int = MAX_UPLOAD) -> FastAPI:
    """The service as an ASGI app (``uvicorn --factory hongshan_policy._service:create_app``).

    The holiday schedules named in ``HONGSHAN_POLICY_CALENDARS`` (paths joined by ``os.pathsep``; set by
    ``hongshan-policy serve --calendar FILE``) join the process's default working-day calendar.
    """
    from ._cli_common import register_calendars_from_environment

    register_calendars_from_environment()
    specs = [spec for document in DOCUMENTS.values() for spec in document.decisions.values()]
    models: list[tuple[type[BaseModel], Any]] = [
        (AssessInput, "validation"),
        (J.AssessOutputJSON, "serialization"),
        (J.ProblemJSON, "serialization"),
        (J.HealthJSON, "serialization"),
        (J.ClausesJSON, "serialization"),
        (J.ParametersJSON, "serialization"),
        (J.WorkdaysAddJSON, "serialization"),
        (WorkdaysAddRequest, "validation"),
    ]
    for spec in specs:
        models.append((spec.input_model, "validation"))
        if spec.output_model is not None:
            models.append((spec.output_model, "serialization"))
    refs, top = models_json_schema(models, ref_template="#/components/schemas/{model}")

    app = FastAPIOffline(  # /docs and /redoc with their scripts served from the package: no CDN needed
        title="hongshan-policy",
        version=__version__,
        summary="红山区政策规则库 HTTP 服务 Rules as code for Hongshan District policies, over HTTP",
        description=(
            "Stateless JSON service generated from `hongshan_policy.DOCUMENTS`. Amounts are strings of yuan, "
            "dates ISO 8601; every answer carries `schema_version`. Errors are RFC 9457 problem details. "
            f"JSON bodies at most {max_body} bytes, batch uploads at most {max_upload} bytes."
        ),
    )

    @app.exception_handler(_Problem)
    async def problem(_: Request, error: _Problem) -> Response:
        return _problem_response(error.status, error.title, error.detail, error.errors)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> Response:
        errors = []
        for item in error.errors():
            loc = [str(p) for p in item.get("loc", ()) if p not in ("query", "path", "body")]
            zh = "输入有误"
            errors.append(
                {"field": ".".join(loc), "field_zh": "", "field_en": ".".join(loc), "zh": zh, "en": str(item["msg"])}
            )
        bad = _invalid(errors)
        return _problem_response(422, bad.title, bad.detail, bad.errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, error: StarletteHTTPException) -> Response:
        status = error.status_code
        title = _TITLES.get(status, f"HTTP {status}")
        detail = "没有这个地址 / no such route" if status == 404 else str(error.detail)
        return _problem_response(status, title, detail)

    @app.exception_handler(Exception)
    async def internal(_: Request, error: Exception) -> Response:
        return _problem_response(
            500, _TITLES[500], f"服务内部错误 / internal error ({type(error).__name__}); 请报告 please report it"
        )

    problem_ref = refs[(J.ProblemJSON, "serialization")]
    assert problem_ref == {"$ref": "#/components/schemas/ProblemJSON"}

    app.add_api_route(
        "/v1/assess",
        _assess,
        methods=["POST"],
        summary="评估申请 assess applications (as hongshan-policy assess --json)",
        description="One application (a JSON object) or a list; the answer is byte for byte what "
        "`hongshan-policy assess --json FILE` prints. Each application's `policy` is used-car, hq-land or hq-rent.",
        tags=["assess"],
        responses=_responses(refs[(J.AssessOutputJSON, "serialization")]),
        openapi_extra=_request_body(refs[(AssessInput, "validation")], "one application or a list"),
    )
    for spec in specs:
        ok = None if spec.output_model is None else refs[(spec.output_model, "serialization")]
        cited = ", ".join(spec.clauses[:12]) + (" …" if len(spec.clauses) > 12 else "")
        app.add_api_route(
            f"/v1/{spec.document}/{spec.name}",
            _decision_endpoint(spec),
            methods=["POST"],
            summary=f"{spec.summary_zh} {spec.summary_en}",
            description=f"{spec.summary_zh}\n\n{spec.summary_en}\n\n条款 clauses: {cited}\n\n"
            f"函数 function: `hongshan_policy.{spec.function.__module__.split('.')[1].lstrip('_')}."
            f"{spec.function.__name__}`",
            tags=[spec.document],
            responses=_responses(ok, spec.media_type),
            openapi_extra={
                **_request_body(refs[(spec.input_model, "validation")], spec.input_model.__doc__ or ""),
                "x-clauses": list(spec.clauses),
            },
        )

    columnar = {spec.qualified_name: spec for spec in specs if spec.columnar is not None}
    upload = {"type": "string", "contentMediaType": "application/octet-stream"}
    app.add_api_route(
        "/v1/batch/{decision}",
        _batch_endpoint(columnar),
        methods=["POST"],
        summary="批量评估 evaluate a register (CSV, XLSX, Parquet, JSON Lines)",
        description="The body is the file itself, its `Content-Type` one of "
        + ", ".join(f"`{m}`" for m in UPLOAD_TYPES)
        + f"; the answer is the result register in the same format. At most {max_upload} bytes.",
        tags=["batch"],
        responses={
            200: {"description": "the result register", "content": {m: {"schema": upload} for m in UPLOAD_TYPES}},
            413: {"description": "请求过大", "content": {PROBLEM: {"schema": problem_ref}}},
            415: {"description": "不支持的格式", "content": {PROBLEM: {"schema": problem_ref}}},
            422: {"description": "输入有误", "content": {PROBLEM: {"schema": problem_ref}}},
            "default": {"description": "错误", "content": {PROBLEM: {"schema": problem_ref}}},
        },
        openapi_extra={"requestBody": {"required": True, "content": {m: {"schema": upload} for m in UPLOAD_TYPES}}},
    )

    document_ids = Enum("DocumentId", {d.replace("-", "_"): d for d in DOCUMENTS}, type=str)  # type: ignore[misc]

    @app.get(
        "/v1/clauses",
        summary="条款 the clauses of the source documents",
        tags=["texts"],
        responses=_responses(refs[(J.ClausesJSON, "serialization")], body=False),
    )
    async def clauses(
        document: Annotated[document_ids | None, Query(description="只列一份文件 one document only")] = None,
    ) -> Response:
        return _json(_clauses(None if document is None else document.value))

    @app.get(
        "/v1/parameters/{document}",
        summary="参数 the parameters of a document in force on a day",
        tags=["texts"],
        responses=_responses(refs[(J.ParametersJSON, "serialization")], body=False),
    )
    async def parameters(
        document: document_ids,
        on: Annotated[str, Query(description="日期 the day, YYYY-MM-DD", pattern=_DAY_PATTERN)],
    ) -> Response:
        doc = DOCUMENTS[document.value]
        day = _day(on, "on")
        try:
            params = doc.parameters_on(day)
        except PolicyError as error:
            raise _invalid(_policy_errors(error, None)) from None
        return _json(
            {
                "schema_version": J.SCHEMA_VERSION,
                "document": doc.id,
                "number": doc.number,
                "on": day.isoformat(),
                "parameters": params.table(),
            }
        )

    @app.get(
        "/v1/workdays/add",
        summary="工作日 the n-th working day after a day (the day itself not counted)",
        tags=["workdays"],
        responses=_responses(refs[(J.WorkdaysAddJSON, "serialization")], body=False),
    )
    async def workdays_add(
        start: Annotated[str, Query(description="起始日 the day, YYYY-MM-DD (not counted)", pattern=_DAY_PATTERN)],
        days: Annotated[int, Query(ge=1, le=MAX_DAYS, description="工作日数 working days")],
    ) -> Response:
        return _json(_workdays(_day(start, "start"), days, None))

    async def workdays_add_with_schedule(request: Request) -> Response:
        body = _validated(WorkdaysAddRequest, _parse(await _body(request)))
        try:
            calendar = WorkCalendar(body.schedules)
        except PolicyError as error:
            raise _invalid(_policy_errors(error, WorkdaysAddRequest)) from None
        return _json(_workdays(body.start, body.days, calendar))

    app.add_api_route(
        "/v1/workdays/add",
        workdays_add_with_schedule,
        methods=["POST"],
        summary="工作日(附放假安排) the n-th working day, with a year's schedule supplied for this request only",
        tags=["workdays"],
        responses=_responses(refs[(J.WorkdaysAddJSON, "serialization")]),
        openapi_extra=_request_body(refs[(WorkdaysAddRequest, "validation")], "start, days and schedules"),
    )

    @app.get(
        "/v1/health",
        summary="状态 version and calendar coverage",
        tags=["service"],
        responses=_responses(refs[(J.HealthJSON, "serialization")], body=False),
    )
    async def health() -> Response:
        first, last = covered_years()
        return _json(
            {
                "schema_version": J.SCHEMA_VERSION,
                "status": "ok",
                "version": __version__,
                "calendar": {
                    "first_year": first,
                    "last_year": last,
                    "chinese_calendar": metadata.version("chinese-calendar"),
                },
                "documents": list(DOCUMENTS),
            }
        )

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(top.get("$defs", {}))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(BodyLimit, max_body=max_body, max_upload=max_upload)
    return app
