"""Property-based run over the OpenAPI document (schemathesis): no request the document allows,
and none it does not, makes the server answer 5xx; every response is JSON or a page."""

from __future__ import annotations

import atexit
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install 'quotegraph[test]')")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from conftest import invented_corpus  # noqa: E402
from quotegraph.server import Settings, create_app  # noqa: E402
from quotegraph.store import Store  # noqa: E402

KEY = "schemathesis-key"


def _schema() -> object:
    # Built at import: schemathesis makes one test per operation from the document, and its
    # lazy fixture loader does not work with this pytest. The store lives in a temporary folder.
    folder = tempfile.TemporaryDirectory(prefix="qg-schemathesis-")
    atexit.register(folder.cleanup)
    db = str(Path(folder.name) / "store.sqlite")
    with Store.open(db) as store:
        for r in invented_corpus(8):
            store.add(r)
    app = create_app(Settings(db=db, api_key=KEY, max_body=50_000))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = _schema()


@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_server_errors(case: schemathesis.Case) -> None:
    # With the write key, so that POST /api/articles really extracts and stores what it is sent.
    response = case.call(headers={"X-API-Key": KEY})
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500, response.text[:500]
    assert "Traceback" not in response.text
