#!/usr/bin/env bash
# Interoperability checks for cognito-srp, loopback only, bounded in time:
#   1. our `login` (AWS SDK for Rust)        -> ministack (a Cognito emulator that verifies SRP)
#   2. amazon-cognito-identity-js (official) -> our `serve`, including device SRP
#   3. pycognito (through boto3)             -> our `serve`
#   4. our `login`                           -> our `serve`, including --device-file
#   5. boto3 (SigV4 verified against the `[iam]` credentials of `serve`): CreateUserPool, app clients,
#      AdminCreateUser, SignUp/ConfirmSignUp, ForgotPassword, ChangePassword, USER_PASSWORD_AUTH,
#      ListUsers, the IAM gate's refusals; the users it makes signed in by pycognito and by
#      amazon-cognito-identity-js (NEW_PASSWORD_REQUIRED)  -> our `serve`
#   6. Amplify JS v6 in Node (userPoolEndpoint)        -> our `serve`: sign-up, SRP sign-in with a
#      remembered device, password reset and change, email MFA set up at sign-in
#   7. aws-jwt-verify                                   -> our `serve`'s tokens, keys from each pool's
#      openid-configuration jwks_uri, one pool's tokens refused by another's verifier
# Pinned versions: scripts/interop/package.json + package-lock.json (npm),
# scripts/interop/requirements.txt (PyPI). They are installed into scripts/interop/node_modules and
# scripts/interop/.venv (both git-ignored) and reused while the pins do not change.
# Prints one line per check and a final "N passed, M failed"; exits non-zero on any failure. Each helper
# (2, 3, 5, 6, 7) has a fixed number of checks: fewer "ok" lines than that (a crash, a time-out) is a
# failure too.
set -u
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IO="$ROOT/scripts/interop"
# INTEROP_PROFILE=dev reuses the debug build that `cargo test` makes (CI does); release by default.
PROFILE="${INTEROP_PROFILE:-release}"
case "$PROFILE" in
	release) BUILD_FLAGS=(--release) BIN="$ROOT/target/release/cognito-srp" ;;
	dev) BUILD_FLAGS=() BIN="$ROOT/target/debug/cognito-srp" ;;
	*) echo "interop: INTEROP_PROFILE must be release or dev" >&2; exit 2 ;;
esac
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cognito-srp-interop.XXXXXX")
START=$SECONDS
PASSED=0
FAILED=0
PIDS=()

# Loopback only: no proxies, no instance metadata, no host AWS configuration.
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE="$WORK/aws-config" AWS_SHARED_CREDENTIALS_FILE="$WORK/aws-credentials"
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN COGNITO_CLIENT_SECRET

cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

pass() {
	PASSED=$((PASSED + 1))
	echo "PASS $1"
}
fail() {
	FAILED=$((FAILED + 1))
	echo "FAIL $1${2:+: $2}"
}
# check NAME CONDITION-RESULT DETAIL
check() {
	if [ "$2" = 0 ]; then pass "$1"; else fail "$1" "${3:-}"; fi
}
# relay PREFIX EXPECTED EXIT STDERR-FILE < HELPER-OUTPUT
# Re-prints a helper's "ok NAME" / "not ok NAME: why" lines as checks, then one check that it printed
# exactly EXPECTED "ok" lines, no "not ok" line, and exited 0: a helper that stops early (a crash, a
# time-out) fails even after some PASS lines.
relay() {
	local prefix=$1 expected=$2 rc=$3 errors=$4 line oks=0 bad=0
	while IFS= read -r line; do
		case "$line" in
		"ok "*) pass "$prefix${line#ok }"; oks=$((oks + 1)) ;;
		"not ok "*) fail "$prefix${line#not ok }"; bad=$((bad + 1)) ;;
		esac
	done
	check "${prefix}all $expected checks ran and passed" "$([ "$oks" = "$expected" ] && [ "$bad" = 0 ] && [ "$rc" = 0 ] && echo 0 || echo 1)" \
		"$oks ok, $bad not ok, exit $rc: $(tail -3 "$errors" 2>/dev/null | tr '\n' ' ')"
}
hash_of() { sha256sum "$@" 2>/dev/null | sha256sum | cut -c1-16; }
elapsed() { echo "$((SECONDS - START))s"; }

