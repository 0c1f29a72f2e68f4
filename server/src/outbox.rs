//! The codes the server "sends": MFA codes by SMS or email, sign-up confirmation codes, password-reset
//! codes, attribute verification codes and AdminCreateUser's temporary passwords. Nothing is delivered;
//! each is written to the log (target `cognito_srp_server::codes`) and kept here, listed at
//! `GET /_cognito-srp/codes` ([`crate::Server::sent_codes`] in process).

use std::collections::VecDeque;

use serde_json::{Value, json};

/// Codes kept; past this the oldest go.
pub const OUTBOX_SIZE: usize = 1000;

/// A code "sent" by SMS or email.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentCode {
    /// The pool.
    pub pool_id: String,
    /// The user.
    pub username: String,
    /// What the code is for: the MFA challenge (`SMS_MFA`, `EMAIL_OTP`), or `SIGN_UP`,
    /// `FORGOT_PASSWORD`, `VERIFY_ATTRIBUTE`, `ADMIN_CREATE_USER` (the code is then the temporary
    /// password).
    pub challenge: &'static str,
    /// `SMS` or `EMAIL`.
    pub medium: &'static str,
    /// The phone number or email address (unmasked), or `""` when the user has none.
    pub destination: String,
    /// The code.
    pub code: String,
    /// When, Unix seconds.
    pub sent_at: i64,
}

impl SentCode {
    /// As `GET /_cognito-srp/codes` lists it.
    pub fn to_json(&self) -> Value {
        json!({
            "PoolId": self.pool_id,
            "Username": self.username,
            "ChallengeName": self.challenge,
            "DeliveryMedium": self.medium,
            "Destination": self.destination,
            "Code": self.code,
            "SentAt": self.sent_at,
        })
    }
}

/// A destination as Cognito's `CodeDeliveryDetails` shows it: `a***@e***` for an email address,
/// `+*******0100` for a phone number.
pub fn delivery_mask(destination: &str) -> String {
    if let Some((local, domain)) = destination.split_once('@') {
        let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
        return format!("{}***@{}***", first(local), first(domain));
    }
    let chars: Vec<char> = destination.chars().collect();
    let keep = chars.len().min(4);
    let head: String = chars
        .iter()
        .take(usize::from(chars.first() == Some(&'+')))
        .collect();
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!(
        "{head}{}{tail}",
        "*".repeat(chars.len().saturating_sub(keep + head.chars().count()))
    )
}

/// The codes sent, newest last.
#[derive(Default)]
pub(crate) struct Outbox(VecDeque<SentCode>);

impl Outbox {
    /// Logs a code and keeps it, dropping the oldest past [`OUTBOX_SIZE`].
    pub fn send(&mut self, c: SentCode) {
        tracing::info!(
            target: "cognito_srp_server::codes",
            pool = c.pool_id.as_str(),
            user = c.username.as_str(),
            challenge = c.challenge,
            destination = c.destination.as_str(),
            code = c.code.as_str(),
            "code sent"
        );
        if self.0.len() >= OUTBOX_SIZE {
            self.0.pop_front();
        }
        self.0.push_back(c);
    }

    /// Every code kept, oldest first.
    pub fn list(&self) -> Vec<SentCode> {
        self.0.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_as_code_delivery_details_show_them() {
        assert_eq!(delivery_mask("alice@example.com"), "a***@e***");
        assert_eq!(delivery_mask("+15550100"), "+****0100");
        assert_eq!(delivery_mask(""), "");
    }
}
