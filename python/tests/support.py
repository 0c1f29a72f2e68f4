"""Values the tests share."""

from datetime import datetime, timezone

from cognito_srp import DeviceCredentials

POOL = "us-east-1_AbCdEf123"
CLIENT = "client-1"
# A challenge of the public vectors (user-01): well-formed in every field.
CHALLENGE = {
    "SALT": "5ec37ebb65054ad03e286efc917b3f09",
    "SRP_B": "5c98f37d62aef9a9fea3b0e2",
    "SECRET_BLOCK": "AAAA",
    "USERNAME": "alice",
    "USER_ID_FOR_SRP": "alice",
}
CREDENTIALS = DeviceCredentials(
    "us-east-1_82822b08-cec1-4d06-aeea-57369f1db49d",
    "-8W66aq8j1",
    "eKepB+GKdhS1RE/0Fykf2oLKM4Pqy2cK3TNFOoYGLG0Zdv0F4aLVTA==",
)
AT = datetime(2026, 11, 3, 9, 5, 7, tzinfo=timezone.utc)