# ------------------------------------------------------------------ installs, in parallel with the build
echo "interop: building cognito-srp and installing pinned clients (logs in $WORK)" >&2
(cd "$ROOT" && timeout 1500 cargo build "${BUILD_FLAGS[@]}" -p cognito-srp-cli) >"$WORK/build.log" 2>&1 &
BUILD_PID=$!

install_python() {
	local stamp
	stamp=$(hash_of "$IO/requirements.txt")
	if [ -x "$IO/.venv/bin/python" ] && [ "$(cat "$IO/.venv/.stamp" 2>/dev/null)" = "$stamp" ]; then
		return 0
	fi
	rm -rf "$IO/.venv"
	python3 -m venv "$IO/.venv" &&
		timeout 600 "$IO/.venv/bin/pip" install --disable-pip-version-check -q -r "$IO/requirements.txt" &&
		echo "$stamp" >"$IO/.venv/.stamp"
}
install_node() {
	local stamp
	stamp=$(hash_of "$IO/package.json" "$IO/package-lock.json")
	if [ -d "$IO/node_modules/amazon-cognito-identity-js" ] && [ "$(cat "$IO/node_modules/.stamp" 2>/dev/null)" = "$stamp" ]; then
		return 0
	fi
	(cd "$IO" && timeout 600 npm ci --no-audit --no-fund --loglevel=error) &&
		echo "$stamp" >"$IO/node_modules/.stamp"
}
install_python >"$WORK/pip.log" 2>&1 &
PIP_PID=$!
install_node >"$WORK/npm.log" 2>&1 &
NPM_PID=$!

wait "$BUILD_PID"
BUILD_OK=$?
check "setup: cargo build ${BUILD_FLAGS[*]} -p cognito-srp-cli ($(elapsed))" "$BUILD_OK" "$(tail -5 "$WORK/build.log" | tr '\n' ' ')"
wait "$NPM_PID"
NPM_OK=$?
check "setup: npm ci ($(sed -n 's/^ *"\(amazon-cognito-identity-js\|aws-amplify\|aws-jwt-verify\)": "\(.*\)".*/\1 \2/p' "$IO/package.json" | tr '\n' ' ' | sed 's/ $//')) ($(elapsed))" "$NPM_OK" "$(tail -3 "$WORK/npm.log" | tr '\n' ' ')"
wait "$PIP_PID"
PIP_OK=$?
check "setup: pip install -r requirements.txt ($(grep -E '^(ministack|pycognito|boto3)==' "$IO/requirements.txt" | tr '\n' ' '| sed 's/ $//')) ($(elapsed))" "$PIP_OK" "$(tail -3 "$WORK/pip.log" | tr '\n' ' ')"
PY="$IO/.venv/bin/python"

if [ "$BUILD_OK" != 0 ]; then
	fail "all checks" "no cognito-srp binary"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi

# ------------------------------------------------------------------ our server
PW_DANA='Dana-Pass-123!'
PW_ERIN='Erin-Pass-123!'
PW_FRANK='Frank-Pass-123!'
INTEROP_TOTP_SECRET=KRSXG5DTMVRXEZLUKN2XAZLSKNSWG4TFOQ
PW_JESS='Jess-Pass-123!'
# Check 5: admin and control-plane calls are verified against these (boto3 signs with them).
IAM_KEY_ID=AKIAINTEROPEXAMPLE01
IAM_SECRET='interop/Secret+Key/0123456789abcdefghijklm'
cat >"$WORK/serve.toml" <<EOF
[iam]
access_key_id = "$IAM_KEY_ID"
secret_access_key = "$IAM_SECRET"

