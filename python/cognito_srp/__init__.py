"""Amazon Cognito user-pool SRP sign-in, backed by Rust (cognito-srp-core).

Maps go in and out as boto3 carries them (``dict[str, str]``)::

    from cognito_srp import AppClient
    client = AppClient("eu-west-1_AbCdEf123", "1example23456789")
    login = client.start_user_srp("alice")
    auth = idp.initiate_auth(AuthFlow="USER_SRP_AUTH", ClientId=client.client_id,
                             AuthParameters=login.auth_parameters("USER_SRP_AUTH"))
    responses = login.respond(auth["ChallengeParameters"], password)

``cognito_srp.boto3.authenticate`` runs a whole sign-in with a boto3 client; ``cognito_srp.compat.AWSSRP``
stands in for pycognito's class of that name.
"""

from ._native import (
    AlreadyUsedError,
    AppClient,
    ChallengeContext,
    ClientPublicZeroError,
    CognitoSrpError,
    DeviceCredentials,
    DeviceLogin,
    EmptyError,
    InvalidBase32Error,
    InvalidBase64Error,
    InvalidExponentError,
    InvalidHexError,
    InvalidJsonError,
    InvalidPoolIdError,
    InvalidTimestampError,
    InvalidVerifierError,
    MissingParameterError,
    MissingRequiredAttributeError,
    ScramblerZeroError,
    SecretBlockMismatchError,
    ServerPublicZeroError,
    TooLongError,
    UserLogin,
    VerificationFailedError,
    confirm_device,
    required_attributes,
    secret_hash,
    totp_code,
)

__all__ = [
    "AlreadyUsedError",
    "AppClient",
    "ChallengeContext",
    "ClientPublicZeroError",
    "CognitoSrpError",
    "DeviceCredentials",
    "DeviceLogin",
    "EmptyError",
    "InvalidBase32Error",
    "InvalidBase64Error",
    "InvalidExponentError",
    "InvalidHexError",
    "InvalidJsonError",
    "InvalidPoolIdError",
    "InvalidTimestampError",
    "InvalidVerifierError",
    "MissingParameterError",
    "MissingRequiredAttributeError",
    "ScramblerZeroError",
    "SecretBlockMismatchError",
    "ServerPublicZeroError",
    "TooLongError",
    "UserLogin",
    "VerificationFailedError",
    "confirm_device",
    "required_attributes",
    "secret_hash",
    "totp_code",
]
