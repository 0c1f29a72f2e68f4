"""Answers to the challenges that follow SRP: Cognito's user name, SECRET_HASH over it, DEVICE_KEY."""

import pytest

import cognito_srp
from cognito_srp import AppClient

from support import CLIENT, POOL

SECRET = "shh"
DEVICE_KEY = "us-east-1_82822b08-cec1-4d06-aeea-57369f1db49d"


def context() -> cognito_srp.ChallengeContext:
    client = AppClient(POOL, CLIENT, client_secret=SECRET)
    # The previous request carried Cognito's name and a device key; the challenge names the user too.
    return client.challenge_context(
        {"USER_ID_FOR_SRP": "uuid-1", "USERNAME": "alias"},
        {"USERNAME": "uuid-1", "DEVICE_KEY": DEVICE_KEY, "PASSWORD_CLAIM_SIGNATURE": "x"},
    )


def base() -> "dict[str, str]":
    return {
        "USERNAME": "uuid-1",
        "SECRET_HASH": cognito_srp.secret_hash(SECRET, "uuid-1", CLIENT),
        "DEVICE_KEY": DEVICE_KEY,
    }


def test_the_name_is_user_id_for_srp_then_username_then_the_request() -> None:
    client = AppClient(POOL, CLIENT)
    assert client.challenge_context({"USER_ID_FOR_SRP": "a", "USERNAME": "b"}, {"USERNAME": "c"}).username == "a"
    assert client.challenge_context({"USERNAME": "b"}, {"USERNAME": "c"}).username == "b"
    only_request = client.challenge_context({}, {"USERNAME": "c"})
    assert only_request.username == "c"
    assert only_request.device_key is None
    assert context().device_key == DEVICE_KEY
    assert repr(only_request) == 'ChallengeContext(username="c", device_key=None)'


def test_mfa_code_answers() -> None:
    ctx = context()
    assert ctx.sms_mfa("123456") == {**base(), "SMS_MFA_CODE": "123456"}
    assert ctx.software_token_mfa("654321") == {**base(), "SOFTWARE_TOKEN_MFA_CODE": "654321"}
    assert ctx.email_otp("12345678") == {**base(), "EMAIL_OTP_CODE": "12345678"}
    assert ctx.mfa_code("SOFTWARE_TOKEN_MFA", "1") == ctx.software_token_mfa("1")
    assert ctx.mfa_code("SMS_MFA", "1") == ctx.sms_mfa("1")
    assert ctx.mfa_code("EMAIL_OTP", "1") == ctx.email_otp("1")


def test_select_mfa_type_and_setup() -> None:
    ctx = context()
    assert ctx.select_mfa_type("SOFTWARE_TOKEN_MFA") == {**base(), "ANSWER": "SOFTWARE_TOKEN_MFA"}
    assert ctx.select_mfa_type("EMAIL_OTP") == {**base(), "ANSWER": "EMAIL_OTP"}
    assert ctx.mfa_setup() == base()
    assert ctx.mfa_setup_email("a@example.com") == {**base(), "EMAIL": "a@example.com"}


def test_custom_challenge() -> None:
    assert context().custom_challenge("42") == {**base(), "ANSWER": "42"}


def test_new_password_required_with_attributes() -> None:
    challenge = {"requiredAttributes": '["userAttributes.email", "name"]', "userAttributes": "{}"}
    assert cognito_srp.required_attributes(challenge) == ["email", "name"]
    assert cognito_srp.required_attributes({}) == []
    answer = context().new_password_required(
        challenge, "New-Pass-1!", {"email": "a@example.com", "name": "A", "locale": "fr"}
    )
    assert answer == {
        **base(),
        "NEW_PASSWORD": "New-Pass-1!",
        "userAttributes.email": "a@example.com",
        "userAttributes.name": "A",
        "userAttributes.locale": "fr",
    }
    assert context().new_password_required({}, "New-Pass-1!") == {**base(), "NEW_PASSWORD": "New-Pass-1!"}


def test_answers_without_a_secret_or_device_carry_only_the_name() -> None:
    ctx = AppClient(POOL, CLIENT).challenge_context({"USERNAME": "uuid-2"}, {})
    assert ctx.software_token_mfa("000000") == {"USERNAME": "uuid-2", "SOFTWARE_TOKEN_MFA_CODE": "000000"}


def test_unknown_mfa_type_refused() -> None:
    with pytest.raises(ValueError, match="SMS_MFA"):
        context().mfa_code("PUSH", "1")  # type: ignore[arg-type]
