"""EMAIL_OTP, SELECT_MFA_TYPE and SMS_MFA answered through authenticate's callback against
`cognito-srp serve`, with the codes serve "sent" read from its GET /_cognito-srp/codes."""

import json
import urllib.request

from conftest import CLIENT, PASSWORD, POOL, Recorder

from cognito_srp.boto3 import Challenge, authenticate


def sent_code(url: str, username: str, challenge: str) -> str:
    with urllib.request.urlopen(f"{url}/_cognito-srp/codes", timeout=10) as reply:
        codes = json.load(reply)["Codes"]
    mine = [c for c in codes if c["Username"] == username and c["ChallengeName"] == challenge]
    assert mine, f"no {challenge} code sent to {username}"
    return str(mine[-1]["Code"])


def test_email_otp(idp: Recorder, serve_url: str) -> None:
    def answer(challenge: Challenge) -> "dict[str, str]":
        assert challenge.name == "EMAIL_OTP"
        return challenge.context.email_otp(sent_code(serve_url, "eve", "EMAIL_OTP"))

    result = authenticate(idp, POOL, CLIENT, "eve", PASSWORD, on_challenge=answer, confirm_new_device=False)
    assert result.challenges == ["PASSWORD_VERIFIER", "EMAIL_OTP"]
    assert result.id_token.count(".") == 2


def test_select_mfa_type_then_sms_mfa(idp: Recorder, serve_url: str) -> None:
    def answer(challenge: Challenge) -> "dict[str, str]":
        if challenge.name == "SELECT_MFA_TYPE":
            return challenge.context.select_mfa_type("SMS_MFA")
        assert challenge.name == "SMS_MFA"
        return challenge.context.sms_mfa(sent_code(serve_url, "sam", "SMS_MFA"))

    result = authenticate(idp, POOL, CLIENT, "sam", PASSWORD, on_challenge=answer, confirm_new_device=False)
    assert result.challenges == ["PASSWORD_VERIFIER", "SELECT_MFA_TYPE", "SMS_MFA"]
    assert result.access_token.count(".") == 2
