"""A script written for pycognito's AWSSRP (2024.5.1), as its users write them. The test runs it as is
and with its import swapped for cognito_srp.compat; it must not be edited for cognito_srp's sake.

Usage: python pycognito_script.py ENDPOINT POOL_ID CLIENT_ID SECRET_CLIENT_ID CLIENT_SECRET USERNAME
       PASSWORD MFA_USERNAME TOTP_SECRET NEW_PASSWORD_USERNAME
Prints "ok NAME" or "not ok NAME: why" per check.
"""

import base64
import hashlib
import hmac
import struct
import sys
import time

import boto3
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP
from pycognito.exceptions import ForceChangePasswordException, SoftwareTokenMFAChallengeException

(endpoint, pool_id, client_id, secret_client_id, client_secret, username, password, mfa_username,
 totp_secret, new_password_username) = sys.argv[1:11]
idp = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=endpoint,
                   aws_access_key_id="unused", aws_secret_access_key="unused")


def totp(secret):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def check(name, ok, why=""):
    print(f"ok {name}" if ok else f"not ok {name}: {why}")


aws = AWSSRP(username=username, password=password, pool_id=pool_id, client_id=client_id, client=idp)
tokens = aws.authenticate_user()
check("sign-in returns tokens", "IdToken" in tokens.get("AuthenticationResult", {}), tokens)

try:
    AWSSRP(username=username, password=password + "x", pool_id=pool_id, client_id=client_id,
           client=idp).authenticate_user()
    check("wrong password refused", False, "signed in")
except ClientError as e:
    check("wrong password refused", e.response["Error"]["Code"] == "NotAuthorizedException", e)

aws = AWSSRP(username=username, password=password, pool_id=pool_id, client_id=secret_client_id,
             client=idp, client_secret=client_secret)
check("client secret", "AccessToken" in aws.authenticate_user()["AuthenticationResult"])

try:
    AWSSRP(username=mfa_username, password=password, pool_id=pool_id, client_id=client_id,
           client=idp).authenticate_user()
    check("software token MFA", False, "no MFA challenge")
except SoftwareTokenMFAChallengeException as e:
    challenge = e.get_tokens()
    answer = idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": challenge["ChallengeParameters"]["USER_ID_FOR_SRP"],
                            "SOFTWARE_TOKEN_MFA_CODE": totp(totp_secret)})
    check("software token MFA", "IdToken" in answer["AuthenticationResult"], answer)

try:
    AWSSRP(username=new_password_username, password=password, pool_id=pool_id, client_id=client_id,
           client=idp).authenticate_user()
    check("new password required", False, "no challenge")
except ForceChangePasswordException:
    aws = AWSSRP(username=new_password_username, password=password, pool_id=pool_id,
                 client_id=client_id, client=idp)
    answer = aws.set_new_password_challenge(password + "-new")
    check("new password required", "IdToken" in answer["AuthenticationResult"], answer)
    again = AWSSRP(username=new_password_username, password=password + "-new", pool_id=pool_id,
                   client_id=client_id, client=idp).authenticate_user()
    check("new password signs in", "IdToken" in again["AuthenticationResult"], again)
