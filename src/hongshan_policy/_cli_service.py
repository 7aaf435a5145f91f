"""The ``schema`` and ``serve`` commands of ``hongshan-policy`` (registered by :mod:`hongshan_policy.cli`).

``hongshan-policy schema --list`` lists the published JSON Schemas;
``hongshan-policy schema NAME`` prints one (the file shipped in the package).
``hongshan-policy serve [--host 127.0.0.1] [--port 8000] [--workers 1]`` starts
the HTTP service (the ``service`` extra: FastAPI on uvicorn), imported only then.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path
from typing import Any

from . import _cli_common

__all__ = ["add_service_parsers"]

EXIT_BAD_INPUT = 2


def _schema(args: argparse.Namespace) -> int:
    from . import _schemas

    if args.list or args.name is None:
        for name, what in _schemas.describe().items():
            print(f"{name}\t{what}")
        return 0
    if args.name not in _schemas.names():
        close = difflib.get_close_matches(args.name, _schemas.names(), n=1)
        hint = f";是否指 did you mean {close[0]}?" if close else ""
        print(
            f"错误 error: 没有名为 {args.name} 的结构 no schema named {args.name!r}{hint} "
            "(hongshan-policy schema --list)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    sys.stdout.write(_schemas.shipped(args.name))
    return 0


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from . import _service  # noqa: F401  (fails early without fastapi)
    except ImportError as error:
        print(
            f"错误 error: serve 需要 service 扩展 / `serve` needs the service extra "
            f"(pip install 'hongshan-policy[service]'; missing {error.name})",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if args.workers < 1:
        print("错误 error: --workers 至少为 1 / --workers must be at least 1", file=sys.stderr)
        return EXIT_BAD_INPUT
    calendars = [str(Path(path).resolve()) for path in getattr(args, "calendar", None) or ()]
    if calendars:  # read once by the command (a bad file stops it); each worker process loads them again
        os.environ[_cli_common.CALENDARS_ENV] = os.pathsep.join(calendars)
    uvicorn.run(
        "hongshan_policy._service:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        access_log=False,
    )
    return 0


def add_service_parsers(commands: Any) -> None:
    """Add ``schema`` and ``serve`` to the ``hongshan-policy`` sub-commands."""
    schema = commands.add_parser("schema", help="JSON Schema 结构定义 print a published JSON Schema (--list: all)")
    schema.add_argument("name", nargs="?", help="结构名称 the schema's name (see --list)")
    schema.add_argument("--list", action="store_true", help="列出全部 list every schema")
    schema.set_defaults(run=_schema)
    serve = commands.add_parser("serve", help="HTTP 服务 serve the rules over HTTP (the service extra)")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址 address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="端口 port (default: 8000)")
    serve.add_argument("--workers", type=int, default=1, help="进程数 worker processes (default: 1)")
    serve.add_argument(
        "--log-level", default="warning", choices=("critical", "error", "warning", "info", "debug"), help="日志级别"
    )
    serve.set_defaults(run=_serve)
