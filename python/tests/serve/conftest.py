"""`cognito-srp serve` on loopback for the boto3 tests: one server per test session, configured here.

The binary is $COGNITO_SRP_BIN, else target/debug/cognito-srp of this clone (scripts/python_check.sh
builds it when missing: cargo build -p cognito-srp-cli --no-default-features)."""

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

ROOT = Path(__file__).resolve().parents[3]
POOL = "us-east-1_PyServe1"
POSITIVE_POOL = "us-east-1_PyCompat1"
CLIENT = "py-client"
SECRET_CLIENT = "py-secret"
COMPAT_CLIENT = "py-compat"
COMPAT_SECRET_CLIENT = "py-compat-secret"
CLIENT_SECRET = "py-client-secret-0123456789"
PASSWORD = "Erin-Pass-123!"
TOTP_SECRET = "KRSXG5DTMVRXEZLUKN2XAZLSKNSWG4TFOQ"
# Each TOTP user answers one correct code per test run: Cognito (and serve) refuse a code used twice.

CONFIG = f"""
# Every salt negative (sent as "-" + magnitude, as Cognito does for about half of its salts).
[[pools]]
id = "{POOL}"
salt_sign = "negative"
device_tracking = "always"
mfa = "optional"
alias_attributes = ["email"]
[[pools.clients]]
id = "{CLIENT}"
[[pools.clients]]
id = "{SECRET_CLIENT}"
secret = "{CLIENT_SECRET}"
[[pools.users]]
username = "erin"
password = "{PASSWORD}"
attributes = {{ email = "erin@example.com" }}
[[pools.users]]
username = "dev"
password = "{PASSWORD}"
[[pools.users]]
username = "pat"
password = "{PASSWORD}"
mfa = ["SOFTWARE_TOKEN_MFA"]
totp_secret = "{TOTP_SECRET}"
[[pools.users]]
username = "pia"
password = "{PASSWORD}"
mfa = ["SOFTWARE_TOKEN_MFA"]
totp_secret = "{TOTP_SECRET}"
[[pools.users]]
username = "eve"
password = "{PASSWORD}"
mfa = ["EMAIL_OTP"]
attributes = {{ email = "eve@example.com" }}
[[pools.users]]
username = "sam"
password = "{PASSWORD}"
mfa = ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]
totp_secret = "{TOTP_SECRET}"
attributes = {{ phone_number = "+15550100" }}
[[pools.users]]
username = "hank"
password = "{PASSWORD}"
status = "FORCE_CHANGE_PASSWORD"
[[pools.users]]
username = "nina"
password = "{PASSWORD}"
status = "FORCE_CHANGE_PASSWORD"

# For scripts written for pycognito, which cannot parse a negative SALT: positive salts only.
[[pools]]
id = "{POSITIVE_POOL}"
salt_sign = "positive"
mfa = "optional"
[[pools.clients]]
id = "{COMPAT_CLIENT}"
[[pools.clients]]
id = "{COMPAT_SECRET_CLIENT}"
secret = "{CLIENT_SECRET}"
[[pools.users]]
username = "erin"
password = "{PASSWORD}"
[[pools.users]]
username = "pat"
password = "{PASSWORD}"
mfa = ["SOFTWARE_TOKEN_MFA"]
totp_secret = "{TOTP_SECRET}"
[[pools.users]]
username = "pat2"
password = "{PASSWORD}"
mfa = ["SOFTWARE_TOKEN_MFA"]
totp_secret = "{TOTP_SECRET}"
[[pools.users]]
username = "fcp1"
password = "{PASSWORD}"
status = "FORCE_CHANGE_PASSWORD"
[[pools.users]]
username = "fcp2"
password = "{PASSWORD}"
status = "FORCE_CHANGE_PASSWORD"
"""


def binary() -> Path:
    given = os.environ.get("COGNITO_SRP_BIN")
    path = Path(given) if given else ROOT / "target" / "debug" / "cognito-srp"
    if not path.is_file():
        pytest.fail(
            f"{path} is missing: build it with cargo build -p cognito-srp-cli --no-default-features "
            "or set COGNITO_SRP_BIN"
        )
    return path


@pytest.fixture(scope="session")
def serve_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("serve")
    (work / "serve.toml").write_text(CONFIG, encoding="utf-8")
    out = (work / "serve.out").open("w+", encoding="utf-8")
    log = (work / "serve.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        [str(binary()), "serve", "--listen", "127.0.0.1:0", "--config", str(work / "serve.toml")],
        stdout=out,
        stderr=log,
    )
    try:
        url = ""
        for _ in range(300):
            out.seek(0)
            for line in out.read().splitlines():
                if line.startswith("listening on "):
                    url = line[len("listening on ") :].strip()
            if url or process.poll() is not None:
                break
            time.sleep(0.1)
        if not url:
            pytest.fail(f"cognito-srp serve did not start: {(work / 'serve.log').read_text()[-500:]}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        out.close()
        log.close()


class Recorder:
    """A boto3 client that records the operations called and the challenge names answered."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.client, name)

        def call(**kwargs: Any) -> Any:
            self.calls.append(name)
            return method(**kwargs)

        return call


@pytest.fixture
def idp(serve_url: str) -> Recorder:
    client = boto3.client(
        "cognito-idp",
        region_name="us-east-1",
        endpoint_url=serve_url,
        aws_access_key_id="unused",
        aws_secret_access_key="unused",
    )
    return Recorder(client)
