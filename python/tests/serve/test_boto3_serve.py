"""cognito_srp.boto3.authenticate, and the bare API, against `cognito-srp serve` through boto3."""

import base64
import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from botocore.exceptions import ClientError
from conftest import (
    CLIENT,
    CLIENT_SECRET,
    PASSWORD,
    POOL,
    SECRET_CLIENT,
    TOTP_SECRET,
    Recorder,
)

import cognito_srp
from cognito_srp import AppClient, totp_code
from cognito_srp.boto3 import Challenge, UnhandledChallengeError, authenticate


def claims(token: str) -> "dict[str, Any]":
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def refused(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


def test_user_srp_auth_with_the_bare_api(idp: Recorder) -> None:
    client = AppClient(POOL, CLIENT)
    login = client.start_user_srp("erin")
    started = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=CLIENT, AuthParameters=login.auth_parameters("USER_SRP_AUTH")
    )
    assert started["ChallengeName"] == "PASSWORD_VERIFIER"
    # Every salt of this pool is negative: pycognito cannot parse them.
    assert started["ChallengeParameters"]["SALT"].startswith("-")
    answer = idp.respond_to_auth_challenge(
        ClientId=CLIENT,
        ChallengeName="PASSWORD_VERIFIER",
        Session=started.get("Session", ""),
        ChallengeResponses=login.respond(started["ChallengeParameters"], PASSWORD),
    )
    assert claims(answer["AuthenticationResult"]["IdToken"])["cognito:username"] == "erin"


def test_authenticate_returns_the_tokens(idp: Recorder) -> None:
    result = authenticate(idp, POOL, CLIENT, "erin", PASSWORD, confirm_new_device=False)
    assert result.challenges == ["PASSWORD_VERIFIER"]
    assert claims(result.id_token)["cognito:username"] == "erin"
    assert claims(result.access_token)["token_use"] == "access"
    assert result.refresh_token
    assert result.new_device is None
    assert "confirm_device" not in idp.calls


def test_sign_in_by_email_alias(idp: Recorder) -> None:
    result = authenticate(idp, POOL, CLIENT, "erin@example.com", PASSWORD, confirm_new_device=False)
    assert claims(result.id_token)["cognito:username"] == "erin"


@pytest.mark.parametrize("flow", ["USER_AUTH", "CUSTOM_AUTH"])
def test_other_srp_flows(idp: Recorder, flow: Any) -> None:
    result = authenticate(idp, POOL, CLIENT, "erin", PASSWORD, auth_flow=flow, confirm_new_device=False)
    assert claims(result.id_token)["cognito:username"] == "erin"


def test_wrong_password_refused(idp: Recorder) -> None:
    with pytest.raises(ClientError) as error:
        authenticate(idp, POOL, CLIENT, "dev", PASSWORD + "-wrong")
    assert refused(error) == "NotAuthorizedException"
    assert error.value.response["Error"]["Message"] == "Incorrect username or password."


def test_client_with_a_secret(idp: Recorder) -> None:
    result = authenticate(idp, POOL, SECRET_CLIENT, "erin", PASSWORD, client_secret=CLIENT_SECRET)
    assert claims(result.id_token)["cognito:username"] == "erin"
    with pytest.raises(ClientError) as error:
        authenticate(idp, POOL, SECRET_CLIENT, "erin", PASSWORD, client_secret=CLIENT_SECRET + "x")
    assert refused(error) == "NotAuthorizedException"


def test_a_remembered_device_signs_in_through_device_srp(idp: Recorder) -> None:
    first = authenticate(idp, POOL, CLIENT, "dev", PASSWORD, device_name="pytest")
    assert first.new_device is not None
    assert "confirm_device" in idp.calls
    device = first.new_device
    assert device.device_key == first.authentication_result["NewDeviceMetadata"]["DeviceKey"]
    stored = cognito_srp.DeviceCredentials(device.device_key, device.device_group_key, device.device_password)
    second = authenticate(idp, POOL, CLIENT, "dev", PASSWORD, device=stored)
    assert second.challenges == ["PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"]
    assert claims(second.id_token)["cognito:username"] == "dev"
    assert second.new_device is None
    # A device password that is not the stored one is refused at DEVICE_PASSWORD_VERIFIER.
    forged = cognito_srp.DeviceCredentials(device.device_key, device.device_group_key, "not-the-password")
    with pytest.raises(ClientError) as error:
        authenticate(idp, POOL, CLIENT, "dev", PASSWORD, device=forged)
    assert refused(error) == "NotAuthorizedException"


