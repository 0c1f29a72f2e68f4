//! The configuration: pools, app clients and users, from JSON or TOML, or built in code.
//!
//! Passwords are read once, turned into SRP verifiers by [`crate::Server::new`], and dropped; a file's
//! text is zeroized after parsing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use zeroize::Zeroizing;

/// The whole file.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// User pools.
    pub pools: Vec<PoolConfig>,
    /// Lifetime of ID and access tokens, seconds (Cognito's default: 3600).
    #[serde(default = "default_token_validity")]
    pub token_validity_seconds: i64,
    /// How far a `TIMESTAMP` may be from the server's clock, seconds.
    #[serde(default = "default_clock_skew")]
    pub clock_skew_seconds: i64,
    /// How long a challenge `Session` stays valid, seconds (Cognito's default: 180).
    #[serde(default = "default_session_validity")]
    pub session_validity_seconds: i64,
    /// Token issuer prefix; the pool id is appended. Default: `http://ADDRESS` the server listens on,
    /// so `{iss}/.well-known/jwks.json` is served by the server itself.
    #[serde(default)]
    pub issuer_base: Option<String>,
    /// Locking a sign-in name after failed passwords, as Cognito does.
    #[serde(default)]
    pub lockout: LockoutConfig,
    /// The access key and secret that SigV4 signatures of admin and control-plane operations are
    /// verified against. Without them any well-formed SigV4 `Authorization` header is accepted, as
    /// other emulators do.
    #[serde(default)]
    pub iam: Option<crate::sigv4::IamCredentials>,
    /// The region of pools created through CreateUserPool (their ids are `{region}_{suffix}`).
    /// Default `us-east-1`.
    #[serde(default = "default_region")]
    pub region: String,
    /// The state file (SQLite): pools, clients, users, devices, MFA secrets, refresh tokens and signing
    /// keys are kept there, each change committed before its answer is sent, and read back at start
    /// (the file's pools win over this configuration's pools of the same id). Created with mode 0600
    /// when missing; a file that is not a cognito-srp state file, is damaged, or was written by a newer
    /// version is refused and left unchanged. `None` (the default): everything stays in memory.
    #[serde(default)]
    pub state_file: Option<std::path::PathBuf>,
}

fn default_region() -> String {
    "us-east-1".to_owned()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            pools: Vec::new(),
            token_validity_seconds: default_token_validity(),
            clock_skew_seconds: default_clock_skew(),
            session_validity_seconds: default_session_validity(),
            issuer_base: None,
            lockout: LockoutConfig::default(),
            iam: None,
            region: default_region(),
            state_file: None,
        }
    }
}

fn default_token_validity() -> i64 {
    3600
}
fn default_clock_skew() -> i64 {
    300
}
fn default_session_validity() -> i64 {
    180
}

/// Cognito's lockout after failed passwords (see [`crate::lockout`]): after `free_attempts` wrong
/// passwords for one sign-in name, answers for it are refused with `NotAuthorizedException: Password
/// attempts exceeded` for `first_lock_seconds`, then twice as long after each further wrong password, up
/// to `max_lock_seconds`. The defaults are Cognito's documented numbers.
#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct LockoutConfig {
    /// `false` turns the lockout off: wrong passwords are never counted.
    pub enabled: bool,
    /// Wrong passwords in a row that lock the name for the first time (at least 1; default 5).
    pub free_attempts: u32,
    /// The first lock, seconds (default 1).
    pub first_lock_seconds: u64,
    /// The longest lock, seconds (default 900).
    pub max_lock_seconds: u64,
    /// A name with no answer for this long and no lock in force starts again from no failures, seconds
    /// (default 900, Cognito's 15 minutes).
    pub forget_after_seconds: u64,
    /// Names tracked at most (at least 1; default 10,000); see [`crate::lockout`] for which go first when
    /// the table is full.
    pub max_tracked: usize,
}

impl Default for LockoutConfig {
    fn default() -> Self {
        LockoutConfig {
            enabled: true,
            free_attempts: 5,
            first_lock_seconds: 1,
            max_lock_seconds: 900,
            forget_after_seconds: 900,
            max_tracked: 10_000,
        }
    }
}

/// Device tracking, as the pool's `DeviceConfiguration` sets it.
#[derive(Deserialize, serde::Serialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum DeviceTracking {
    /// No `NewDeviceMetadata`, no device challenges.
    Off,
    /// `ChallengeRequiredOnNewDevice`-style "always": devices are remembered when confirmed.
    #[default]
    Always,
    /// "User opt-in": ConfirmDevice answers `UserConfirmationNecessary: true`; the client then calls
    /// UpdateDeviceStatus.
    UserOptIn,
}

