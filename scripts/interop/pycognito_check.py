"""pycognito (pinned in requirements.txt) against `cognito-srp serve`, through boto3's endpoint_url.

Usage: python pycognito_check.py ENDPOINT POOL_ID CLIENT_ID USERNAME PASSWORD [SECRET_CLIENT_ID SECRET
                                  [TOTP_USER TOTP_SECRET]]
TOTP_USER (SOFTWARE_TOKEN_MFA, base32 TOTP_SECRET, password PASSWORD) signs in through pycognito's TOTP
path: authenticate raises SoftwareTokenMFAChallengeException, respond_to_software_token_mfa_challenge
answers with a code computed here.
Prints one line per check: "ok NAME" or "not ok NAME: why".

pycognito verifies the tokens itself: it fetches {ENDPOINT}/{POOL_ID}/.well-known/jwks.json and checks
the RS256 signature, `iss` ({ENDPOINT}/{POOL_ID}), `aud`, `exp` and `token_use` with PyJWT.

pycognito cannot parse a negative SALT (Cognito prints salts as signed integers, so about half of real
salts are negative); the pool used here sets `salt_sign = "positive"` so the check exercises pycognito's
SRP rather than that bug.
"""

import sys

import time

from botocore.exceptions import ClientError
from pycognito import Cognito
from pycognito.exceptions import SoftwareTokenMFAChallengeException

from ministack_setup import totp

failures = 0


def report(name: str, why: str | None) -> None:
    global failures
    if why:
        failures += 1
        print(f"not ok {name}: {why}")
    else:
        print(f"ok {name}")


def cognito(endpoint, pool_id, client_id, username, secret=None) -> Cognito:
    return Cognito(
        pool_id,
        client_id,
        username=username,
        client_secret=secret,
        boto3_client_kwargs={
            "endpoint_url": endpoint,
            "aws_access_key_id": "unused",
            "aws_secret_access_key": "unused",
        },
    )


def sign_in(name, endpoint, pool_id, client_id, username, password, secret=None) -> None:
    u = cognito(endpoint, pool_id, client_id, username, secret)
    try:
        u.authenticate(password=password)
    except Exception as e:  # noqa: BLE001 - any failure is the check's failure
        report(name, f"{type(e).__name__}: {e}")
        return
    claims = u.id_claims or {}
    why = None
    if claims.get("cognito:username") != username:
        why = f"id token names {claims.get('cognito:username')!r}"
    elif (u.access_claims or {}).get("token_use") != "access":
        why = "access token token_use"
    report(name, why)


def wrong_password(name, endpoint, pool_id, client_id, username, password, secret=None) -> None:
    u = cognito(endpoint, pool_id, client_id, username, secret)
    try:
        u.authenticate(password=password + "-wrong")
    except ClientError as e:
        err = e.response.get("Error", {})
        ok = err.get("Code") == "NotAuthorizedException" and err.get("Message") == "Incorrect username or password."
        report(name, None if ok else f"{err.get('Code')}: {err.get('Message')}")
        return
    except Exception as e:  # noqa: BLE001
        report(name, f"{type(e).__name__}: {e}")
        return
    report(name, "signed in with a wrong password")


def main() -> None:
    endpoint, pool_id, client_id, username, password = sys.argv[1:6]
    sign_in("pycognito sign-in with the right password (SRP, RS256 tokens verified by PyJWT)",
            endpoint, pool_id, client_id, username, password)
    wrong_password("pycognito wrong password refused with NotAuthorizedException",
                   endpoint, pool_id, client_id, username, password)
    if len(sys.argv) > 7:
        secret_client, secret = sys.argv[6:8]
        sign_in("pycognito sign-in with a client secret (SECRET_HASH)",
                endpoint, pool_id, secret_client, username, password, secret)
        u = cognito(endpoint, pool_id, secret_client, username, secret + "x")
        try:
            u.authenticate(password=password)
            report("pycognito wrong client secret refused", "signed in")
        except ClientError as e:
            err = e.response.get("Error", {})
            report("pycognito wrong client secret refused",
                   None if err.get("Code") == "NotAuthorizedException" else str(err))
    if len(sys.argv) > 9:
        totp_user, totp_secret = sys.argv[8:10]
        name = "pycognito SOFTWARE_TOKEN_MFA (SoftwareTokenMFAChallengeException, respond_to_software_token_mfa_challenge)"
        u = cognito(endpoint, pool_id, client_id, totp_user)
        try:
            u.authenticate(password=password)
            report(name, "signed in without the challenge")
        except SoftwareTokenMFAChallengeException:
            try:
                u.respond_to_software_token_mfa_challenge(totp(totp_secret, time.time()))
                u.verify_tokens()
                claims = u.id_claims or {}
                report(name, None if claims.get("cognito:username") == totp_user else f"id token {claims}")
            except Exception as e:  # noqa: BLE001
                report(name, f"{type(e).__name__}: {e}")
        except Exception as e:  # noqa: BLE001
            report(name, f"{type(e).__name__}: {e}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
