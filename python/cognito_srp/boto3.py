"""A whole Cognito sign-in with a boto3 ``cognito-idp`` client: InitiateAuth and RespondToAuthChallenge up
to the tokens, device SRP for a remembered device, ConfirmDevice for a new one, and any other challenge
through a callback.

::

    import boto3
    from cognito_srp.boto3 import authenticate

    idp = boto3.client("cognito-idp", region_name="eu-west-1")
    result = authenticate(idp, "eu-west-1_AbCdEf123", "1example23456789", "alice", password)
    result.access_token

This module does not import boto3: any object with boto3's ``initiate_auth``,
``respond_to_auth_challenge``, ``confirm_device`` and ``update_device_status`` methods works. boto3's
own errors (``NotAuthorizedException`` for a wrong password, …) propagate unchanged.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Literal, Optional, Union

from ._native import (
    AppClient,
    ChallengeContext,
    CognitoSrpError,
    DeviceCredentials,
    DeviceLogin,
    confirm_device,
)

__all__ = ["Challenge", "SignIn", "UnhandledChallengeError", "authenticate"]

#: The most challenges one sign-in answers before giving up (Cognito asks for at most a handful).
MAX_CHALLENGES = 16


@dataclass
class Challenge:
    """A challenge handed to ``on_challenge``: answer it by returning its ``ChallengeResponses``.

    ``context`` builds every standard answer (``context.software_token_mfa(code)``, …). For
    ``MFA_SETUP``, call AssociateSoftwareToken and VerifySoftwareToken with ``session`` first, then set
    ``session`` to the Session VerifySoftwareToken returned before returning ``context.mfa_setup()``.
    """

    name: str
    parameters: dict[str, str]
    session: Optional[str]
    context: ChallengeContext


@dataclass(frozen=True)
class SignIn:
    """The outcome of ``authenticate``."""

    #: boto3's ``AuthenticationResult``: AccessToken, IdToken, RefreshToken, ExpiresIn, TokenType, and
    #: NewDeviceMetadata when Cognito reported a new device.
    authentication_result: dict[str, Any]
    #: The credentials of the device confirmed during this sign-in, or None. Store them (the password is
    #: a secret, like the refresh token) and pass them as ``device=`` to later sign-ins.
    new_device: Optional[DeviceCredentials] = None
    #: The challenges Cognito asked, in order (``PASSWORD_VERIFIER``, ``DEVICE_SRP_AUTH``, …).
    challenges: list[str] = field(default_factory=list)

    @property
    def access_token(self) -> str:
        """``AccessToken``."""
        return str(self.authentication_result["AccessToken"])

    @property
    def id_token(self) -> str:
        """``IdToken``."""
        return str(self.authentication_result["IdToken"])

    @property
    def refresh_token(self) -> Optional[str]:
        """``RefreshToken`` (absent from some flows)."""
        token = self.authentication_result.get("RefreshToken")
        return None if token is None else str(token)


class UnhandledChallengeError(CognitoSrpError):
    """Cognito asked a challenge that ``authenticate`` cannot answer alone and no ``on_challenge`` was
    given (or, for ``DEVICE_SRP_AUTH``, no ``device``). ``challenge_name`` names it."""

    def __init__(self, challenge_name: str, message: str) -> None:
        super().__init__(message)
        self.challenge_name = challenge_name
        self.parameter: Optional[str] = None


ChallengeCallback = Callable[[Challenge], dict[str, str]]
SrpAuthFlow = Literal["USER_SRP_AUTH", "USER_AUTH", "CUSTOM_AUTH"]


def authenticate(
    idp_client: Any,
    user_pool_id: str,
    client_id: str,
    username: str,
    password: str,
    *,
    client_secret: Optional[str] = None,
    device: Optional[DeviceCredentials] = None,
    on_challenge: Optional[ChallengeCallback] = None,
    auth_flow: SrpAuthFlow = "USER_SRP_AUTH",
    confirm_new_device: bool = True,
    device_name: Optional[str] = None,
    now: Optional[Union[datetime, int, float]] = None,
) -> SignIn:
    """Signs ``username`` in with SRP and returns the tokens.

    ``auth_flow`` is ``"USER_SRP_AUTH"`` (default), ``"USER_AUTH"`` (asking for PASSWORD_SRP) or
    ``"CUSTOM_AUTH"`` (starting with SRP). With ``device`` (stored credentials), the device's key is
    sent and ``DEVICE_SRP_AUTH`` is answered with them. When Cognito reports a new device and
    ``confirm_new_device`` is true, ConfirmDevice is called (and UpdateDeviceStatus to "remembered" when
    the pool asks the user to opt in) and the credentials come back as ``SignIn.new_device``. Any other
    challenge (MFA, NEW_PASSWORD_REQUIRED, CUSTOM_CHALLENGE, …) goes to ``on_challenge``.

    Raises ``UnhandledChallengeError`` for a challenge nobody answers, ``CognitoSrpError`` subclasses
    for a malformed challenge, and boto3's ``ClientError`` for what Cognito refuses.
    """
    app = AppClient(user_pool_id, client_id, client_secret=client_secret)
    login = app.start_user_srp(username, device_key=device.device_key if device else None)
    request = login.auth_parameters(auth_flow)
    answer: dict[str, Any] = idp_client.initiate_auth(
        AuthFlow=auth_flow, ClientId=client_id, AuthParameters=request
    )
    device_login: Optional[DeviceLogin] = None
    asked: list[str] = []
    while "AuthenticationResult" not in answer:
        if len(asked) >= MAX_CHALLENGES:
            raise UnhandledChallengeError(
                str(answer.get("ChallengeName")),
                f"Cognito asked {len(asked)} challenges without issuing tokens ({', '.join(asked)})",
            )
        name = str(answer.get("ChallengeName"))
        parameters: dict[str, str] = dict(answer.get("ChallengeParameters") or {})
        session: Optional[str] = answer.get("Session")
        asked.append(name)
        if name == "PASSWORD_VERIFIER":
            responses = login.respond(parameters, password, now=now)
        elif name == "SELECT_CHALLENGE":
            responses = login.select_challenge_responses(parameters)
        elif name == "DEVICE_SRP_AUTH":
            if device is None:
                raise UnhandledChallengeError(
                    name, "Cognito asked DEVICE_SRP_AUTH but no device was given: pass device="
                )
            device_login = app.challenge_context(parameters, request).start_device_srp(device)
            responses = device_login.challenge_responses()
        elif name == "DEVICE_PASSWORD_VERIFIER" and device_login is not None:
            responses = device_login.respond(parameters, now=now)
        elif on_challenge is not None:
            challenge = Challenge(name, parameters, session, app.challenge_context(parameters, request))
            responses = on_challenge(challenge)
            session = challenge.session
        else:
            raise UnhandledChallengeError(
                name, f"Cognito asked {name}: pass on_challenge= to answer it (see cognito_srp.boto3.Challenge)"
            )
        call: dict[str, Any] = {
            "ClientId": client_id,
            "ChallengeName": name,
            "ChallengeResponses": responses,
        }
        if session is not None:
            call["Session"] = session
        answer = idp_client.respond_to_auth_challenge(**call)
        request = responses
    result: dict[str, Any] = dict(answer["AuthenticationResult"])
    new_device = None
    metadata = result.get("NewDeviceMetadata")
    if metadata and confirm_new_device:
        new_device = _confirm(idp_client, result["AccessToken"], metadata, device_name)
    return SignIn(result, new_device, asked)


def _confirm(
    idp_client: Any, access_token: str, metadata: dict[str, str], device_name: Optional[str]
) -> DeviceCredentials:
    """ConfirmDevice (and UpdateDeviceStatus when the pool asks) for ``NewDeviceMetadata``."""
    credentials, config = confirm_device(metadata["DeviceKey"], metadata["DeviceGroupKey"])
    call: dict[str, Any] = {
        "AccessToken": access_token,
        "DeviceKey": credentials.device_key,
        "DeviceSecretVerifierConfig": config,
    }
    if device_name is not None:
        call["DeviceName"] = device_name
    confirmed = idp_client.confirm_device(**call)
    if confirmed.get("UserConfirmationNecessary"):
        idp_client.update_device_status(
            AccessToken=access_token,
            DeviceKey=credentials.device_key,
            DeviceRememberedStatus="remembered",
        )
    return credentials