/// Which salts a pool draws.
#[derive(Deserialize, serde::Serialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum SaltSign {
    /// Random sign, as Cognito.
    #[default]
    Any,
    /// First byte's top bit clear.
    Positive,
    /// First byte's top bit set.
    Negative,
}

impl SaltSign {
    /// Whether a salt of this sign is acceptable.
    pub fn accepts(self, negative: bool) -> bool {
        match self {
            SaltSign::Any => true,
            SaltSign::Positive => !negative,
            SaltSign::Negative => negative,
        }
    }
}

/// MFA, as the pool's `MfaConfiguration` sets it.
#[derive(Deserialize, serde::Serialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum MfaMode {
    /// `OFF`: no MFA challenges.
    #[default]
    Off,
    /// `OPTIONAL`: users with an MFA method enabled are challenged.
    Optional,
    /// `ON`: every user is challenged; a user with no method gets `MFA_SETUP`.
    On,
}

/// One user pool.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PoolConfig {
    /// `REGION_NAME`, e.g. `us-east-1_Example12`.
    pub id: String,
    /// App clients.
    pub clients: Vec<ClientConfig>,
    /// Users.
    #[serde(default)]
    pub users: Vec<UserConfig>,
    /// Device tracking.
    #[serde(default)]
    pub device_tracking: DeviceTracking,
    /// The default of the pool's app clients for [`ClientConfig::prevent_user_existence_errors`].
    #[serde(default = "yes")]
    pub prevent_user_existence_errors: bool,
    /// Attributes that sign in as aliases of the username (`email`). `USER_ID_FOR_SRP` is then the
    /// username, whatever the user typed.
    #[serde(default)]
    pub alias_attributes: Vec<String>,
    /// The sign of the salts drawn for users. Cognito's salts are signed and about half are negative
    /// (sent as `-` + magnitude). `any` does the same; `negative` makes every salt take that path (a test of
    /// a client's parsing); `positive` avoids it, for pycognito, which cannot parse a negative salt.
    #[serde(default)]
    pub salt_sign: SaltSign,
    /// Attributes every user must have (`name`, `phone_number`, …): a user asked for a new password
    /// (`NEW_PASSWORD_REQUIRED`) is asked for those it lacks in `requiredAttributes`.
    #[serde(default)]
    pub required_attributes: Vec<String>,
    /// MFA: `off` (default), `optional` or `on`.
    #[serde(default)]
    pub mfa: MfaMode,
    /// The MFA methods the pool offers, from `SOFTWARE_TOKEN_MFA`, `SMS_MFA`, `EMAIL_OTP`. Default: all.
    #[serde(default)]
    pub mfa_methods: Option<Vec<String>>,
    /// The pool's name (CreateUserPool's `PoolName`). Default: the id.
    #[serde(default)]
    pub name: Option<String>,
    /// The rules every password a user chooses must meet (Cognito's `PasswordPolicy`; the default is
    /// Cognito's). Passwords given in this configuration are not checked.
    #[serde(default)]
    pub password_policy: crate::policy::PasswordPolicy,
    /// Attributes users sign up and sign in with instead of a username (`email`, `phone_number`):
    /// SignUp's `Username` is then such a value, and the user's username is a new UUID (its `sub`).
    #[serde(default)]
    pub username_attributes: Vec<String>,
    /// Attributes verified by sending a code (`email`, `phone_number`): SignUp sends its confirmation
    /// code to the first of them the user has. With none, a new user stays `UNCONFIRMED` until an
    /// administrator confirms it (AdminConfirmSignUp), as in Cognito.
    #[serde(default)]
    pub auto_verified_attributes: Vec<String>,
    /// Users the pool holds at most: SignUp and AdminCreateUser past it are refused with
    /// `LimitExceededException`, so a flood of sign-ups cannot grow the server without bound. Default
    /// 50,000.
    #[serde(default = "default_max_users")]
    pub max_users: usize,
}

fn default_max_users() -> usize {
    50_000
}

fn yes() -> bool {
    true
}

