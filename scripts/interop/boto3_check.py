"""boto3 against `cognito-srp serve` with `[iam]` credentials configured: the control plane, the admin
API (SigV4 verified for real, with the same credentials), the account lifecycle, and sign-ins of the
users made that way by pycognito and by amazon-cognito-identity-js.

Usage: python boto3_check.py ENDPOINT ACCESS_KEY_ID SECRET_ACCESS_KEY
Prints one line per check: "ok NAME" or "not ok NAME: why"; exits non-zero if any failed.

Everything happens in a pool this script creates (CreateUserPool), with two app clients it creates: one
with a secret (SECRET_HASH on every public call, pycognito and boto3) and one without (the JS client,
which cannot send a SECRET_HASH). Codes (sign-up confirmation, password reset, AdminCreateUser's
temporary password) are read from the server's GET /_cognito-srp/codes.

pycognito cannot parse a negative SALT (see pycognito_check.py), and a pool made by CreateUserPool
draws salts of either sign, as Cognito does. So before each pycognito sign-in the script reads the
user's SALT from a USER_SRP_AUTH challenge (boto3 initiate_auth); when it is negative, the step that
set the password (SignUp with ConfirmSignUp, the password reset, ChangePassword) is done again, each
time for real through the API, until the salt is positive (at most 16 times: 2^-16 to fail by chance).
"""

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from pycognito import Cognito

REGION = "us-east-1"
HERE = os.path.dirname(os.path.abspath(__file__))
failures = 0


def report(name: str, why) -> None:
    global failures
    if why:
        failures += 1
        print(f"not ok {name}: {why}", flush=True)
    else:
        print(f"ok {name}", flush=True)


def error_of(e: Exception) -> str:
    if isinstance(e, ClientError):
        err = e.response.get("Error", {})
        return f"{err.get('Code')}: {err.get('Message')}"
    return f"{type(e).__name__}: {e}"


def code_of(e: Exception):
    return e.response.get("Error", {}).get("Code") if isinstance(e, ClientError) else None


def expect_error(name: str, code: str, call) -> None:
    """Runs `call` and reports whether it was refused with `code`."""
    try:
        call()
    except Exception as e:  # noqa: BLE001 - any other outcome is the check's failure
        report(name, None if code_of(e) == code else error_of(e))
        return
    report(name, f"accepted, expected {code}")


