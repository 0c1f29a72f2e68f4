"""A complete boto3 sign-in against a local `cognito-srp serve`, from a fresh clone:

    pip install ./python boto3
    python python/examples/signin.py

It builds the server (cargo build -p cognito-srp-cli --no-default-features) unless $COGNITO_SRP_BIN
names one, starts it on loopback with one user pool, and with boto3 and cognito_srp.boto3.authenticate:
signs in with SRP, remembers the device (ConfirmDevice), signs in again through DEVICE_SRP_AUTH, and
answers SOFTWARE_TOKEN_MFA with totp_code. Against real Cognito, only the boto3 client changes.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3

from cognito_srp import totp_code
from cognito_srp.boto3 import Challenge, authenticate

ROOT = Path(__file__).resolve().parents[2]
POOL, CLIENT, PASSWORD = "us-east-1_Example1", "example-client", "Correct-Horse-Battery-9!"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CONFIG = f"""
[[pools]]
id = "{POOL}"
mfa = "optional"
device_tracking = "always"
[[pools.clients]]
id = "{CLIENT}"
[[pools.users]]
username = "alice"
password = "{PASSWORD}"
[[pools.users]]
username = "bob"
password = "{PASSWORD}"
mfa = ["SOFTWARE_TOKEN_MFA"]
totp_secret = "{TOTP_SECRET}"
"""


def server_binary() -> Path:
    if os.environ.get("COGNITO_SRP_BIN"):
        return Path(os.environ["COGNITO_SRP_BIN"])
    print("building cognito-srp serve (cargo build -p cognito-srp-cli --no-default-features)", flush=True)
    subprocess.run(
        ["cargo", "build", "-q", "-p", "cognito-srp-cli", "--no-default-features"], cwd=ROOT, check=True
    )
    return ROOT / "target" / "debug" / "cognito-srp"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="cognito-srp-example-"))
    (work / "serve.toml").write_text(CONFIG)
    out = (work / "serve.out").open("w+")
    server = subprocess.Popen(
        [str(server_binary()), "serve", "--listen", "127.0.0.1:0", "--config", str(work / "serve.toml")],
        stdout=out,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = ""
        while not url and server.poll() is None:
            time.sleep(0.1)
            out.seek(0)
            url = next((line[13:].strip() for line in out if line.startswith("listening on ")), "")
        if not url:
            sys.exit("cognito-srp serve did not start")
        idp = boto3.client(
            "cognito-idp", region_name="us-east-1", endpoint_url=url,
            aws_access_key_id="unused", aws_secret_access_key="unused",
        )
        print(f"cognito-srp serve at {url}")

        first = authenticate(idp, POOL, CLIENT, "alice", PASSWORD, device_name="example")
        print(f"alice: {' -> '.join(first.challenges)} -> tokens; device {first.new_device.device_key} remembered"
              if first.new_device else "alice: signed in")
        again = authenticate(idp, POOL, CLIENT, "alice", PASSWORD, device=first.new_device)
        print(f"alice again: {' -> '.join(again.challenges)} -> tokens")

        def mfa(challenge: Challenge) -> "dict[str, str]":
            return challenge.context.software_token_mfa(totp_code(TOTP_SECRET))

        bob = authenticate(idp, POOL, CLIENT, "bob", PASSWORD, on_challenge=mfa, confirm_new_device=False)
        print(f"bob: {' -> '.join(bob.challenges)} -> tokens (access token {bob.access_token[:24]}...)")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