# Check 2: the JS client; device tracking "user opt-in" makes it call UpdateDeviceStatus too.
# Every salt negative (sent as "-" + magnitude, as Cognito does for half of its salts).
[[pools]]
id = "us-east-1_InteropJs1"
device_tracking = "user_opt_in"
mfa = "optional"
salt_sign = "negative"
[[pools.clients]]
id = "js-client"
[[pools.users]]
username = "dana"
password = "$PW_DANA"
attributes = { email = "dana@example.com" }
[[pools.users]]
username = "hank"
password = "$PW_DANA"
status = "FORCE_CHANGE_PASSWORD"
[[pools.users]]
username = "ivy"
password = "$PW_DANA"
mfa = ["SOFTWARE_TOKEN_MFA"]
totp_secret = "$INTEROP_TOTP_SECRET"
[[pools.users]]
username = "sid"
password = "$PW_DANA"
mfa = ["SMS_MFA"]
attributes = { phone_number = "+15550123" }

# Check 3: pycognito, which cannot parse a negative SALT (a pycognito bug): this pool draws only
# positive salts.
[[pools]]
id = "us-east-1_InteropPy1"
salt_sign = "positive"
mfa = "optional"
[[pools.clients]]
id = "py-client"
[[pools.clients]]
id = "py-secret"
secret = "py-client-secret-0123456789"
[[pools.users]]
username = "erin"
password = "$PW_ERIN"
[[pools.users]]
username = "pat"
password = "$PW_ERIN"
mfa = ["SOFTWARE_TOKEN_MFA"]
totp_secret = "$INTEROP_TOTP_SECRET"

# Check 4: our own client, with negative salts.
[[pools]]
id = "us-east-1_InteropRs1"
salt_sign = "negative"
alias_attributes = ["email"]
[[pools.clients]]
id = "rs-client"
[[pools.clients]]
id = "rs-secret"
secret = "rs-client-secret-0123456789"
[[pools.users]]
username = "frank"
password = "$PW_FRANK"
attributes = { email = "frank@example.com" }
[[pools.users]]
username = "grace"
password = "$PW_FRANK"
status = "FORCE_CHANGE_PASSWORD"

# Check 6: Amplify. Users sign up; the first pool remembers devices (Amplify confirms them), the
# second has MFA on with TOTP and EMAIL_OTP offered and no device tracking (a remembered device would
# skip MFA).
[[pools]]
id = "us-east-1_InteropAmp1"
auto_verified_attributes = ["email"]
[[pools.clients]]
id = "amp-client"

[[pools]]
id = "us-east-1_InteropAmp2"
mfa = "on"
mfa_methods = ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]
auto_verified_attributes = ["email"]
device_tracking = "off"
[[pools.clients]]
id = "amp-mfa-client"

# Check 7: aws-jwt-verify. The same username in two pools, whose tokens must not cross.
[[pools]]
id = "us-east-1_InteropJwt1"
[[pools.clients]]
id = "jwt-client-1"
[[pools.users]]
username = "jess"
password = "$PW_JESS"

[[pools]]
id = "us-east-1_InteropJwt2"
[[pools.clients]]
id = "jwt-client-2"
[[pools.users]]
username = "jess"
password = "$PW_JESS"
EOF

"$BIN" serve --listen 127.0.0.1:0 --config "$WORK/serve.toml" >"$WORK/serve.out" 2>"$WORK/serve.log" &
PIDS+=($!)
URL=""
for _ in $(seq 1 300); do
	URL=$(sed -n 's/^listening on //p' "$WORK/serve.out" 2>/dev/null | head -1)
	[ -n "$URL" ] && break
	sleep 0.1
done
check "serve: cognito-srp serve listening on loopback (${URL:-none})" "$([ -n "$URL" ] && echo 0 || echo 1)" "$(tail -3 "$WORK/serve.log" | tr '\n' ' ')"
device_verified() { grep -c "step=DEVICE_PASSWORD_VERIFIER client=$1 .*verified=device outcome=tokens" "$WORK/serve.log"; }