/// One app client. Its `Debug` form does not show the secret.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// `ClientId`.
    pub id: String,
    /// Client secret: `SECRET_HASH` is then required on every call.
    #[serde(default)]
    pub secret: Option<String>,
    /// Enabled flows, from `USER_SRP_AUTH`, `CUSTOM_AUTH`, `USER_AUTH`, `REFRESH_TOKEN_AUTH`. Default: all.
    #[serde(default)]
    pub auth_flows: Option<Vec<String>>,
    /// Cognito's `PreventUserExistenceErrors` (`true` = `ENABLED`): unknown users, unknown aliases and
    /// disabled or unconfirmed users get the same answers as a wrong password, revealed only after a
    /// correct proof. Default: the pool's `prevent_user_existence_errors`.
    #[serde(default)]
    pub prevent_user_existence_errors: Option<bool>,
    /// The client's name (CreateUserPoolClient's `ClientName`). Default: the id.
    #[serde(default)]
    pub name: Option<String>,
    /// Lifetime of the access tokens issued to this client, seconds. Default: the server's
    /// `token_validity_seconds`.
    #[serde(default)]
    pub access_token_validity_seconds: Option<i64>,
    /// Lifetime of the ID tokens issued to this client, seconds. Default: the server's
    /// `token_validity_seconds`.
    #[serde(default)]
    pub id_token_validity_seconds: Option<i64>,
    /// Lifetime of the refresh tokens issued to this client, seconds. Default: 30 days, as Cognito.
    #[serde(default)]
    pub refresh_token_validity_seconds: Option<i64>,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("id", &self.id)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("auth_flows", &self.auth_flows)
            .field(
                "prevent_user_existence_errors",
                &self.prevent_user_existence_errors,
            )
            .finish()
    }
}

impl ClientConfig {
    /// A client without a secret, every flow enabled.
    pub fn new(id: impl Into<String>) -> Self {
        ClientConfig {
            id: id.into(),
            secret: None,
            auth_flows: None,
            prevent_user_existence_errors: None,
            name: None,
            access_token_validity_seconds: None,
            id_token_validity_seconds: None,
            refresh_token_validity_seconds: None,
        }
    }
}

/// One user.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// The username (also `USER_ID_FOR_SRP`).
    pub username: String,
    /// The password; only its SRP verifier is kept.
    pub password: Zeroizing<String>,
    /// `CONFIRMED` (default), `FORCE_CHANGE_PASSWORD` (sign-in then answers `NEW_PASSWORD_REQUIRED`) or
    /// `UNCONFIRMED` (refused with `UserNotConfirmedException`).
    #[serde(default)]
    pub status: Option<String>,
    /// A disabled user is refused with `NotAuthorizedException: User is disabled.`
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The `sub`; a random UUID when absent.
    #[serde(default)]
    pub sub: Option<String>,
    /// Other attributes (`email`, `name`, `custom:x`, …). `phone_number` and `email` are where SMS and
    /// email codes are "sent" (the server logs them and lists them at `GET /_cognito-srp/codes`).
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// The user's enabled MFA methods, from `SOFTWARE_TOKEN_MFA` (needs `totp_secret`), `SMS_MFA`,
    /// `EMAIL_OTP`.
    #[serde(default)]
    pub mfa: Vec<String>,
    /// The preferred method, one of `mfa`; with several and none preferred, sign-in asks
    /// `SELECT_MFA_TYPE`.
    #[serde(default)]
    pub preferred_mfa: Option<String>,
    /// The authenticator secret (base32, as AssociateSoftwareToken returns it) for `SOFTWARE_TOKEN_MFA`.
    #[serde(default)]
    pub totp_secret: Option<Zeroizing<String>>,
}

impl UserConfig {
    /// A confirmed, enabled user with no attributes.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        UserConfig {
            username: username.into(),
            password: Zeroizing::new(password.into()),
            status: None,
            enabled: true,
            sub: None,
            attributes: BTreeMap::new(),
            mfa: Vec::new(),
            preferred_mfa: None,
            totp_secret: None,
        }
    }
}

impl PoolConfig {
    /// A pool with no clients or users, device tracking `always`, user existence hidden.
    pub fn new(id: impl Into<String>) -> Self {
        PoolConfig {
            id: id.into(),
            clients: Vec::new(),
            users: Vec::new(),
            device_tracking: DeviceTracking::default(),
            prevent_user_existence_errors: true,
            alias_attributes: Vec::new(),
            salt_sign: SaltSign::default(),
            required_attributes: Vec::new(),
            mfa: MfaMode::default(),
            mfa_methods: None,
            name: None,
            password_policy: crate::policy::PasswordPolicy::default(),
            username_attributes: Vec::new(),
            auto_verified_attributes: Vec::new(),
            max_users: default_max_users(),
        }
    }
}

