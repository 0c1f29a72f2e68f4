"""A stand-in for pycognito's (and warrant's) ``AWSSRP``: the same constructor and the same
``authenticate_user()`` result, with the math done by cognito_srp.

Code written for pycognito switches by changing one import::

    from cognito_srp.compat import AWSSRP      # was: from pycognito.aws_srp import AWSSRP

    aws = AWSSRP(username="alice", password=password, pool_id="eu-west-1_AbCdEf123",
                 client_id="1example23456789", client=boto3.client("cognito-idp"))
    tokens = aws.authenticate_user()

The challenge exceptions (``ForceChangePasswordException``, ``SMSMFAChallengeException``,
``SoftwareTokenMFAChallengeException``) are defined here and, when pycognito is installed, also
subclass ``pycognito.exceptions``' classes of the same names, so existing ``except`` clauses keep
working.
The differences from pycognito are listed in python/README.md.
"""

import importlib
import platform
from typing import TYPE_CHECKING, Any, Optional

from ._native import AppClient, DeviceCredentials, DeviceLogin, UserLogin, confirm_device, secret_hash

__all__ = [
    "AWSSRP",
    "ForceChangePasswordException",
    "MFAChallengeException",
    "SMSMFAChallengeException",
    "SoftwareTokenMFAChallengeException",
]

if TYPE_CHECKING:
    _Force = Exception
    _MFA = Exception
    _SoftwareToken = Exception
    _SMS = Exception
else:
    try:
        from pycognito.exceptions import ForceChangePasswordException as _Force
        from pycognito.exceptions import MFAChallengeException as _MFA
        from pycognito.exceptions import SMSMFAChallengeException as _SMS
        from pycognito.exceptions import SoftwareTokenMFAChallengeException as _SoftwareToken
    except ImportError:
        _Force = _MFA = _SoftwareToken = _SMS = Exception


class ForceChangePasswordException(_Force):
    """Raised when the user must change their password (NEW_PASSWORD_REQUIRED)."""


class MFAChallengeException(_MFA):
    """Raised when MFA is required; ``get_tokens()`` returns Cognito's answer (with its Session)."""

    def __init__(self, message: str, tokens: Any, *args: Any) -> None:
        super().__init__(message, tokens, *args)
        self.message = message
        self._tokens = tokens

    def get_tokens(self) -> Any:
        """Cognito's answer carrying the challenge: ChallengeName, ChallengeParameters, Session."""
        return self._tokens


class SoftwareTokenMFAChallengeException(MFAChallengeException, _SoftwareToken):
    """Raised when Software Token MFA is required."""


class SMSMFAChallengeException(MFAChallengeException, _SMS):
    """Raised when SMS MFA is required."""