# login ARGS... (password on stdin from $LOGIN_PW); sets RC, OUT, ERR
login() {
	printf '%s\n' "$LOGIN_PW" | timeout 60 "$BIN" login --password-stdin "$@" >"$WORK/out" 2>"$WORK/err"
	RC=$?
	OUT=$(cat "$WORK/out")
	ERR=$(tr '\n' ' ' <"$WORK/err")
}
has_tokens() { grep -q '"AccessToken"' "$WORK/out" && grep -q '"IdToken"' "$WORK/out" && grep -q '"RefreshToken"' "$WORK/out"; }

# ------------------------------------------------------------------ 4. our login -> our serve
if [ -n "$URL" ]; then
	RS=(--pool-id us-east-1_InteropRs1 --endpoint "$URL")
	LOGIN_PW=$PW_FRANK login "${RS[@]}" --client-id rs-client --username frank
	check "ours->ours: login with the right password returns tokens" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
	RT=$(sed -n 's/^ *"RefreshToken": "\(.*\)",\{0,1\}$/\1/p' "$WORK/out")
	printf '%s\n' "$RT" | timeout 60 "$BIN" refresh "${RS[@]}" --client-id rs-client --output id-token >"$WORK/out" 2>"$WORK/err"
	RC=$?
	check "ours->ours: refresh (REFRESH_TOKEN_AUTH from stdin) --output id-token prints one JWT" "$([ $RC = 0 ] && [ "$(wc -l <"$WORK/out")" = 1 ] && grep -Eq '^[^.]+\.[^.]+\.[^.]+$' "$WORK/out" && echo 0 || echo 1)" "exit $RC: $(tr '\n' ' ' <"$WORK/err")"
	LOGIN_PW=wrong-password login "${RS[@]}" --client-id rs-client --username frank
	check "ours->ours: wrong password -> exit 3, NotAuthorizedException" "$([ $RC = 3 ] && [[ $ERR == *"NotAuthorizedException: Incorrect username or password."* ]] && echo 0 || echo 1)" "exit $RC: $ERR"
	LOGIN_PW=$PW_FRANK login "${RS[@]}" --client-id rs-client --username nobody
	check "ours->ours: unknown user -> NotAuthorizedException (user existence not revealed)" "$([ $RC = 3 ] && [[ $ERR == *NotAuthorizedException* ]] && echo 0 || echo 1)" "exit $RC: $ERR"
	LOGIN_PW=$PW_FRANK login "${RS[@]}" --client-id rs-client --username frank@example.com
	check "ours->ours: sign-in by email alias (USER_ID_FOR_SRP)" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
	LOGIN_PW=$PW_FRANK login "${RS[@]}" --client-id rs-secret --client-secret rs-client-secret-0123456789 --username frank
	check "ours->ours: client secret (SECRET_HASH)" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
	LOGIN_PW=$PW_FRANK login "${RS[@]}" --client-id rs-secret --username frank
	check "ours->ours: secret client without SECRET_HASH refused" "$([ $RC = 3 ] && [[ $ERR == *NotAuthorizedException* ]] && echo 0 || echo 1)" "exit $RC: $ERR"
	LOGIN_PW=$PW_FRANK login "${RS[@]}" --client-id rs-client --username frank --auth-flow user-auth
	check "ours->ours: USER_AUTH with PREFERRED_CHALLENGE PASSWORD_SRP" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
	LOGIN_PW=$PW_FRANK login "${RS[@]}" --client-id rs-client --username frank --auth-flow custom-auth
	check "ours->ours: CUSTOM_AUTH starting with SRP_A" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
	LOGIN_PW=$PW_FRANK login "${RS[@]}" --client-id rs-client --username grace
	check "ours->ours: NEW_PASSWORD_REQUIRED without a terminal or --new-password-stdin -> exit 4 naming the option" "$([ $RC = 4 ] && [[ $ERR == *NEW_PASSWORD_REQUIRED* ]] && [[ $ERR == *--new-password-stdin* ]] && echo 0 || echo 1)" "exit $RC: $ERR"
	LOGIN_PW="$PW_FRANK"$'\n'"Grace-Pass-456!" login "${RS[@]}" --client-id rs-client --username grace --new-password-stdin
	check "ours->ours: NEW_PASSWORD_REQUIRED answered (--new-password-stdin) -> tokens" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
	LOGIN_PW='Grace-Pass-456!' login "${RS[@]}" --client-id rs-client --username grace
	check "ours->ours: the new password then signs in with SRP" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
	DEV="$WORK/device.json"
	LOGIN_PW=$PW_FRANK login "${RS[@]}" --client-id rs-client --username frank --device-file "$DEV"
	MODE=$(stat -c %a "$DEV" 2>/dev/null)
	check "ours->ours: --device-file first sign-in confirms the device (file mode $MODE)" "$([ $RC = 0 ] && has_tokens && grep -q NewDeviceMetadata "$WORK/out" && [ "$MODE" = 600 ] && echo 0 || echo 1)" "exit $RC: $ERR"
	BEFORE=$(device_verified rs-client)
	LOGIN_PW=$PW_FRANK login "${RS[@]}" --client-id rs-client --username frank --device-file "$DEV"
	AFTER=$(device_verified rs-client)
	check "ours->ours: --device-file second sign-in goes through DEVICE_SRP_AUTH (server verified the device)" "$([ $RC = 0 ] && has_tokens && [[ $ERR == *"device SRP"* ]] && [ "$AFTER" -gt "$BEFORE" ] && echo 0 || echo 1)" "exit $RC, server device verifications $BEFORE -> $AFTER: $ERR"
	LOGIN_PW=wrong-password login "${RS[@]}" --client-id rs-client --username frank --device-file "$DEV"
	check "ours->ours: --device-file with a wrong password still refused" "$([ $RC = 3 ] && [[ $ERR == *NotAuthorizedException* ]] && echo 0 || echo 1)" "exit $RC: $ERR"
