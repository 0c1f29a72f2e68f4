"""Errors: each core kind raises its own CognitoSrpError subclass naming the parameter; arguments of the
wrong type raise TypeError."""

from typing import Any

import pytest

import cognito_srp
from cognito_srp import AppClient

from support import CHALLENGE, CLIENT, POOL


def login() -> cognito_srp.UserLogin:
    return AppClient(POOL, CLIENT).start_user_srp("alice")


@pytest.mark.parametrize(
    ("change", "error", "parameter", "message"),
    [
        ({"SRP_B": None}, cognito_srp.MissingParameterError, "SRP_B", "ChallengeParameters"),
        ({"USER_ID_FOR_SRP": None}, cognito_srp.MissingParameterError, "USER_ID_FOR_SRP", "USER_ID_FOR_SRP"),
        ({"SALT": "xyz"}, cognito_srp.InvalidHexError, "SALT", "not hexadecimal"),
        ({"SRP_B": ""}, cognito_srp.EmptyError, "SRP_B", "empty"),
        ({"SECRET_BLOCK": "@@"}, cognito_srp.InvalidBase64Error, "SECRET_BLOCK", "not base64"),
        ({"SRP_B": "f" * 5000}, cognito_srp.TooLongError, "SRP_B", "longer than"),
        ({"SRP_B": "0"}, cognito_srp.ServerPublicZeroError, None, "abandon this sign-in"),
    ],
)
def test_challenge_errors(change: "dict[str, Any]", error: type, parameter: "str | None", message: str) -> None:
    challenge = {k: v for k, v in {**CHALLENGE, **change}.items() if v is not None}
    with pytest.raises(error, match=message) as raised:
        login().respond(challenge, "pw")
    assert isinstance(raised.value, cognito_srp.CognitoSrpError)
    assert raised.value.parameter == parameter


def test_every_kind_is_a_distinct_subclass_of_the_base() -> None:
    kinds = [getattr(cognito_srp, name) for name in cognito_srp.__all__ if name.endswith("Error")]
    assert cognito_srp.CognitoSrpError in kinds
    subclasses = [k for k in kinds if k is not cognito_srp.CognitoSrpError]
    assert len(subclasses) == 18
    assert all(issubclass(k, cognito_srp.CognitoSrpError) for k in subclasses)
    assert all(k.__module__ == "cognito_srp" for k in kinds)


def test_pool_id_errors() -> None:
    with pytest.raises(cognito_srp.InvalidPoolIdError, match="us-east-1_AbCdEf123"):
        AppClient("nounderscore", CLIENT)
    with pytest.raises(cognito_srp.TooLongError) as raised:
        AppClient(POOL, "c" * 500)
    assert raised.value.parameter == "ClientId"


def test_long_username_and_password_refused() -> None:
    with pytest.raises(cognito_srp.TooLongError) as raised:
        AppClient(POOL, CLIENT).start_user_srp("u" * 3000)
    assert raised.value.parameter == "USERNAME"
    with pytest.raises(cognito_srp.TooLongError) as raised:
        login().respond(CHALLENGE, "p" * 100_000)
    assert raised.value.parameter == "PASSWORD"


def test_new_password_required_names_the_missing_attribute() -> None:
    context = AppClient(POOL, CLIENT).challenge_context({"USER_ID_FOR_SRP": "alice"}, {})
    challenge = {"requiredAttributes": '["userAttributes.email"]'}
    with pytest.raises(cognito_srp.MissingRequiredAttributeError, match="userAttributes.email") as raised:
        context.new_password_required(challenge, "New-Pass-1!")
    assert raised.value.parameter == "userAttributes.email"
    with pytest.raises(cognito_srp.InvalidJsonError) as raised_json:
        context.new_password_required({"requiredAttributes": "{"}, "New-Pass-1!")
    assert raised_json.value.parameter == "requiredAttributes"


def test_challenge_context_needs_a_user_name() -> None:
    with pytest.raises(cognito_srp.MissingParameterError) as raised:
        AppClient(POOL, CLIENT).challenge_context({}, {})
    assert raised.value.parameter == "USERNAME"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: AppClient(5, CLIENT), "user_pool_id"),  # type: ignore[arg-type]
        (lambda: AppClient(POOL, CLIENT).start_user_srp(None), "username"),  # type: ignore[arg-type]
        (lambda: login().respond([("SALT", "ab")], "pw"), "challenge_parameters must be a dict"),  # type: ignore[arg-type]
        (lambda: login().respond({"SALT": 1}, "pw"), r"challenge_parameters\['SALT'\] must be a str, not int"),  # type: ignore[dict-item]
        (lambda: login().respond({1: "x"}, "pw"), "every key must be a str"),  # type: ignore[dict-item]
        (lambda: login().respond(CHALLENGE, b"pw"), "password"),  # type: ignore[arg-type]
        (lambda: login().respond(CHALLENGE, "pw", now="today"), "now must be a timezone-aware datetime"),  # type: ignore[arg-type]
        (lambda: login().respond(CHALLENGE, "pw", now=True), "not bool"),
        (lambda: cognito_srp.totp_code("KRSXG5DT", at="0"), "at must be"),  # type: ignore[arg-type]
        (lambda: cognito_srp.DeviceCredentials("k", "g", None), "device_password"),  # type: ignore[arg-type]
    ],
)
def test_wrong_argument_types_raise_type_error(call: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: login().auth_parameters("USER_PASSWORD_AUTH"), "USER_SRP_AUTH"),  # type: ignore[arg-type]
        (lambda: AppClient(POOL, CLIENT).challenge_context({"USERNAME": "a"}, {}).select_mfa_type("VOICE"), "SOFTWARE_TOKEN_MFA"),  # type: ignore[arg-type]
        (lambda: login().respond(CHALLENGE, "pw", now=float("nan")), "not finite"),
        (lambda: login().respond(CHALLENGE, "pw", now=10**15), "years 1 to 9999"),
        (lambda: cognito_srp.totp_code("KRSXG5DT", at=-1), "before the Unix epoch"),
    ],
)
def test_wrong_values_raise_value_error(call: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
