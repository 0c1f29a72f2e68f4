//! Exit codes of `login` and `refresh`, and which failure gets which.

use crate::client::{ApiError, LoginError};

/// A local problem: device file, standard input or output.
pub const LOCAL: u8 = 1;
/// Bad usage: options, no password source, a malformed pool id or endpoint.
pub const USAGE: u8 = 2;
/// The service refused: wrong credentials, unknown or unconfirmed user, wrong code, invalid token.
pub const REFUSED: u8 = 3;
/// The service asked for a challenge that cannot be answered here.
pub const CHALLENGE: u8 = 4;
/// The service says the request does not fit its configuration: unknown pool or client, a flow the
/// client does not allow, an invalid parameter.
pub const CONFIGURATION: u8 = 5;
/// Throttled, or the service failed or answered something malformed: worth retrying later.
pub const RETRYABLE: u8 = 6;
/// No answer from the service: DNS, connection, TLS, proxy, timeout.
pub const NETWORK: u8 = 7;

/// The exit codes as `--help` shows them.
pub const HELP: &str = "\
Exit codes:
  0  signed in; the result is on standard output
  1  local error (device file, standard input or output)
  2  usage error (options, no password source, malformed pool id or endpoint)
  3  refused by the service (wrong password or code, unknown or unconfirmed user, invalid token)
  4  a challenge that cannot be answered: unknown here, or no terminal and no option for it
     (standard error names the challenge and the option)
  5  configuration: the service does not know the pool or client, or refuses a parameter or flow
  6  throttled or a service failure: retry later
  7  network: no answer from the service (DNS, connection, TLS, proxy, timeout)
Every service error prints Cognito's error name, its message and the request id on standard error.";

/// Errors that mean "not you, not now": retry later.
const RETRYABLE_ERRORS: &[&str] = &[
    "TooManyRequestsException",
    "LimitExceededException",
    "TooManyFailedAttemptsException",
    "InternalErrorException",
    "InternalServerError",
    "InternalFailure",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "ThrottlingException",
    "Throttling",
    "RequestTimeout",
    "RequestTimeoutException",
    "ConcurrentModificationException",
    "CodeDeliveryFailureException",
];

/// Errors that say the request does not fit the pool's or client's configuration.
const CONFIGURATION_ERRORS: &[&str] = &[
    "ResourceNotFoundException",
    "InvalidParameterException",
    "InvalidUserPoolConfigurationException",
    "InvalidLambdaResponseException",
    "UnexpectedLambdaException",
    "UserLambdaValidationException",
    "InvalidSmsRoleAccessPolicyException",
    "InvalidSmsRoleTrustRelationshipException",
    "InvalidEmailRoleAccessPolicyException",
    "MFAMethodNotFoundException",
    "SoftwareTokenMFANotFoundException",
    "UnsupportedOperationException",
    "UnsupportedTokenTypeException",
    "UnknownOperationException",
    "SerializationException",
    "ValidationException",
    "UnrecognizedClientException",
    "AccessDeniedException",
];

/// The exit code for an error the service sent: by its name, else by its HTTP status (5xx: retryable;
/// any other: refused).
pub fn for_api(e: &ApiError) -> u8 {
    let code = e.code.as_str();
    if RETRYABLE_ERRORS.contains(&code) {
        RETRYABLE
    } else if CONFIGURATION_ERRORS.contains(&code) {
        CONFIGURATION
    } else if e.status.is_some_and(|s| s >= 500) {
        RETRYABLE
    } else {
        REFUSED
    }
}

/// The exit code for a sign-in that failed.
pub fn for_login(e: &LoginError) -> u8 {
    match e {
        LoginError::Api(a) => for_api(a),
        LoginError::Challenge(_) | LoginError::NeedsInput(_) => CHALLENGE,
        LoginError::Transport(_) => NETWORK,
        LoginError::Protocol(_) => RETRYABLE,
        LoginError::Local(_) => LOCAL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: &str, status: Option<u16>) -> ApiError {
        ApiError {
            code: code.into(),
            message: String::new(),
            request_id: None,
            status,
        }
    }

    #[test]
    fn names_decide_before_status() {
        assert_eq!(for_api(&api("NotAuthorizedException", Some(400))), 3);
        assert_eq!(for_api(&api("UserNotFoundException", Some(400))), 3);
        assert_eq!(for_api(&api("TooManyRequestsException", Some(400))), 6);
        assert_eq!(for_api(&api("InternalErrorException", Some(500))), 6);
        assert_eq!(for_api(&api("ResourceNotFoundException", Some(400))), 5);
        assert_eq!(for_api(&api("InvalidParameterException", Some(400))), 5);
        assert_eq!(for_api(&api("SomethingNew", Some(503))), 6);
        assert_eq!(for_api(&api("SomethingNew", Some(400))), 3);
    }

    #[test]
    fn help_lists_every_code() {
        for code in [
            LOCAL,
            USAGE,
            REFUSED,
            CHALLENGE,
            CONFIGURATION,
            RETRYABLE,
            NETWORK,
        ] {
            assert!(HELP.contains(&format!("\n  {code}  ")), "{code}");
        }
    }
}
