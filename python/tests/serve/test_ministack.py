"""cognito_srp.boto3.authenticate against ministack (a Cognito emulator that verifies SRP), set up as
scripts/interop.sh does for the CLI's `login`: AUTH=true, so SECRET_HASH is checked too."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from conftest import ROOT

from cognito_srp import totp_code
from cognito_srp.boto3 import Challenge, authenticate

SETUP = ROOT / "scripts" / "interop" / "ministack_setup.py"
PASSWORD = "Frank-Pass-123!"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def ministack(tmp_path_factory: pytest.TempPathFactory) -> Iterator["dict[str, Any]"]:
    work = tmp_path_factory.mktemp("ministack")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "AUTH": "true", "BIND_HOST": "127.0.0.1", "GATEWAY_PORT": str(port), "IOT_MTLS_ENABLED": "0"}
    log = (work / "ministack.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "ministack"], cwd=work, env=env, stdout=log, stderr=log)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/_ministack/health", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.25)
        else:
            pytest.fail("ministack did not start")
        setup = subprocess.run(
            [sys.executable, str(SETUP), url, PASSWORD], capture_output=True, text=True, timeout=60, check=False
        )
        if setup.returncode != 0:
            pytest.fail(f"ministack setup failed: {setup.stderr[-500:]}")
        yield {**json.loads(setup.stdout), "url": url}
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def idp(url: str) -> Any:
    return boto3.client(
        "cognito-idp", region_name="us-east-1", endpoint_url=url,
        aws_access_key_id="test", aws_secret_access_key="test",
    )


def test_sign_in(ministack: "dict[str, Any]") -> None:
    result = authenticate(idp(ministack["url"]), ministack["pool_id"], ministack["client_id"], "bob", PASSWORD)
    assert result.challenges == ["PASSWORD_VERIFIER"]
    assert result.id_token.count(".") == 2


def test_wrong_password_refused(ministack: "dict[str, Any]") -> None:
    with pytest.raises(ClientError) as error:
        authenticate(idp(ministack["url"]), ministack["pool_id"], ministack["client_id"], "bob", "wrong")
    assert error.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_client_secret(ministack: "dict[str, Any]") -> None:
    m = ministack
    result = authenticate(
        idp(m["url"]), m["pool_id"], m["secret_client_id"], "bob", PASSWORD, client_secret=m["client_secret"]
    )
    assert result.access_token.count(".") == 2
    with pytest.raises(ClientError) as error:
        authenticate(idp(m["url"]), m["pool_id"], m["secret_client_id"], "bob", PASSWORD, client_secret="nope")
    assert error.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_new_password_required(ministack: "dict[str, Any]") -> None:
    m = ministack

    def answer(challenge: Challenge) -> "dict[str, str]":
        assert challenge.name == "NEW_PASSWORD_REQUIRED"
        return challenge.context.new_password_required(challenge.parameters, "Carol-Pass-456!")

    first = authenticate(idp(m["url"]), m["pool_id"], m["client_id"], "carol", PASSWORD, on_challenge=answer)
    assert first.challenges == ["PASSWORD_VERIFIER", "NEW_PASSWORD_REQUIRED"]
    again = authenticate(idp(m["url"]), m["pool_id"], m["client_id"], "carol", "Carol-Pass-456!")
    assert again.challenges == ["PASSWORD_VERIFIER"]


def test_software_token_mfa(ministack: "dict[str, Any]") -> None:
    m = ministack
    result = authenticate(
        idp(m["url"]), m["mfa_pool_id"], m["mfa_client_id"], m["mfa_user"], PASSWORD,
        on_challenge=lambda c: c.context.software_token_mfa(totp_code(m["totp_secret"])),
    )
    assert result.challenges == ["PASSWORD_VERIFIER", "SOFTWARE_TOKEN_MFA"]
