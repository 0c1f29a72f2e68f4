"""Create a user pool, two app clients (one with a secret) and users in a running ministack.

Usage: python ministack_setup.py ENDPOINT PASSWORD
Prints one JSON object: {"pool_id", "client_id", "secret_client_id", "client_secret",
"username", "new_user"} on stdout. Uses ministack's AWS-compatible API through boto3, signed with ministack's root
key "test" (accepted also when ministack runs with AUTH=true).
"""

import json
import sys

import boto3


def main() -> None:
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
            }
        )
    )


if __name__ == "__main__":
    main()
