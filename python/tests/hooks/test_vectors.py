"""The shared known-answer vectors through a build with test hooks (``maturin develop --features
test-hooks``), which can inject ephemeral secrets and device randomness. Expected values are the
reference implementation's (amazon-cognito-identity-js), read from the files."""

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import cognito_srp
from cognito_srp import _native

assert hasattr(_native, "_start_user_srp_with_secret"), (
    "these tests need the test build: maturin develop --features test-hooks"
)

REPO = Path(__file__).resolve().parents[3]
FILES = [REPO / "test-vectors" / "cognito-srp-vectors.json"]
if os.environ.get("COGNITO_SRP_VECTORS"):
    FILES.append(Path(os.environ["COGNITO_SRP_VECTORS"]))


def load(section: str) -> list[Any]:
    cases = []
    for path in FILES:
        vectors = json.loads(path.read_text(encoding="utf-8"))
        for case in vectors[section]:
            cases.append(pytest.param(case, id=f"{path.parent.name}/{case['id']}"))
    return cases


def unhex(text: str) -> bytes:
    return bytes.fromhex(text if len(text) % 2 == 0 else "0" + text)


def instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def client(pool_id: str, client_id: str, secret: "str | None" = None) -> cognito_srp.AppClient:
    return cognito_srp.AppClient(pool_id, client_id, client_secret=secret)


def test_vector_files_exist() -> None:
    for path in FILES:
        assert path.is_file(), path


@pytest.mark.parametrize("case", load("user_srp"))
def test_user_srp(case: Any) -> None:
    given, expected = case["input"], case["expected"]
    login = _native._start_user_srp_with_secret(
        client(given["pool_id"], given["client_id"], given["client_secret"]),
        given["request_username"],
        unhex(given["small_a"]),
        given.get("device_key"),
    )
    assert login.srp_a == expected["A"]
    flow = given.get("auth_flow") or "USER_SRP_AUTH"
    assert login.auth_parameters(flow) == expected["initiate_auth_parameters"]
    responses = login.respond(
        given["challenge_parameters"], given["password"], now=instant(given["now_iso"])
    )
    assert responses == expected["challenge_responses"]


@pytest.mark.parametrize("case", load("device_verifier"))
def test_device_verifier(case: Any) -> None:
    given, expected = case["input"], case["expected"]
    credentials, config = _native._confirm_device_from_random(
        given["device_key"],
        given["device_group_key"],
        unhex(given["random_password_bytes"]),
        unhex(given["random_salt_bytes"]),
    )
    request = expected["confirm_device_request"]
    assert credentials.device_key == request["DeviceKey"]
    assert credentials.device_group_key == given["device_group_key"]
    assert credentials.device_password == expected["random_password"]
    assert config == request["DeviceSecretVerifierConfig"]


@pytest.mark.parametrize("case", load("device_srp"))
def test_device_srp(case: Any) -> None:
    given, expected = case["input"], case["expected"]
    app = client(given["pool_id"], given["client_id"], given["client_secret"])
    # The DEVICE_SRP_AUTH challenge names the user.
    context = app.challenge_context({"USERNAME": given["username"]}, {})
    device = cognito_srp.DeviceCredentials(
        given["device_key"], given["device_group_key"], given["device_password"]
    )
    login = _native._start_device_srp_with_secret(context, device, unhex(given["small_a"]))
    assert login.challenge_responses() == expected["device_srp_auth_responses"]
    responses = login.respond(given["challenge_parameters"], now=instant(given["now_iso"]))
    assert responses == expected["challenge_responses"]


@pytest.mark.parametrize("case", load("secret_hash"))
def test_secret_hash(case: Any) -> None:
    given = case["input"]
    got = cognito_srp.secret_hash(given["client_secret"], given["username"], given["client_id"])
    assert got == case["expected"]["secret_hash"]
    app = client("us-east-1_Pool", given["client_id"], given["client_secret"])
    assert app.secret_hash(given["username"]) == case["expected"]["secret_hash"]


@pytest.mark.parametrize("case", load("timestamps"))
def test_timestamp_signed_by_respond(case: Any) -> None:
    user = json.loads(FILES[0].read_text(encoding="utf-8"))["user_srp"][0]["input"]
    login = _native._start_user_srp_with_secret(
        client(user["pool_id"], user["client_id"]), user["request_username"], unhex(user["small_a"])
    )
    responses = login.respond(
        user["challenge_parameters"], user["password"], now=instant(case["input"]["date_iso"])
    )
    assert responses["TIMESTAMP"] == case["expected"]["timestamp"]


@pytest.mark.parametrize("case", load("reject"))
def test_reject(case: Any) -> None:
    assert case["expected"]["must_reject"] is True
    kind, given = case["kind"], case["input"]
    if kind == "server_B_zero_mod_N":
        login = _native._start_user_srp_with_secret(
            client(given["pool_id"], "client"), given["user_id_for_srp"], unhex(given["small_a"])
        )
        challenge = {
            "SALT": given["salt"],
            "SRP_B": given["SRP_B"],
            "SECRET_BLOCK": "AAAA",
            "USER_ID_FOR_SRP": given["user_id_for_srp"],
            "USERNAME": given["user_id_for_srp"],
        }
        with pytest.raises(cognito_srp.ServerPublicZeroError, match="SRP_B") as raised:
            login.respond(challenge, given["password"])
        assert raised.value.parameter is None
    elif kind == "A_zero_mod_N":
        with pytest.raises(cognito_srp.ClientPublicZeroError):
            _native._server_accepts_srp_a(given["SRP_A"])
    elif kind == "u_zero":
        # No input produces u = 0 (a SHA-256 preimage of zero): the hook forces it.
        login = _native._start_user_srp_with_secret(
            client("us-east-1_Pool", "client"), "alice", bytes([9] * 32)
        )
        challenge = {"SALT": "ab", "SRP_B": "1234", "SECRET_BLOCK": "AAAA", "USER_ID_FOR_SRP": "alice"}
        with pytest.raises(cognito_srp.ScramblerZeroError):
            _native._respond_with_scrambler(login, challenge, "pw", bytes(32))
    else:
        pytest.fail(f"unknown reject kind {kind}")


def test_a_valid_srp_a_passes_the_server_check_the_reject_cases_use() -> None:
    assert _native._server_accepts_srp_a("2") is True


def test_forced_scrambler_other_than_zero_answers() -> None:
    # The hook's refusal above is the u = 0 check, not a failure of the hook itself.
    login = _native._start_user_srp_with_secret(client("us-east-1_Pool", "client"), "alice", bytes([9] * 32))
    challenge = {"SALT": "ab", "SRP_B": "1234", "SECRET_BLOCK": "AAAA", "USER_ID_FOR_SRP": "alice"}
    responses = _native._respond_with_scrambler(login, challenge, "pw", bytes(31) + b"\x01")
    assert responses["USERNAME"] == "alice"