impl std::fmt::Debug for UserConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserConfig")
            .field("username", &self.username)
            .field("password", &"..")
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Reads a `.json` or `.toml` file (by extension; otherwise JSON is tried first, then TOML).
    ///
    /// # Errors
    /// A message naming the file and the problem.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = Zeroizing::new(
            std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?,
        );
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Self::from_toml(&text),
            "json" => Self::from_json(&text),
            _ => Self::from_json(&text).or_else(|_| Self::from_toml(&text)),
        }
        .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses JSON.
    ///
    /// # Errors
    /// The parser's message.
    pub fn from_json(text: &str) -> Result<Config, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// Parses TOML.
    ///
    /// # Errors
    /// The parser's message.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

/// The demo pool: `us-east-1_DemoPool1`, client `demo-client` (no secret), user `alice` with
/// [`DEMO_PASSWORD`], device tracking on.
pub const DEMO_POOL_ID: &str = "us-east-1_DemoPool1";
/// The demo client id.
pub const DEMO_CLIENT_ID: &str = "demo-client";
/// The demo user.
pub const DEMO_USERNAME: &str = "alice";
/// The demo user's password (it exists only in this demo).
pub const DEMO_PASSWORD: &str = "Correct-Horse-Battery-9";

/// The demo configuration.
pub fn demo() -> Config {
    let mut attributes = BTreeMap::new();
    attributes.insert("email".to_owned(), "alice@example.com".to_owned());
    attributes.insert("email_verified".to_owned(), "true".to_owned());
    let mut user = UserConfig::new(DEMO_USERNAME, DEMO_PASSWORD);
    user.attributes = attributes;
    let mut pool = PoolConfig::new(DEMO_POOL_ID);
    pool.clients.push(ClientConfig::new(DEMO_CLIENT_ID));
    pool.users.push(user);
    pool.device_tracking = DeviceTracking::Always;
    pool.alias_attributes = vec!["email".to_owned()];
    pool.auto_verified_attributes = vec!["email".to_owned()];
    Config {
        pools: vec![pool],
        ..Config::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json() {
        let t = Config::from_toml(
            r#"
            [[pools]]
            id = "us-east-1_Abc"
            device_tracking = "user_opt_in"
            [[pools.clients]]
            id = "c1"
            secret = "s"
            [[pools.users]]
            username = "bob"
            password = "pw"
            attributes = { email = "bob@example.com" }
            "#,
        )
        .unwrap();
        assert_eq!(t.pools[0].device_tracking, DeviceTracking::UserOptIn);
        assert_eq!(t.pools[0].users[0].attributes["email"], "bob@example.com");
        let j = Config::from_json(
            r#"{"pools":[{"id":"us-east-1_Abc","clients":[{"id":"c"}],"users":[{"username":"u","password":"p"}]}]}"#,
        )
        .unwrap();
        assert_eq!(j.token_validity_seconds, 3600);
        assert!(j.pools[0].prevent_user_existence_errors);
        assert_eq!(j.pools[0].clients[0].prevent_user_existence_errors, None);
        assert_eq!(
            j.session_validity_seconds,
            Config::default().session_validity_seconds
        );
        assert!(Config::from_json(r#"{"pools":[],"typo":1}"#).is_err());
    }

    #[test]
    fn lockout_defaults_and_overrides() {
        let none = Config::from_json(r#"{"pools":[]}"#).unwrap();
        assert_eq!(
            (
                none.lockout.enabled,
                none.lockout.free_attempts,
                none.lockout.first_lock_seconds,
                none.lockout.max_lock_seconds,
                none.lockout.forget_after_seconds,
                none.lockout.max_tracked
            ),
            (true, 5, 1, 900, 900, 10_000)
        );
        let t = Config::from_toml(
            r#"
            pools = []
            [lockout]
            free_attempts = 3
            max_lock_seconds = 60
            "#,
        )
        .unwrap();
        assert_eq!(
            (
                t.lockout.enabled,
                t.lockout.free_attempts,
                t.lockout.first_lock_seconds,
                t.lockout.max_lock_seconds
            ),
            (true, 3, 1, 60)
        );
        let off = Config::from_json(r#"{"pools":[],"lockout":{"enabled":false}}"#).unwrap();
        assert!(!off.lockout.enabled);
        assert!(Config::from_json(r#"{"pools":[],"lockout":{"typo":1}}"#).is_err());
    }

    #[test]
    fn client_debug_hides_the_secret() {
        let mut c = ClientConfig::new("app");
        c.secret = Some("s3cr3t-value".into());
        let shown = format!("{c:?}");
        assert!(shown.contains("\"app\""), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
        assert!(!shown.contains("s3cr3t-value"), "{shown}");
    }
}
