"""Threads signing in at once (the exponentiations release the GIL) each get the reference answer."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from cognito_srp import _native

from test_vectors import FILES, client, instant, unhex

import json


def sign_in(case: Any) -> bool:
    given, expected = case["input"], case["expected"]
    login = _native._start_user_srp_with_secret(
        client(given["pool_id"], given["client_id"], given["client_secret"]),
        given["request_username"],
        unhex(given["small_a"]),
        given.get("device_key"),
    )
    responses = login.respond(
        given["challenge_parameters"], given["password"], now=instant(given["now_iso"])
    )
    return bool(responses == expected["challenge_responses"])


def test_threads_signing_in_at_once_get_the_reference_answers() -> None:
    cases = json.loads(FILES[0].read_text(encoding="utf-8"))["user_srp"]
    work = cases * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(sign_in, work))
    assert len(results) == len(work)
    assert all(results), [case["id"] for case, ok in zip(work, results) if not ok]
