"""The package's API on any build: shapes of the maps, single use, arguments, errors."""

import base64
import re
import time
from datetime import datetime, timedelta, timezone

import pytest

import cognito_srp
from cognito_srp import AppClient

from support import AT, CHALLENGE, CLIENT, CREDENTIALS, POOL


def test_app_client_properties_and_repr_hide_the_secret() -> None:
    client = AppClient(POOL, CLIENT, client_secret="shh-secret")
    assert client.user_pool_id == POOL
    assert client.region == "us-east-1"
    assert client.client_id == CLIENT
    assert "shh-secret" not in repr(client)
    assert repr(client) == 'AppClient(user_pool_id="us-east-1_AbCdEf123", client_id="client-1", client_secret=<hidden>)'
    assert client.secret_hash("alice") == cognito_srp.secret_hash("shh-secret", "alice", CLIENT)
    assert AppClient(POOL, CLIENT).secret_hash("alice") is None


def test_auth_parameters_for_each_flow() -> None:
    login = AppClient(POOL, CLIENT).start_user_srp("alice")
    assert re.fullmatch(r"[0-9a-f]{2,768}", login.srp_a)
    assert login.auth_parameters() == {"USERNAME": "alice", "SRP_A": login.srp_a}
    assert login.auth_parameters("USER_SRP_AUTH") == {"USERNAME": "alice", "SRP_A": login.srp_a}
    assert login.auth_parameters("USER_AUTH") == {
        "USERNAME": "alice",
        "SRP_A": login.srp_a,
        "PREFERRED_CHALLENGE": "PASSWORD_SRP",
    }
    assert login.auth_parameters("CUSTOM_AUTH") == {
        "USERNAME": "alice",
        "SRP_A": login.srp_a,
        "CHALLENGE_NAME": "SRP_A",
    }


def test_select_challenge_responses_uses_the_challenge_name_else_the_typed_one() -> None:
    login = AppClient(POOL, CLIENT, client_secret="shh").start_user_srp("alice@example.com")
    assert login.select_challenge_responses() == {
        "USERNAME": "alice@example.com",
        "ANSWER": "PASSWORD_SRP",
        "SRP_A": login.srp_a,
        "SECRET_HASH": cognito_srp.secret_hash("shh", "alice@example.com", CLIENT),
    }
    named = login.select_challenge_responses({"USERNAME": "uuid-1"})
    assert named["USERNAME"] == "uuid-1"
    assert named["SECRET_HASH"] == cognito_srp.secret_hash("shh", "uuid-1", CLIENT)


def test_secret_and_device_key_enter_auth_parameters() -> None:
    client = AppClient(POOL, CLIENT, client_secret="shh")
    login = client.start_user_srp("alice", device_key=CREDENTIALS.device_key)
    params = login.auth_parameters("USER_SRP_AUTH")
    assert params["SECRET_HASH"] == cognito_srp.secret_hash("shh", "alice", CLIENT)
    assert params["DEVICE_KEY"] == CREDENTIALS.device_key


def test_each_login_draws_a_fresh_ephemeral_key() -> None:
    client = AppClient(POOL, CLIENT)
    assert client.start_user_srp("alice").srp_a != client.start_user_srp("alice").srp_a


def test_respond_answers_with_the_challenge_name_and_the_instant_given() -> None:
    login = AppClient(POOL, CLIENT).start_user_srp("alice@example.com")
    responses = login.respond(CHALLENGE, "pw", now=AT)
    assert sorted(responses) == [
        "PASSWORD_CLAIM_SECRET_BLOCK",
        "PASSWORD_CLAIM_SIGNATURE",
        "TIMESTAMP",
        "USERNAME",
    ]
    assert responses["USERNAME"] == "alice"
    assert responses["PASSWORD_CLAIM_SECRET_BLOCK"] == "AAAA"
    assert responses["TIMESTAMP"] == "Tue Nov 3 09:05:07 UTC 2026"
    assert len(base64.b64decode(responses["PASSWORD_CLAIM_SIGNATURE"])) == 32


def test_now_in_another_zone_or_as_seconds_signs_the_same_instant() -> None:
    plus_two = AT.astimezone(timezone(timedelta(hours=2)))
    for now in (plus_two, AT.timestamp(), int(AT.timestamp())):
        login = AppClient(POOL, CLIENT).start_user_srp("alice")
        assert login.respond(CHALLENGE, "pw", now=now)["TIMESTAMP"] == "Tue Nov 3 09:05:07 UTC 2026"