fi

# ------------------------------------------------------------------ 2. amazon-cognito-identity-js -> our serve
if [ -n "$URL" ] && [ "$NPM_OK" = 0 ]; then
	BEFORE=$(device_verified js-client)
	(cd "$IO" && timeout 120 node js_check.js "$URL/" us-east-1_InteropJs1 js-client dana "$PW_DANA" hank "$PW_DANA" ivy "$INTEROP_TOTP_SECRET" sid) >"$WORK/js.out" 2>"$WORK/js.err"
	relay "js->ours: " 13 $? "$WORK/js.err" <"$WORK/js.out"
	AFTER=$(device_verified js-client)
	check "js->ours: server log shows the JS client's DEVICE_PASSWORD_VERIFIER verified" "$([ "$AFTER" -gt "$BEFORE" ] && echo 0 || echo 1)" "server device verifications $BEFORE -> $AFTER"
else
	fail "js->ours: amazon-cognito-identity-js checks" "not run (no server or npm install failed)"
fi

# ------------------------------------------------------------------ 3. pycognito -> our serve
if [ -n "$URL" ] && [ "$PIP_OK" = 0 ]; then
	timeout 120 "$PY" "$IO/pycognito_check.py" "$URL" us-east-1_InteropPy1 py-client erin "$PW_ERIN" py-secret py-client-secret-0123456789 pat "$INTEROP_TOTP_SECRET" >"$WORK/py.out" 2>"$WORK/py.err"
	relay "pycognito->ours: " 5 $? "$WORK/py.err" <"$WORK/py.out"
else
	fail "pycognito->ours: checks" "not run (no server or pip install failed)"
fi

# ------------------------------------------------------------------ 5. boto3 (+ pycognito, JS) -> our serve
if [ -n "$URL" ] && [ "$PIP_OK" = 0 ] && [ "$NPM_OK" = 0 ]; then
	timeout 180 "$PY" "$IO/boto3_check.py" "$URL" "$IAM_KEY_ID" "$IAM_SECRET" >"$WORK/boto3.out" 2>"$WORK/boto3.err"
	relay "boto3->ours: " 42 $? "$WORK/boto3.err" <"$WORK/boto3.out"
else
	fail "boto3->ours: checks" "not run (no server, or pip or npm install failed)"
fi