class Checker:
    def __init__(self, endpoint: str, key_id: str, secret_key: str):
        self.endpoint = endpoint.rstrip("/")
        self.key_id = key_id
        self.secret_key = secret_key
        self.idp = self.client(secret_key)

    def client(self, secret_key: str):
        return boto3.client(
            "cognito-idp",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=self.key_id,
            aws_secret_access_key=secret_key,
            config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30),
        )

    # ---------------------------------------------------------------- helpers
    def secret_hash(self, username: str) -> str:
        mac = hmac.new(self.secret.encode(), (username + self.client_id).encode(), hashlib.sha256)
        return base64.b64encode(mac.digest()).decode()

    def codes(self, username: str, kind: str) -> list:
        with urllib.request.urlopen(f"{self.endpoint}/_cognito-srp/codes", timeout=10) as r:
            listed = json.load(r)["Codes"]
        return [c for c in listed if c["PoolId"] == self.pool_id and c["Username"] == username
                and c["ChallengeName"] == kind]

    def last_code(self, username: str, kind: str) -> str:
        mine = self.codes(username, kind)
        if not mine:
            raise RuntimeError(f"no {kind} code listed for {username}")
        return mine[-1]["Code"]

    def password_auth(self, username: str, password: str) -> dict:
        """USER_PASSWORD_AUTH with SECRET_HASH: the AuthenticationResult."""
        return self.idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH", ClientId=self.client_id,
            AuthParameters={"USERNAME": username, "PASSWORD": password,
                            "SECRET_HASH": self.secret_hash(username)})["AuthenticationResult"]

    def salt_negative(self, username: str) -> bool:
        """Whether the user's SALT is negative (USER_SRP_AUTH's challenge; the session is left unused)."""
        r = self.idp.initiate_auth(
            AuthFlow="USER_SRP_AUTH", ClientId=self.client_id,
            AuthParameters={"USERNAME": username, "SRP_A": "02", "SECRET_HASH": self.secret_hash(username)})
        return r["ChallengeParameters"]["SALT"].startswith("-")

    def until_positive_salt(self, username: str, set_password) -> None:
        """Runs `set_password` (which sets the user's password through the API) until the salt is positive."""
        for _ in range(16):
            set_password()
            if not self.salt_negative(username):
                return
        raise RuntimeError("16 negative salts in a row")

    def pycognito(self, username: str, secret=None) -> Cognito:
        return Cognito(
            self.pool_id, self.client_id, username=username,
            client_secret=self.secret if secret is None else secret,
            boto3_client_kwargs={"endpoint_url": self.endpoint, "region_name": REGION,
                                 "aws_access_key_id": "unused", "aws_secret_access_key": "unused"})

    def pycognito_sign_in(self, name: str, username: str, password: str) -> str | None:
        """Signs in with pycognito (SRP, SECRET_HASH, tokens verified by pycognito); returns the access token."""
        u = self.pycognito(username)
        try:
            u.authenticate(password=password)
        except Exception as e:  # noqa: BLE001
            report(name, error_of(e))
            return None
        claims = u.id_claims or {}
        report(name, None if claims.get("cognito:username") == username else f"id token {claims}")
        return u.access_token

    def pycognito_refused(self, name: str, username: str, password: str) -> None:
        expect_error(name, "NotAuthorizedException",
                     lambda: self.pycognito(username).authenticate(password=password))

    # ---------------------------------------------------------------- control plane
    def control_plane(self) -> None:
        policy = {"MinimumLength": 10, "RequireUppercase": True, "RequireLowercase": True,
                  "RequireNumbers": True, "RequireSymbols": False, "TemporaryPasswordValidityDays": 3}
        r = self.idp.create_user_pool(
            PoolName="interop-boto3", Policies={"PasswordPolicy": policy},
            AutoVerifiedAttributes=["email"],
            Schema=[{"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True}])
        pool = r["UserPool"]
        self.pool_id = pool["Id"]
        report("boto3 CreateUserPool (PasswordPolicy, AutoVerifiedAttributes email) signed with SigV4",
               None if self.pool_id.startswith(f"{REGION}_") and pool["Name"] == "interop-boto3"
               else json.dumps(pool, default=str))

        flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
                 "ALLOW_ADMIN_USER_PASSWORD_AUTH"]
        c = self.idp.create_user_pool_client(
            UserPoolId=self.pool_id, ClientName="with-secret", GenerateSecret=True, ExplicitAuthFlows=flows)
        client = c["UserPoolClient"]
        self.client_id = client["ClientId"]
        self.secret = client.get("ClientSecret")
        report("boto3 CreateUserPoolClient GenerateSecret, ExplicitAuthFlows",
               None if self.secret and sorted(client["ExplicitAuthFlows"]) == sorted(flows)
               else json.dumps(client, default=str))
        js = self.idp.create_user_pool_client(
            UserPoolId=self.pool_id, ClientName="js", GenerateSecret=False,
            ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
        self.js_client_id = js["ClientId"]

        d = self.idp.describe_user_pool(UserPoolId=self.pool_id)["UserPool"]
        got = d.get("Policies", {}).get("PasswordPolicy", {})
        mismatch = {k: (v, got.get(k)) for k, v in policy.items() if got.get(k) != v}
        report("boto3 DescribeUserPool: the password policy and AutoVerifiedAttributes as created",
               None if not mismatch and d.get("AutoVerifiedAttributes") == ["email"]
               else f"policy differences {mismatch}, AutoVerifiedAttributes {d.get('AutoVerifiedAttributes')}")
        dc = self.idp.describe_user_pool_client(UserPoolId=self.pool_id, ClientId=self.client_id)["UserPoolClient"]
        report("boto3 DescribeUserPoolClient: the secret and flows as created",
               None if dc.get("ClientSecret") == self.secret and sorted(dc["ExplicitAuthFlows"]) == sorted(flows)
               and dc.get("ClientName") == "with-secret" else json.dumps(dc, default=str))
        listed = self.idp.list_user_pools(MaxResults=60)["UserPools"]
        clients = self.idp.list_user_pool_clients(UserPoolId=self.pool_id, MaxResults=60)["UserPoolClients"]
        report("boto3 ListUserPools and ListUserPoolClients list them",
               None if any(p["Id"] == self.pool_id for p in listed)
               and {x["ClientId"] for x in clients} == {self.client_id, self.js_client_id}
               else f"pools {[p['Id'] for p in listed]}, clients {clients}")

    # ---------------------------------------------------------------- admin-created users
    def admin_users(self) -> None:
        u = self.idp.admin_create_user(
            UserPoolId=self.pool_id, Username="ada", TemporaryPassword="Temp-Pass-0001",
            UserAttributes=[{"Name": "email", "Value": "ada@example.com"},
                            {"Name": "email_verified", "Value": "true"}],
            MessageAction="SUPPRESS")["User"]
        report("boto3 AdminCreateUser with a TemporaryPassword -> FORCE_CHANGE_PASSWORD",
               None if u["UserStatus"] == "FORCE_CHANGE_PASSWORD" and u["Username"] == "ada" else str(u))
        expect_error("boto3 AdminCreateUser with a password the pool's policy refuses -> InvalidPasswordException",
                     "InvalidPasswordException",
                     lambda: self.idp.admin_create_user(UserPoolId=self.pool_id, Username="short",
                                                        TemporaryPassword="Ab1", MessageAction="SUPPRESS"))
        self.idp.admin_set_user_password(UserPoolId=self.pool_id, Username="ada",
                                         Password="Ada-Pass-0001", Permanent=True)
        g = self.idp.admin_get_user(UserPoolId=self.pool_id, Username="ada")
        report("boto3 AdminSetUserPassword Permanent -> AdminGetUser CONFIRMED",
               None if g["UserStatus"] == "CONFIRMED" else g["UserStatus"])

        # USER_PASSWORD_AUTH (public, SECRET_HASH) and ADMIN_USER_PASSWORD_AUTH (SigV4).
        tokens = {}
        try:
            tokens = self.password_auth("ada", "Ada-Pass-0001")
            report("boto3 initiate_auth USER_PASSWORD_AUTH with SECRET_HASH -> tokens",
                   None if "AccessToken" in tokens and "RefreshToken" in tokens else str(tokens))
        except Exception as e:  # noqa: BLE001
            report("boto3 initiate_auth USER_PASSWORD_AUTH with SECRET_HASH -> tokens", error_of(e))
        expect_error("boto3 initiate_auth USER_PASSWORD_AUTH with a wrong password -> NotAuthorizedException",
                     "NotAuthorizedException",
                     lambda: self.idp.initiate_auth(
                         AuthFlow="USER_PASSWORD_AUTH", ClientId=self.client_id,
                         AuthParameters={"USERNAME": "ada", "PASSWORD": "Ada-Pass-0002",
                                         "SECRET_HASH": self.secret_hash("ada")}))
        try:
            r = self.idp.admin_initiate_auth(
                UserPoolId=self.pool_id, ClientId=self.client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "ada", "PASSWORD": "Ada-Pass-0001",
                                "SECRET_HASH": self.secret_hash("ada")})
            report("boto3 admin_initiate_auth ADMIN_USER_PASSWORD_AUTH -> tokens",
                   None if "IdToken" in r.get("AuthenticationResult", {}) else str(r))
        except Exception as e:  # noqa: BLE001
            report("boto3 admin_initiate_auth ADMIN_USER_PASSWORD_AUTH -> tokens", error_of(e))

        # GetTokensFromRefreshToken takes the client secret itself.
        rt = tokens.get("RefreshToken", "none")
        try:
            r = self.idp.get_tokens_from_refresh_token(RefreshToken=rt, ClientId=self.client_id,
                                                       ClientSecret=self.secret)["AuthenticationResult"]
            report("boto3 get_tokens_from_refresh_token with the ClientSecret -> new tokens",
                   None if r.get("AccessToken") not in (None, tokens.get("AccessToken")) and "IdToken" in r else str(r))
        except Exception as e:  # noqa: BLE001
            report("boto3 get_tokens_from_refresh_token with the ClientSecret -> new tokens", error_of(e))
        expect_error("boto3 get_tokens_from_refresh_token with a wrong ClientSecret -> NotAuthorizedException",
                     "NotAuthorizedException",
                     lambda: self.idp.get_tokens_from_refresh_token(RefreshToken=rt, ClientId=self.client_id,
                                                                    ClientSecret=self.secret + "x"))

        # AdminDisableUser refuses sign-ins and ends the user's refresh tokens; AdminEnableUser lets it back.
        self.idp.admin_disable_user(UserPoolId=self.pool_id, Username="ada")
        expect_error("boto3 AdminDisableUser: USER_PASSWORD_AUTH refused (NotAuthorizedException)",
                     "NotAuthorizedException", lambda: self.password_auth("ada", "Ada-Pass-0001"))
        expect_error("boto3 AdminDisableUser: the refresh token refused (NotAuthorizedException)",
                     "NotAuthorizedException",
                     lambda: self.idp.get_tokens_from_refresh_token(RefreshToken=rt, ClientId=self.client_id,
                                                                    ClientSecret=self.secret))
        self.idp.admin_enable_user(UserPoolId=self.pool_id, Username="ada")
        try:
            report("boto3 AdminEnableUser: USER_PASSWORD_AUTH signs in again",
                   None if "AccessToken" in self.password_auth("ada", "Ada-Pass-0001") else "no tokens")
        except Exception as e:  # noqa: BLE001
            report("boto3 AdminEnableUser: USER_PASSWORD_AUTH signs in again", error_of(e))
        self.idp.admin_reset_user_password(UserPoolId=self.pool_id, Username="ada")
        expect_error("boto3 AdminResetUserPassword: sign-in refused with PasswordResetRequiredException",
                     "PasswordResetRequiredException", lambda: self.password_auth("ada", "Ada-Pass-0001"))

        # AdminCreateUser without a TemporaryPassword: the server makes one and "sends" it; the JS client
        # answers NEW_PASSWORD_REQUIRED with completeNewPasswordChallenge.
        self.idp.admin_create_user(
            UserPoolId=self.pool_id, Username="jo",
            UserAttributes=[{"Name": "email", "Value": "jo@example.com"}],
            DesiredDeliveryMediums=["EMAIL"])
        temporary = self.last_code("jo", "ADMIN_CREATE_USER")
        report("codes endpoint lists AdminCreateUser's temporary password (ADMIN_CREATE_USER)", None)
        js = subprocess.run(
            ["node", os.path.join(HERE, "js_new_password.js"), self.endpoint + "/", self.pool_id,
             self.js_client_id, "jo", temporary, "Jo-New-Pass-0001"],
            capture_output=True, text=True, timeout=60, cwd=HERE)
        lines = [x for x in js.stdout.splitlines() if x.startswith(("ok ", "not ok "))]
        for line in lines:
            if line.startswith("ok "):
                report(line[3:], None)
            else:
                report(line[7:].split(": ", 1)[0], line.split(": ", 1)[1] if ": " in line else "failed")
        if js.returncode != 0 or len(lines) != 3:
            report("js completeNewPasswordChallenge script", f"exit {js.returncode}, {len(lines)} of 3 lines, "
                   f"stderr {js.stderr.strip()[-300:]}")
        g = self.idp.admin_get_user(UserPoolId=self.pool_id, Username="jo")
        report("boto3 AdminGetUser after the JS client set its password: CONFIRMED",
               None if g["UserStatus"] == "CONFIRMED" else g["UserStatus"])

    # ---------------------------------------------------------------- the account lifecycle
    def lifecycle(self) -> None:
        password = "Sam-Pass-0001"
        expect_error("boto3 SignUp with a password the pool's policy refuses -> InvalidPasswordException",
                     "InvalidPasswordException",
                     lambda: self.idp.sign_up(ClientId=self.client_id, Username="sam", Password="alllowercase",
                                              SecretHash=self.secret_hash("sam"),
                                              UserAttributes=[{"Name": "email", "Value": "sam@example.com"}]))
        seen = {}

        def sign_up() -> None:
            if seen:
                self.idp.admin_delete_user(UserPoolId=self.pool_id, Username="sam")
            r = self.idp.sign_up(ClientId=self.client_id, Username="sam", Password=password,
                                 SecretHash=self.secret_hash("sam"),
                                 UserAttributes=[{"Name": "email", "Value": "sam@example.com"}])
            seen["signup"] = r
            if not seen.get("mismatch_checked"):
                seen["mismatch_checked"] = True
                expect_error("boto3 ConfirmSignUp with a wrong code -> CodeMismatchException",
                             "CodeMismatchException",
                             lambda: self.idp.confirm_sign_up(ClientId=self.client_id, Username="sam",
                                                              ConfirmationCode="000000" if self.last_code(
                                                                  "sam", "SIGN_UP") != "000000" else "111111",
                                                              SecretHash=self.secret_hash("sam")))
                g = self.idp.admin_get_user(UserPoolId=self.pool_id, Username="sam")
                seen["status"] = g["UserStatus"]
            self.idp.confirm_sign_up(ClientId=self.client_id, Username="sam",
                                     ConfirmationCode=self.last_code("sam", "SIGN_UP"),
                                     SecretHash=self.secret_hash("sam"))

        self.until_positive_salt("sam", sign_up)
        r = seen["signup"]
        delivery = r.get("CodeDeliveryDetails", {})
        report("boto3 SignUp (SECRET_HASH): UserConfirmed false, code sent by EMAIL, user UNCONFIRMED",
               None if r.get("UserConfirmed") is False and delivery.get("DeliveryMedium") == "EMAIL"
               and delivery.get("AttributeName") == "email" and seen.get("status") == "UNCONFIRMED"
               else f"{r}, status {seen.get('status')}")
        g = self.idp.admin_get_user(UserPoolId=self.pool_id, Username="sam")
        attrs = {a["Name"]: a["Value"] for a in g["UserAttributes"]}
        report("boto3 ConfirmSignUp with the code from the codes endpoint -> CONFIRMED, email_verified",
               None if g["UserStatus"] == "CONFIRMED" and attrs.get("email_verified") == "true"
               else f"{g['UserStatus']} {attrs}")
        self.pycognito_sign_in("pycognito sign-in of the signed-up user (SRP, client secret, tokens verified)",
                               "sam", password)

        # ForgotPassword -> ConfirmForgotPassword.
        new = {"n": 0}

        def reset() -> None:
            new["n"] += 1
            new["pw"] = f"Sam-Reset-{new['n']:04d}"
            r = self.idp.forgot_password(ClientId=self.client_id, Username="sam", SecretHash=self.secret_hash("sam"))
            new["delivery"] = r.get("CodeDeliveryDetails", {})
            self.idp.confirm_forgot_password(ClientId=self.client_id, Username="sam",
                                             ConfirmationCode=self.last_code("sam", "FORGOT_PASSWORD"),
                                             Password=new["pw"], SecretHash=self.secret_hash("sam"))

        self.until_positive_salt("sam", reset)
        report("boto3 ForgotPassword -> ConfirmForgotPassword with the FORGOT_PASSWORD code",
               None if new["delivery"].get("DeliveryMedium") == "EMAIL" else str(new["delivery"]))
        self.pycognito_refused("pycognito: the password before the reset refused", "sam", password)
        access = self.pycognito_sign_in("pycognito: the password set by ConfirmForgotPassword signs in",
                                        "sam", new["pw"])

        # ChangePassword with the access token of that sign-in.
        if access:
            changed = {"from": new["pw"], "n": 0}

            def change() -> None:
                changed["n"] += 1
                to = f"Sam-Change-{changed['n']:04d}"
                token = access if changed["n"] == 1 else self.idp.initiate_auth(
                    AuthFlow="USER_PASSWORD_AUTH", ClientId=self.client_id,
                    AuthParameters={"USERNAME": "sam", "PASSWORD": changed["from"],
                                    "SECRET_HASH": self.secret_hash("sam")})["AuthenticationResult"]["AccessToken"]
                self.idp.change_password(PreviousPassword=changed["from"], ProposedPassword=to, AccessToken=token)
                changed["before"], changed["from"] = changed["from"], to

            expect_error("boto3 ChangePassword with a wrong PreviousPassword -> NotAuthorizedException",
                         "NotAuthorizedException",
                         lambda: self.idp.change_password(PreviousPassword="Not-The-Pass-1",
                                                          ProposedPassword="Sam-Change-9999", AccessToken=access))
            self.until_positive_salt("sam", change)
            report("boto3 ChangePassword", None)
            self.pycognito_refused("pycognito: the password before ChangePassword refused", "sam", changed["before"])
            self.pycognito_sign_in("pycognito: the password set by ChangePassword signs in", "sam", changed["from"])
        else:
            report("boto3 ChangePassword", "no access token")

    # ---------------------------------------------------------------- ListUsers
    def list_users(self) -> None:
        r = self.idp.list_users(UserPoolId=self.pool_id, Filter='email = "sam@example.com"')
        names = [u["Username"] for u in r["Users"]]
        report('boto3 ListUsers Filter email = "sam@example.com"', None if names == ["sam"] else str(names))
        r = self.idp.list_users(UserPoolId=self.pool_id, Filter='username ^= "j"')
        names = [u["Username"] for u in r["Users"]]
        report('boto3 ListUsers Filter username ^= "j"', None if names == ["jo"] else str(names))
        everyone = sorted(u["Username"] for u in self.idp.list_users(UserPoolId=self.pool_id)["Users"])
        report("boto3 ListUsers without a filter", None if everyone == ["ada", "jo", "sam"] else str(everyone))

    # ---------------------------------------------------------------- refusals of the IAM gate
    def gate(self) -> None:
        body = json.dumps({"UserPoolId": self.pool_id, "Username": "ada"}).encode()
        headers = {"Content-Type": "application/x-amz-json-1.1",
                   "X-Amz-Target": "AWSCognitoIdentityProviderService.AdminGetUser"}
        try:
            urllib.request.urlopen(urllib.request.Request(self.endpoint + "/", body, headers), timeout=10)
            report("raw POST AdminGetUser without SigV4 -> MissingAuthenticationTokenException", "accepted")
        except urllib.error.HTTPError as e:
            answer = json.loads(e.read() or b"{}")
            kind = answer.get("__type", "").split("#")[-1]
            report("raw POST AdminGetUser without SigV4 -> MissingAuthenticationTokenException",
                   None if kind == "MissingAuthenticationTokenException" and e.code in (400, 403)
                   else f"HTTP {e.code} {answer}")

        # A correctly signed call with an Origin header (as a browser page would send).
        with_origin = self.client(self.secret_key)

        def add_origin(request, **_):
            request.headers["Origin"] = "http://localhost:3000"

        with_origin.meta.events.register("before-sign.cognito-idp.AdminGetUser", add_origin)
        expect_error("boto3 AdminGetUser (valid SigV4) with an Origin header -> AccessDeniedException",
                     "AccessDeniedException",
                     lambda: with_origin.admin_get_user(UserPoolId=self.pool_id, Username="ada"))
        wrong = self.client(self.secret_key[:-1] + ("A" if self.secret_key[-1] != "A" else "B"))
        expect_error("boto3 with a wrong secret access key -> InvalidSignatureException",
                     "InvalidSignatureException",
                     lambda: wrong.admin_get_user(UserPoolId=self.pool_id, Username="ada"))
        unknown = boto3.client("cognito-idp", endpoint_url=self.endpoint, region_name=REGION,
                               aws_access_key_id="AKIAUNKNOWNUNKNOWN00", aws_secret_access_key=self.secret_key,
                               config=Config(retries={"max_attempts": 1}))
        expect_error("boto3 with an unknown access key id -> UnrecognizedClientException",
                     "UnrecognizedClientException",
                     lambda: unknown.list_user_pools(MaxResults=10))
        # The control plane last: the pool and its clients go.
        self.idp.delete_user_pool_client(UserPoolId=self.pool_id, ClientId=self.js_client_id)
        self.idp.delete_user_pool(UserPoolId=self.pool_id)
        expect_error("boto3 DeleteUserPool, then DescribeUserPool -> ResourceNotFoundException",
                     "ResourceNotFoundException",
                     lambda: self.idp.describe_user_pool(UserPoolId=self.pool_id))


def main() -> None:
    endpoint, key_id, secret_key = sys.argv[1:4]
    c = Checker(endpoint, key_id, secret_key)
    for part in (c.control_plane, c.admin_users, c.lifecycle, c.list_users, c.gate):
        try:
            part()
        except Exception as e:  # noqa: BLE001 - a crash is a failure, and later parts need this one
            report(f"boto3 checks ({part.__name__})", error_of(e))
            break
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