class AWSSRP:
    """pycognito's ``AWSSRP``: USER_SRP_AUTH, device SRP and the new-password challenge over a boto3
    client."""

    SMS_MFA_CHALLENGE = "SMS_MFA"
    SOFTWARE_TOKEN_MFA_CHALLENGE = "SOFTWARE_TOKEN_MFA"
    NEW_PASSWORD_REQUIRED_CHALLENGE = "NEW_PASSWORD_REQUIRED"
    PASSWORD_VERIFIER_CHALLENGE = "PASSWORD_VERIFIER"
    DEVICE_SRP_CHALLENGE = "DEVICE_SRP_AUTH"
    DEVICE_PASSWORD_VERIFIER_CHALLENGE = "DEVICE_PASSWORD_VERIFIER"

    def __init__(
        self,
        username: str,
        password: str,
        pool_id: str,
        client_id: str,
        pool_region: Optional[str] = None,
        client: Any = None,
        client_secret: Optional[str] = None,
        device_key: Optional[str] = None,
        device_group_key: Optional[str] = None,
        device_password: Optional[str] = None,
    ) -> None:
        if pool_region is not None and client is not None:
            raise ValueError(
                "pool_region and client should not both be specified "
                "(region should be passed to the boto3 client instead)"
            )
        given = [v is not None for v in (device_key, device_group_key, device_password)]
        if any(given) and not all(given):
            raise ValueError(
                "Either all device_key, device_group_key, and device_password should be specified or none at all "
            )
        self.username = username
        self.password = password
        self.pool_id = pool_id
        self.client_id = client_id
        self.client_secret = client_secret
        if client is None:
            client = importlib.import_module("boto3").client("cognito-idp", region_name=pool_region)
        self.client: Any = client
        self.device_key = device_key
        self.device_group_key = device_group_key
        self.device_password = device_password
        self.access_token: Optional[str] = None
        self.device_name: Optional[str] = None
        self._app = AppClient(pool_id, client_id, client_secret=client_secret)
        self._login: Optional[UserLogin] = None
        self._device_login: Optional[DeviceLogin] = None

    # ------------------------------------------------------------------ the request maps

    def get_auth_params(self) -> dict[str, str]:
        """InitiateAuth's AuthParameters, from a fresh ephemeral key (each call starts a new sign-in)."""
        self._login = self._app.start_user_srp(self.username, device_key=self.device_key)
        return self._login.auth_parameters("USER_SRP_AUTH")

    @staticmethod
    def get_secret_hash(username: str, client_id: str, client_secret: str) -> str:
        """``SECRET_HASH``."""
        return secret_hash(client_secret, username, client_id)

    def process_challenge(
        self, challenge_parameters: dict[str, str], request_parameters: dict[str, str]
    ) -> dict[str, str]:
        """The PASSWORD_VERIFIER ChallengeResponses for the sign-in ``get_auth_params`` started."""
        login = self._login
        if login is None:
            login = self._app.start_user_srp(self.username, device_key=self.device_key)
        self._login = None
        return login.respond(challenge_parameters, self.password)

    def _device_credentials(self) -> DeviceCredentials:
        if self.device_key is None or self.device_group_key is None or self.device_password is None:
            raise ValueError(
                "Cognito asked DEVICE_SRP_AUTH: pass device_key, device_group_key and device_password"
            )
        return DeviceCredentials(self.device_key, self.device_group_key, self.device_password)

    def process_device_challenge(self, challenge_parameters: dict[str, str]) -> dict[str, str]:
        """The DEVICE_PASSWORD_VERIFIER ChallengeResponses of the device sign-in started for
        DEVICE_SRP_AUTH."""
        login = self._device_login
        if login is None:
            context = self._app.challenge_context(challenge_parameters, {})
            login = context.start_device_srp(self._device_credentials())
        self._device_login = None
        return login.respond(challenge_parameters)

    # ------------------------------------------------------------------ the flows

    def _respond(
        self, client: Any, name: str, responses: dict[str, str], previous: dict[str, Any], **extra: Any
    ) -> Any:
        call: dict[str, Any] = {"ClientId": self.client_id, "ChallengeName": name, "ChallengeResponses": responses}
        if previous.get("Session"):
            call["Session"] = previous["Session"]
        call.update(extra)
        return client.respond_to_auth_challenge(**call)

    def _password_verifier(self, client: Any, client_metadata: Optional[dict[str, str]] = None) -> Any:
        """InitiateAuth and PASSWORD_VERIFIER; then DEVICE_SRP_AUTH when Cognito asks for it."""
        auth_params = self.get_auth_params()
        response = client.initiate_auth(AuthFlow="USER_SRP_AUTH", AuthParameters=auth_params, ClientId=self.client_id)
        if response["ChallengeName"] != self.PASSWORD_VERIFIER_CHALLENGE:
            raise NotImplementedError(f"The {response['ChallengeName']} challenge is not supported")
        challenge_response = self.process_challenge(response["ChallengeParameters"], auth_params)
        extra = {"ClientMetadata": client_metadata} if client_metadata else {}
        tokens = self._respond(client, self.PASSWORD_VERIFIER_CHALLENGE, challenge_response, response, **extra)
        if tokens.get("ChallengeName") == self.DEVICE_SRP_CHALLENGE:
            context = self._app.challenge_context(tokens.get("ChallengeParameters") or {}, challenge_response)
            self._device_login = context.start_device_srp(self._device_credentials())
            device_answer = self._respond(
                client, self.DEVICE_SRP_CHALLENGE, self._device_login.challenge_responses(), tokens
            )
            tokens = self._respond(
                client,
                self.DEVICE_PASSWORD_VERIFIER_CHALLENGE,
                self.process_device_challenge(device_answer["ChallengeParameters"]),
                device_answer,
            )
        return tokens, challenge_response

    def authenticate_user(self, client: Any = None, client_metadata: Optional[dict[str, str]] = None) -> Any:
        """Signs in and returns RespondToAuthChallenge's answer (``["AuthenticationResult"]`` holds the
        tokens). Raises ``ForceChangePasswordException``, ``SMSMFAChallengeException`` or
        ``SoftwareTokenMFAChallengeException`` (whose ``get_tokens()`` carries the Session to answer
        with) as pycognito does."""
        tokens, _ = self._password_verifier(self.client or client, client_metadata)
        name = tokens.get("ChallengeName")
        if name == self.NEW_PASSWORD_REQUIRED_CHALLENGE:
            raise ForceChangePasswordException("Change password before authenticating")
        if name == self.SMS_MFA_CHALLENGE:
            raise SMSMFAChallengeException("Do SMS MFA", tokens)
        if name == self.SOFTWARE_TOKEN_MFA_CHALLENGE:
            raise SoftwareTokenMFAChallengeException("Do Software Token MFA", tokens)
        return tokens

    def set_new_password_challenge(self, new_password: str, client: Any = None) -> Any:
        """Signs in and answers NEW_PASSWORD_REQUIRED with ``new_password``; returns Cognito's answer."""
        boto_client = self.client or client
        tokens, challenge_response = self._password_verifier(boto_client)
        if tokens.get("ChallengeName") != self.NEW_PASSWORD_REQUIRED_CHALLENGE:
            return tokens
        context = self._app.challenge_context(tokens.get("ChallengeParameters") or {}, challenge_response)
        answer = context.new_password_required({}, new_password)
        return self._respond(boto_client, self.NEW_PASSWORD_REQUIRED_CHALLENGE, answer, tokens)

    # ------------------------------------------------------------------ devices

    def confirm_device(self, tokens: dict[str, Any], device_name: Optional[str] = None) -> "tuple[Any, str]":
        """ConfirmDevice for the ``NewDeviceMetadata`` of ``tokens`` through the boto3 client; returns
        its answer and the device password (store it with the device key and group key)."""
        result = tokens["AuthenticationResult"]
        self.access_token = result["AccessToken"]
        self.device_key = result["NewDeviceMetadata"]["DeviceKey"]
        self.device_group_key = result["NewDeviceMetadata"]["DeviceGroupKey"]
        self.device_name = device_name
        credentials, config = confirm_device(self.device_key, self.device_group_key)
        self.device_password = credentials.device_password
        response = self.client.confirm_device(
            AccessToken=self.access_token,
            DeviceKey=self.device_key,
            DeviceName=device_name if device_name is not None else platform.node(),
            DeviceSecretVerifierConfig=config,
        )
        return response, credentials.device_password

    def update_device_status(self, is_remembered: bool, access_token: str, device_key: str) -> Any:
        """UpdateDeviceStatus through the boto3 client; returns its answer."""
        self.access_token = access_token
        self.device_key = device_key
        return self.client.update_device_status(
            AccessToken=access_token,
            DeviceKey=device_key,
            DeviceRememberedStatus="remembered" if is_remembered else "not_remembered",
        )

    def forget_device(self, access_token: str, device_key: str) -> Any:
        """ForgetDevice through the boto3 client; returns its answer."""
        self.access_token = access_token
        self.device_key = device_key
        return self.client.forget_device(AccessToken=access_token, DeviceKey=device_key)