# ------------------------------------------------------------------ 6. Amplify JS v6 -> our serve
if [ -n "$URL" ] && [ "$NPM_OK" = 0 ]; then
	BEFORE=$(device_verified amp-client)
	(cd "$IO" && timeout 150 node amplify_check.mjs "$URL" us-east-1_InteropAmp1 amp-client us-east-1_InteropAmp2 amp-mfa-client) >"$WORK/amplify.out" 2>"$WORK/amplify.err"
	relay "amplify->ours: " 25 $? "$WORK/amplify.err" <"$WORK/amplify.out"
	AFTER=$(device_verified amp-client)
	check "amplify->ours: server log shows Amplify's DEVICE_PASSWORD_VERIFIER verified" "$([ "$AFTER" -gt "$BEFORE" ] && echo 0 || echo 1)" "server device verifications $BEFORE -> $AFTER"
else
	fail "amplify->ours: checks" "not run (no server or npm install failed)"
fi

# ------------------------------------------------------------------ 7. aws-jwt-verify -> our serve's tokens
if [ -n "$URL" ] && [ "$NPM_OK" = 0 ]; then
	(cd "$IO" && timeout 60 node jwt_check.mjs "$URL" us-east-1_InteropJwt1 jwt-client-1 us-east-1_InteropJwt2 jwt-client-2 jess "$PW_JESS") >"$WORK/jwt.out" 2>"$WORK/jwt.err"
	relay "aws-jwt-verify->ours: " 10 $? "$WORK/jwt.err" <"$WORK/jwt.out"
else
	fail "aws-jwt-verify->ours: checks" "not run (no server or npm install failed)"
fi