def test_device_srp_auth_without_a_device_is_unhandled(idp: Recorder) -> None:
    first = authenticate(idp, POOL, CLIENT, "dev", PASSWORD)
    assert first.new_device is not None
    # The device key is sent (as a remembered device) but the credentials are withheld.
    with pytest.raises(UnhandledChallengeError) as error:
        authenticate(
            _DeviceKeyOnly(idp, first.new_device.device_key), POOL, CLIENT, "dev", PASSWORD
        )
    assert error.value.challenge_name == "DEVICE_SRP_AUTH"


class _DeviceKeyOnly:
    """Adds DEVICE_KEY to InitiateAuth, as a client that lost the device password would."""

    def __init__(self, idp: Recorder, key: str) -> None:
        self.idp, self.key = idp, key

    def initiate_auth(self, **kwargs: Any) -> Any:
        kwargs["AuthParameters"] = {**kwargs["AuthParameters"], "DEVICE_KEY": self.key}
        return self.idp.initiate_auth(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.idp, name)


def test_software_token_mfa_answered_with_totp_code(idp: Recorder) -> None:
    seen: list[Challenge] = []

    def answer(challenge: Challenge) -> "dict[str, str]":
        seen.append(challenge)
        assert challenge.name == "SOFTWARE_TOKEN_MFA"
        return challenge.context.software_token_mfa(totp_code(TOTP_SECRET))

    result = authenticate(idp, POOL, CLIENT, "pat", PASSWORD, on_challenge=answer, confirm_new_device=False)
    assert [c.name for c in seen] == ["SOFTWARE_TOKEN_MFA"]
    assert seen[0].context.username == "pat"
    assert claims(result.id_token)["cognito:username"] == "pat"


def test_software_token_mfa_with_a_wrong_code_refused(idp: Recorder) -> None:
    wrong = f"{(int(totp_code(TOTP_SECRET, time.time())) + 1) % 1_000_000:06d}"
    with pytest.raises(ClientError) as error:
        authenticate(
            idp, POOL, CLIENT, "pat", PASSWORD,
            on_challenge=lambda c: c.context.software_token_mfa(wrong),
        )
    assert refused(error) == "CodeMismatchException"


def test_mfa_without_a_callback_is_unhandled(idp: Recorder) -> None:
    with pytest.raises(UnhandledChallengeError, match="on_challenge") as error:
        authenticate(idp, POOL, CLIENT, "pat", PASSWORD)
    assert error.value.challenge_name == "SOFTWARE_TOKEN_MFA"
    assert isinstance(error.value, cognito_srp.CognitoSrpError)


def test_new_password_required_then_the_new_password_signs_in(idp: Recorder) -> None:
    new_password = "Hank-Pass-456!"

    def answer(challenge: Challenge) -> "dict[str, str]":
        assert challenge.name == "NEW_PASSWORD_REQUIRED"
        return challenge.context.new_password_required(challenge.parameters, new_password)

    first = authenticate(idp, POOL, CLIENT, "hank", PASSWORD, on_challenge=answer, confirm_new_device=False)
    assert first.challenges == ["PASSWORD_VERIFIER", "NEW_PASSWORD_REQUIRED"]
    second = authenticate(idp, POOL, CLIENT, "hank", new_password, confirm_new_device=False)
    assert second.challenges == ["PASSWORD_VERIFIER"]
    assert claims(second.id_token)["cognito:username"] == "hank"


def test_threads_sign_in_at_once(serve_url: str) -> None:
    import boto3

    def sign_in(i: int) -> str:
        idp = boto3.client(
            "cognito-idp", region_name="us-east-1", endpoint_url=serve_url,
            aws_access_key_id="unused", aws_secret_access_key="unused",
        )
        result = authenticate(idp, POOL, CLIENT, "erin", PASSWORD, confirm_new_device=False)
        return str(claims(result.id_token)["cognito:username"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        names = list(pool.map(sign_in, range(16)))
    assert names == ["erin"] * 16
