"""Every documented call, type-checked by ``mypy --strict`` (tests/test_typing.py): no error allowed."""

from datetime import datetime, timezone

import cognito_srp
from cognito_srp import (
    AlreadyUsedError,
    AppClient,
    ChallengeContext,
    CognitoSrpError,
    DeviceCredentials,
    DeviceLogin,
    UserLogin,
    confirm_device,
    required_attributes,
    secret_hash,
    totp_code,
)


def user_sign_in(challenge: dict[str, str], password: str) -> dict[str, str]:
    client = AppClient("eu-west-1_AbCdEf123", "1example23456789", client_secret=None)
    login: UserLogin = client.start_user_srp("alice", device_key=None)
    params: dict[str, str] = login.auth_parameters("USER_SRP_AUTH")
    params = login.auth_parameters("USER_AUTH")
    params = login.auth_parameters("CUSTOM_AUTH")
    select: dict[str, str] = login.select_challenge_responses(challenge)
    a: str = login.srp_a
    used: bool = login.used
    region: str = client.region
    hashed: "str | None" = client.secret_hash("alice")
    del params, select, a, used, region, hashed
    return login.respond(challenge, password, now=datetime.now(timezone.utc))


def challenges(client: AppClient, challenge: dict[str, str], request: dict[str, str]) -> list[dict[str, str]]:
    context: ChallengeContext = client.challenge_context(challenge, request)
    name: str = context.username
    key: "str | None" = context.device_key
    del name, key
    return [
        context.sms_mfa("123456"),
        context.software_token_mfa(totp_code("KRSXG5DTMVRXEZLUKN2XAZLSKNSWG4TFOQ")),
        context.software_token_mfa(totp_code("KRSXG5DTMVRXEZLUKN2XAZLSKNSWG4TFOQ", at=1_800_000_000)),
        context.email_otp("12345678"),
        context.mfa_code("EMAIL_OTP", "12345678"),
        context.select_mfa_type("SOFTWARE_TOKEN_MFA"),
        context.mfa_setup(),
        context.mfa_setup_email("alice@example.com"),
        context.custom_challenge("42"),
        context.new_password_required(challenge, "New-Pass-1!", {"email": "alice@example.com"}),
    ]


def device(client: AppClient, challenge: dict[str, str], request: dict[str, str]) -> dict[str, str]:
    credentials, config = confirm_device("us-east-1_key", "group")
    stored: tuple[str, str, str] = (
        credentials.device_key,
        credentials.device_group_key,
        credentials.device_password,
    )
    again = DeviceCredentials(*stored)
    verifier: str = config["PasswordVerifier"]
    del verifier
    login: DeviceLogin = client.challenge_context(challenge, request).start_device_srp(again)
    first: dict[str, str] = login.challenge_responses()
    del first
    return login.respond(challenge, now=datetime.now(timezone.utc))


def errors(login: UserLogin, challenge: dict[str, str]) -> "str | None":
    try:
        login.respond(challenge, "pw")
    except AlreadyUsedError:
        return "start again"
    except cognito_srp.ServerPublicZeroError as error:
        return error.parameter
    except CognitoSrpError as error:
        return str(error)
    return None


names: list[str] = required_attributes({"requiredAttributes": "[]"})
shown: str = secret_hash("secret", "alice", "client")


def with_boto3(idp: object) -> "str | None":
    from cognito_srp.boto3 import Challenge, SignIn, UnhandledChallengeError, authenticate

    def answer(challenge: Challenge) -> dict[str, str]:
        if challenge.name == "NEW_PASSWORD_REQUIRED":
            return challenge.context.new_password_required(challenge.parameters, "New-Pass-1!")
        return challenge.context.software_token_mfa(totp_code("KRSXG5DTMVRXEZLUKN2XAZLSKNSWG4TFOQ"))

    try:
        result: SignIn = authenticate(
            idp,
            "eu-west-1_AbCdEf123",
            "1example23456789",
            "alice",
            "password",
            client_secret=None,
            device=None,
            on_challenge=answer,
            auth_flow="USER_AUTH",
        )
    except UnhandledChallengeError as error:
        return error.challenge_name
    stored: "DeviceCredentials | None" = result.new_device
    del stored
    return result.refresh_token


def with_compat(idp: object) -> object:
    from cognito_srp.compat import AWSSRP, SoftwareTokenMFAChallengeException

    aws = AWSSRP(
        username="alice",
        password="password",
        pool_id="eu-west-1_AbCdEf123",
        client_id="1example23456789",
        client=idp,
        client_secret=None,
    )
    try:
        tokens = aws.authenticate_user()
    except SoftwareTokenMFAChallengeException as error:
        return error.get_tokens()
    response, device_password = aws.confirm_device(tokens, device_name="laptop")
    secret: str = device_password
    hashed: str = AWSSRP.get_secret_hash("alice", "client", "secret")
    del secret, hashed
    return response