# ------------------------------------------------------------------ 1. our login -> ministack
if [ "$PIP_OK" = 0 ]; then
	# AUTH=true makes ministack check SECRET_HASH (and SigV4 on its admin API: the setup script signs
	# with its root key "test"). A port picked free can be taken meanwhile: up to three tries.
	UP=1
	for _ in 1 2 3; do
		MS_PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		MS="http://127.0.0.1:$MS_PORT"
		(cd "$WORK" && AUTH=true BIND_HOST=127.0.0.1 GATEWAY_PORT=$MS_PORT IOT_MTLS_ENABLED=0 exec "$PY" -m ministack) >"$WORK/ministack.log" 2>&1 &
		MS_PID=$!
		PIDS+=("$MS_PID")
		for _ in $(seq 1 120); do
			if curl -s -o /dev/null --max-time 2 "$MS/_ministack/health"; then UP=0; break; fi
			kill -0 "$MS_PID" 2>/dev/null || break
			sleep 0.25
		done
		[ "$UP" = 0 ] && break
		kill "$MS_PID" 2>/dev/null
	done
	check "ministack: $("$PY" -c 'import importlib.metadata as m; print("ministack", m.version("ministack"))') listening on loopback (AUTH=true: SECRET_HASH enforced)" "$UP" "$(tail -3 "$WORK/ministack.log" | tr '\n' ' ')"
	if [ "$UP" = 0 ] && timeout 60 "$PY" "$IO/ministack_setup.py" "$MS" "$PW_FRANK" >"$WORK/ms.json" 2>"$WORK/ms.err"; then
		field() { "$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$WORK/ms.json" "$1"; }
		MS_POOL=$(field pool_id)
		MS_CLIENT=$(field client_id)
		MS_SCLIENT=$(field secret_client_id)
		MS_SECRET=$(field client_secret)
		pass "ministack: pool $MS_POOL, clients and users created through its AWS API"
		MSA=(--pool-id "$MS_POOL" --endpoint "$MS")
		LOGIN_PW=$PW_FRANK login "${MSA[@]}" --client-id "$MS_CLIENT" --username bob
		check "ours->ministack: login with the right password returns tokens" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
		LOGIN_PW=wrong-password login "${MSA[@]}" --client-id "$MS_CLIENT" --username bob
		check "ours->ministack: wrong password -> exit 3, NotAuthorizedException" "$([ $RC = 3 ] && [[ $ERR == *"NotAuthorizedException: Incorrect username or password."* ]] && echo 0 || echo 1)" "exit $RC: $ERR"
		LOGIN_PW=$PW_FRANK login "${MSA[@]}" --client-id "$MS_SCLIENT" --client-secret "$MS_SECRET" --username bob
		check "ours->ministack: client secret (SECRET_HASH)" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
		LOGIN_PW=$PW_FRANK login "${MSA[@]}" --client-id "$MS_SCLIENT" --client-secret "not-the-secret" --username bob
		check "ours->ministack: wrong client secret refused" "$([ $RC = 3 ] && [[ $ERR == *NotAuthorizedException* ]] && echo 0 || echo 1)" "exit $RC: $ERR"
		LOGIN_PW=wrong-password login "${MSA[@]}" --client-id "$MS_SCLIENT" --client-secret "$MS_SECRET" --username bob
		check "ours->ministack: client secret, wrong password refused" "$([ $RC = 3 ] && [[ $ERR == *"Incorrect username or password."* ]] && echo 0 || echo 1)" "exit $RC: $ERR"
		LOGIN_PW=$PW_FRANK login "${MSA[@]}" --client-id "$MS_CLIENT" --username carol
		check "ours->ministack: NEW_PASSWORD_REQUIRED without --new-password-stdin -> exit 4" "$([ $RC = 4 ] && [[ $ERR == *NEW_PASSWORD_REQUIRED* ]] && echo 0 || echo 1)" "exit $RC: $ERR"
		LOGIN_PW="$PW_FRANK"$'\n'"Carol-Pass-456!" login "${MSA[@]}" --client-id "$MS_CLIENT" --username carol --new-password-stdin
		check "ours->ministack: NEW_PASSWORD_REQUIRED answered (--new-password-stdin) -> tokens" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
		LOGIN_PW='Carol-Pass-456!' login "${MSA[@]}" --client-id "$MS_CLIENT" --username carol
		check "ours->ministack: the new password then signs in with SRP" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
		MFA=(--pool-id "$(field mfa_pool_id)" --client-id "$(field mfa_client_id)" --endpoint "$MS" --username "$(field mfa_user)")
		TOTP_SECRET=$(field totp_secret)
		LOGIN_PW=$PW_FRANK login "${MFA[@]}"
		check "ours->ministack: SOFTWARE_TOKEN_MFA without a code source -> exit 4 naming --mfa-code-stdin" "$([ $RC = 4 ] && [[ $ERR == *SOFTWARE_TOKEN_MFA* ]] && [[ $ERR == *--mfa-code-stdin* ]] && echo 0 || echo 1)" "exit $RC: $ERR"
		LOGIN_PW="$PW_FRANK"$'\n'"$("$PY" "$IO/ministack_setup.py" --totp "$TOTP_SECRET")" login "${MFA[@]}" --mfa-code-stdin
		check "ours->ministack: SOFTWARE_TOKEN_MFA answered (--mfa-code-stdin, code from the enrolled secret) -> tokens" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
		TOTP_SECRET=$TOTP_SECRET LOGIN_PW=$PW_FRANK login "${MFA[@]}" --totp-secret-env TOTP_SECRET
		check "ours->ministack: SOFTWARE_TOKEN_MFA answered with --totp-secret-env (code computed by login) -> tokens" "$([ $RC = 0 ] && has_tokens && echo 0 || echo 1)" "exit $RC: $ERR"
		LOGIN_PW="$PW_FRANK"$'\n'"000000" login "${MFA[@]}" --mfa-code-stdin
		check "ours->ministack: SOFTWARE_TOKEN_MFA with a wrong code -> exit 3, CodeMismatchException" "$([ $RC = 3 ] && [[ $ERR == *CodeMismatchException* ]] && echo 0 || echo 1)" "exit $RC: $ERR"
	else
		fail "ministack: create pool, clients and users" "$(tail -3 "$WORK/ms.err" 2>/dev/null | tr '\n' ' ')"
	fi
else
	fail "ours->ministack: checks" "not run (pip install failed)"
fi

echo "interop: took $(elapsed)" >&2
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