def test_now_defaults_to_the_clock() -> None:
    before = datetime.now(timezone.utc).replace(microsecond=0)
    stamp = AppClient(POOL, CLIENT).start_user_srp("alice").respond(CHALLENGE, "pw")["TIMESTAMP"]
    after = datetime.now(timezone.utc)
    signed = datetime.strptime(stamp.replace(" UTC ", " "), "%a %b %d %H:%M:%S %Y").replace(tzinfo=timezone.utc)
    assert before <= signed <= after


def test_a_naive_datetime_is_refused() -> None:
    login = AppClient(POOL, CLIENT).start_user_srp("alice")
    with pytest.raises(ValueError, match="naive datetime"):
        login.respond(CHALLENGE, "pw", now=datetime(2026, 11, 3, 9, 5, 7))


def test_respond_consumes_the_login() -> None:
    login = AppClient(POOL, CLIENT).start_user_srp("alice")
    assert login.used is False
    login.respond(CHALLENGE, "pw")
    assert login.used is True
    with pytest.raises(cognito_srp.AlreadyUsedError, match="start_user_srp"):
        login.respond(CHALLENGE, "pw")
    with pytest.raises(cognito_srp.AlreadyUsedError):
        login.auth_parameters()
    with pytest.raises(cognito_srp.AlreadyUsedError):
        _ = login.srp_a


def test_a_refused_challenge_consumes_the_login_too() -> None:
    login = AppClient(POOL, CLIENT).start_user_srp("alice")
    with pytest.raises(cognito_srp.ServerPublicZeroError):
        login.respond({**CHALLENGE, "SRP_B": "0"}, "pw")
    with pytest.raises(cognito_srp.AlreadyUsedError):
        login.respond(CHALLENGE, "pw")


def test_repr_of_secret_holders_hides_the_secret() -> None:
    assert CREDENTIALS.device_password not in repr(CREDENTIALS)
    assert "<hidden>" in repr(CREDENTIALS)
    assert repr(AppClient(POOL, CLIENT).start_user_srp("alice")) == "UserLogin(used=False)"


def test_confirm_device_returns_fresh_credentials_and_the_verifier_config() -> None:
    first, config = cognito_srp.confirm_device(CREDENTIALS.device_key, CREDENTIALS.device_group_key)
    second, _ = cognito_srp.confirm_device(CREDENTIALS.device_key, CREDENTIALS.device_group_key)
    assert first.device_key == CREDENTIALS.device_key
    assert first.device_group_key == CREDENTIALS.device_group_key
    assert len(base64.b64decode(first.device_password)) == 40
    assert first.device_password != second.device_password
    assert sorted(config) == ["PasswordVerifier", "Salt"]
    assert 15 <= len(base64.b64decode(config["Salt"])) <= 17


def test_device_login_responses_and_single_use() -> None:
    client = AppClient(POOL, CLIENT, client_secret="shh")
    context = client.challenge_context({"USERNAME": "uuid-1"}, {"USERNAME": "alice"})
    login = context.start_device_srp(CREDENTIALS)
    assert login.challenge_responses() == {
        "USERNAME": "uuid-1",
        "DEVICE_KEY": CREDENTIALS.device_key,
        "SRP_A": login.srp_a,
        "SECRET_HASH": cognito_srp.secret_hash("shh", "uuid-1", CLIENT),
    }
    device_challenge = {k: v for k, v in CHALLENGE.items() if k != "USER_ID_FOR_SRP"}
    responses = login.respond({**device_challenge, "USERNAME": "uuid-1"}, now=AT)
    assert responses["DEVICE_KEY"] == CREDENTIALS.device_key
    assert responses["USERNAME"] == "uuid-1"
    assert responses["TIMESTAMP"] == "Tue Nov 3 09:05:07 UTC 2026"
    with pytest.raises(cognito_srp.AlreadyUsedError, match="start_device_srp"):
        login.respond(device_challenge)


def test_totp_code_rfc_6238() -> None:
    # RFC 6238 appendix B, SHA-1, with the key "12345678901234567890" (base32 below), 6 digits.
    key = base64.b32encode(b"12345678901234567890").decode()
    assert cognito_srp.totp_code(key, 59) == "287082"
    assert cognito_srp.totp_code(key, 1111111109) == "081804"
    assert cognito_srp.totp_code(key, 1234567890) == "005924"
    assert cognito_srp.totp_code(key, datetime.fromtimestamp(2000000000, timezone.utc)) == "279037"
    before = cognito_srp.totp_code(key, time.time())
    now = cognito_srp.totp_code(key.lower())
    after = cognito_srp.totp_code(key, time.time())
    assert now in (before, after)


def test_totp_code_refuses_a_secret_that_is_not_base32() -> None:
    with pytest.raises(cognito_srp.InvalidBase32Error, match="SecretCode") as raised:
        cognito_srp.totp_code("not base32!", 0)
    assert raised.value.parameter == "SecretCode"
