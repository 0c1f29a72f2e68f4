"""Calls that ``mypy --strict`` must refuse: errors on each line marked ``# error:`` and on no other line."""

from cognito_srp import AppClient, DeviceCredentials, confirm_device, totp_code

client = AppClient("eu-west-1_AbCdEf123", "1example23456789")
login = client.start_user_srp("alice")
login.auth_parameters("USER_PASSWORD_AUTH")  # error: not an SRP flow
login.respond({"SALT": 1}, "pw")  # error: parameter values are strings
login.respond({}, b"password")  # error: the password is a str
client.start_user_srp(username=None)  # error: a user name is required
context = client.challenge_context({}, {})
context.select_mfa_type("VOICE")  # error: not an MFA type
credentials, config = confirm_device("key", "group")
count: int = credentials.device_password  # error: the password is a str
DeviceCredentials("key", "group")  # error: the password is required
totp_code("SECRET", at="now")  # error: an instant is a datetime or seconds
responses: list[str] = login.respond({}, "pw")  # error: the responses are a dict
from cognito_srp.boto3 import authenticate  # noqa: E402

authenticate(object(), "pool", "client", "alice", "pw", auth_flow="USER_PASSWORD_AUTH")  # error: not an SRP flow
authenticate(object(), "pool", "client", "alice", "pw", on_challenge=lambda c: c.name)  # error: answers are dicts
from cognito_srp.compat import AWSSRP  # noqa: E402

AWSSRP("alice", "pw", "pool", "client", device_key=5)  # error: a device key is a str
