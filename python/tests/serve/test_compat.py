"""cognito_srp.compat.AWSSRP: a script written for pycognito runs unchanged once its import is swapped."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    CLIENT,
    CLIENT_SECRET,
    COMPAT_CLIENT,
    COMPAT_SECRET_CLIENT,
    PASSWORD,
    POOL,
    POSITIVE_POOL,
    SECRET_CLIENT,
    TOTP_SECRET,
    Recorder,
)

from cognito_srp.compat import AWSSRP

SCRIPT = Path(__file__).with_name("pycognito_script.py")
IMPORT = "from pycognito.aws_srp import AWSSRP\n"
CHECKS = [
    "ok sign-in returns tokens",
    "ok wrong password refused",
    "ok client secret",
    "ok software token MFA",
    "ok new password required",
    "ok new password signs in",
]


def run(tmp_path: Path, url: str, pool: str, users: "tuple[str, str]", swap: bool) -> "list[str]":
    clients = (COMPAT_CLIENT, COMPAT_SECRET_CLIENT) if pool == POSITIVE_POOL else (CLIENT, SECRET_CLIENT)
    text = SCRIPT.read_text(encoding="utf-8")
    assert text.count(IMPORT) == 1
    if swap:
        text = text.replace(IMPORT, "from cognito_srp.compat import AWSSRP\n")
    script = tmp_path / "script.py"
    script.write_text(text, encoding="utf-8")
    args = [url, pool, *clients, CLIENT_SECRET, "erin", PASSWORD, users[0], TOTP_SECRET, users[1]]
    result = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.splitlines()


def test_the_script_passes_with_pycognito_itself(tmp_path: Path, serve_url: str) -> None:
    # The script is a genuine pycognito script: pycognito passes it (on positive salts only).
    assert run(tmp_path, serve_url, POSITIVE_POOL, ("pat", "fcp1"), swap=False) == CHECKS


def test_the_script_passes_with_the_import_swapped(tmp_path: Path, serve_url: str) -> None:
    assert run(tmp_path, serve_url, POSITIVE_POOL, ("pat2", "fcp2"), swap=True) == CHECKS


def test_the_swapped_script_also_passes_on_negative_salts(tmp_path: Path, serve_url: str) -> None:
    assert run(tmp_path, serve_url, POOL, ("pia", "nina"), swap=True) == CHECKS


def test_constructor_checks_as_pycognito() -> None:
    with pytest.raises(ValueError, match="pool_region and client"):
        AWSSRP("u", "p", POOL, CLIENT, pool_region="us-east-1", client=object())
    with pytest.raises(ValueError, match="device_key, device_group_key, and device_password"):
        AWSSRP("u", "p", POOL, CLIENT, client=object(), device_key="k")


def test_remembered_device_through_compat(idp: Recorder) -> None:
    aws = AWSSRP("dev", PASSWORD, POOL, CLIENT, client=idp)
    tokens = aws.authenticate_user()
    response, device_password = aws.confirm_device(tokens, device_name="compat")
    assert "confirm_device" in idp.calls
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    remembered = AWSSRP(
        "dev", PASSWORD, POOL, CLIENT, client=idp,
        device_key=aws.device_key, device_group_key=aws.device_group_key, device_password=device_password,
    )
    before = idp.calls.count("respond_to_auth_challenge")
    again = remembered.authenticate_user()
    assert "IdToken" in again["AuthenticationResult"]
    # PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER.
    assert idp.calls.count("respond_to_auth_challenge") - before == 3


def test_challenge_exceptions_are_pycognitos_when_it_is_installed() -> None:
    from pycognito import exceptions

    import cognito_srp.compat as compat

    assert issubclass(compat.SoftwareTokenMFAChallengeException, exceptions.SoftwareTokenMFAChallengeException)
    assert issubclass(compat.SMSMFAChallengeException, exceptions.SMSMFAChallengeException)
    assert issubclass(compat.ForceChangePasswordException, exceptions.ForceChangePasswordException)
    error = compat.SoftwareTokenMFAChallengeException("Do Software Token MFA", {"Session": "s"})
    assert error.get_tokens() == {"Session": "s"}


def test_challenge_exceptions_without_pycognito() -> None:
    code = (
        "import sys; sys.modules['pycognito'] = None\n"
        "import cognito_srp.compat as c\n"
        "e = c.SMSMFAChallengeException('Do SMS MFA', {'Session': 's'})\n"
        "assert isinstance(e, c.MFAChallengeException) and isinstance(e, Exception)\n"
        "assert e.get_tokens() == {'Session': 's'} and e.message == 'Do SMS MFA'\n"
        "assert issubclass(c.ForceChangePasswordException, Exception)\n"
        "print('fine')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd="/")
    assert result.stdout == "fine\n", result.stderr
