"""Create a user pool, two app clients (one with a secret) and users in a running ministack.

Usage: python ministack_setup.py ENDPOINT PASSWORD
       python ministack_setup.py --totp SECRET     (prints the current TOTP code of a base32 secret)
Prints one JSON object: {"pool_id", "client_id", "secret_client_id", "client_secret",
"username", "new_user", "mfa_pool_id", "mfa_client_id", "mfa_user", "totp_secret"} on stdout. The MFA
pool has MFA optional with authenticator apps; its user enrolled one (AssociateSoftwareToken,
VerifySoftwareToken, SetUserMFAPreference), so an SRP sign-in is answered with SOFTWARE_TOKEN_MFA. Uses ministack's AWS-compatible API through boto3, signed with ministack's root
key "test" (accepted also when ministack runs with AUTH=true).
"""

import base64
import hashlib
import hmac
import json
import struct
import sys
import time

import boto3


def totp(secret_b32: str, at: float | None = None) -> str:
    """RFC 6238 with Cognito's parameters (HMAC-SHA1, 30 s, 6 digits), from the standard library."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if at is None else at) // 30)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def mfa_pool(idp, password: str) -> dict:
    """A pool with optional authenticator-app MFA and a user enrolled in it."""
    pool_id = idp.create_user_pool(PoolName="cognito-srp-interop-mfa")["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="OPTIONAL",
    )
    client = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="mfa",
        ExplicitAuthFlows=[
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
        GenerateSecret=False,
    )["UserPoolClient"]
    idp.admin_create_user(
        UserPoolId=pool_id, Username="tina", TemporaryPassword=password, MessageAction="SUPPRESS"
    )
    idp.admin_set_user_password(UserPoolId=pool_id, Username="tina", Password=password, Permanent=True)
    auth = idp.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client["ClientId"],
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "tina", "PASSWORD": password},
    )
    access = auth["AuthenticationResult"]["AccessToken"]
    secret = idp.associate_software_token(AccessToken=access)["SecretCode"]
    status = idp.verify_software_token(AccessToken=access, UserCode=totp(secret))["Status"]
    if status != "SUCCESS":
        raise SystemExit(f"VerifySoftwareToken: {status}")
    idp.set_user_mfa_preference(
        AccessToken=access, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    return {
        "mfa_pool_id": pool_id,
        "mfa_client_id": client["ClientId"],
        "mfa_user": "tina",
        "totp_secret": secret,
    }


def main() -> None:
    if sys.argv[1] == "--totp":
        print(totp(sys.argv[2]))
        return
    endpoint, password = sys.argv[1], sys.argv[2]
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    pool = idp.create_user_pool(PoolName="cognito-srp-interop")["UserPool"]
    pool_id = pool["Id"]
    flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    plain = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="plain", ExplicitAuthFlows=flows, GenerateSecret=False
    )["UserPoolClient"]
    secret = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="secret", ExplicitAuthFlows=flows, GenerateSecret=True
    )["UserPoolClient"]
    for name, permanent in (("bob", True), ("carol", False)):
        idp.admin_create_user(
            UserPoolId=pool_id,
            Username=name,
            TemporaryPassword=password,
            MessageAction="SUPPRESS",
        )
        if permanent:
            idp.admin_set_user_password(
                UserPoolId=pool_id, Username=name, Password=password, Permanent=True
            )
    print(
        json.dumps(
            {
                "pool_id": pool_id,
                "client_id": plain["ClientId"],
                "secret_client_id": secret["ClientId"],
                "client_secret": secret["ClientSecret"],
                "username": "bob",
                "new_user": "carol",
                **mfa_pool(idp, password),
            }
        )
    )


if __name__ == "__main__":
    main()
