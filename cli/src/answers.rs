//! Where `login` gets its answers to the challenges after SRP: options for scripts (`--mfa-code-stdin`,
//! `--totp-secret-env`, `--new-password-stdin`, `--attribute`, `--mfa-type`, `--custom-answer-stdin`),
//! else prompts on the terminal. Prompts and menus go to standard error, so standard output keeps only
//! the result.

use std::collections::HashMap;
use std::io::{BufRead as _, IsTerminal as _, Write as _};

use cognito_srp_core::totp::TotpSecret;
use zeroize::Zeroizing;

use crate::challenges::{self, Answerer, NewPassword};
use crate::client::LoginError;

/// The answers' sources.
pub struct Answers {
    /// Read MFA codes from standard input, one line each.
    pub mfa_code_stdin: bool,
    /// Compute SOFTWARE_TOKEN_MFA codes (RFC 6238) from this authenticator secret.
    pub totp_secret: Option<TotpSecret>,
    /// Read the new password of NEW_PASSWORD_REQUIRED from standard input.
    pub new_password_stdin: bool,
    /// Attribute values for NEW_PASSWORD_REQUIRED (names without `userAttributes.`).
    pub attributes: Vec<(String, String)>,
    /// The answer to SELECT_MFA_TYPE (a challenge name).
    pub mfa_type: Option<String>,
    /// Read CUSTOM_CHALLENGE answers from standard input.
    pub custom_answer_stdin: bool,
    /// Whether standard input is a terminal (prompts allowed).
    pub terminal: bool,
}

impl Answers {
    /// Sources as given, prompting when standard input is a terminal.
    pub fn new() -> Answers {
        Answers {
            mfa_code_stdin: false,
            totp_secret: None,
            new_password_stdin: false,
            attributes: Vec::new(),
            mfa_type: None,
            custom_answer_stdin: false,
            terminal: std::io::stdin().is_terminal(),
        }
    }
}

/// A human name for an MFA challenge.
fn describe(challenge: &str) -> &str {
    match challenge {
        challenges::SOFTWARE_TOKEN_MFA => "authenticator app (TOTP)",
        challenges::SMS_MFA => "SMS",
        challenges::EMAIL_OTP => "email",
        other => other,
    }
}

/// The next line of standard input, without its line ending.
fn stdin_line(what: &str) -> Result<Zeroizing<String>, LoginError> {
    let mut line = Zeroizing::new(String::new());
    let n = std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        LoginError::Local(format!("cannot read the {what} from standard input: {e}"))
    })?;
    if n == 0 {
        return Err(LoginError::NeedsInput(format!(
            "standard input ended before the {what}"
        )));
    }
    let trimmed = line.trim_end_matches(['\n', '\r']).trim();
    if trimmed.is_empty() {
        return Err(LoginError::NeedsInput(format!("empty {what}")));
    }
    Ok(Zeroizing::new(trimmed.to_owned()))
}

/// Prints `prompt` on standard error and reads a visible line from the terminal.
fn ask(prompt: &str, what: &str) -> Result<Zeroizing<String>, LoginError> {
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    stdin_line(what)
}

/// Reads a hidden line from the terminal.
fn ask_hidden(prompt: &str, what: &str) -> Result<Zeroizing<String>, LoginError> {
    let text = rpassword::prompt_password(prompt)
        .map_err(|e| LoginError::Local(format!("cannot read the {what}: {e}")))?;
    Ok(Zeroizing::new(text))
}

impl Answers {
    fn no_source(&self, challenge: &str, options: &str) -> LoginError {
        LoginError::NeedsInput(format!(
            "the service asked for {challenge}, and there is no terminal to ask on: pass {options}"
        ))
    }

    fn read_code(&self, challenge: &str, prompt: &str) -> Result<Zeroizing<String>, LoginError> {
        if self.mfa_code_stdin {
            stdin_line("code")
        } else if self.terminal {
            ask(prompt, "code")
        } else {
            Err(self.no_source(
                challenge,
                "--mfa-code-stdin (or --totp-secret-env VAR for an authenticator app)",
            ))
        }
    }
}

/// `text` as a QR code drawn with Unicode half blocks, light on dark as terminals show them.
fn qr_code(text: &str) -> Option<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

impl Answerer for Answers {
    fn code(
        &mut self,
        challenge: &str,
        parameters: &HashMap<String, String>,
    ) -> Result<Zeroizing<String>, LoginError> {
        if challenge == challenges::SOFTWARE_TOKEN_MFA
            && let Some(secret) = &self.totp_secret
        {
            return Ok(Zeroizing::new(secret.code_now()));
        }
        let prompt = match parameters.get("CODE_DELIVERY_DESTINATION") {
            Some(dest) => format!("{} code sent to {dest}: ", describe(challenge)),
            None => format!("{} code: ", describe(challenge)),
        };
        self.read_code(challenge, &prompt)
    }

    fn choose_mfa(&mut self, offered: &[String]) -> Result<String, LoginError> {
        if let Some(choice) = &self.mfa_type {
            if offered.is_empty() || offered.contains(choice) {
                return Ok(choice.clone());
            }
            return Err(LoginError::NeedsInput(format!(
                "SELECT_MFA_TYPE offers {}, not --mfa-type's {choice}",
                offered.join(", ")
            )));
        }
        if self.totp_secret.is_some() && offered.iter().any(|o| o == challenges::SOFTWARE_TOKEN_MFA)
        {
            return Ok(challenges::SOFTWARE_TOKEN_MFA.to_owned());
        }
        if !self.terminal {
            return Err(self.no_source("SELECT_MFA_TYPE", "--mfa-type totp|sms|email"));
        }
        eprintln!("Choose how to receive the sign-in code:");
        for (i, o) in offered.iter().enumerate() {
            eprintln!("  {}) {} ({o})", i + 1, describe(o));
        }
        loop {
            let line = ask(&format!("1-{}: ", offered.len()), "choice")?;
            if let Some(choice) = line
                .trim()
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| offered.get(i))
            {
                return Ok(choice.clone());
            }
            eprintln!("Type a number from 1 to {}.", offered.len());
        }
    }

    fn new_password(&mut self, required: &[String]) -> Result<NewPassword, LoginError> {
        let password = if self.new_password_stdin {
            stdin_line("new password")?
        } else if self.terminal {
            eprintln!("The service requires a new password.");
            loop {
                let first = ask_hidden("New password: ", "new password")?;
                let second = ask_hidden("New password again: ", "new password")?;
                if first.is_empty() {
                    eprintln!("The password is empty; try again.");
                } else if first != second {
                    eprintln!("The passwords differ; try again.");
                } else {
                    break first;
                }
            }
        } else {
            return Err(self.no_source("NEW_PASSWORD_REQUIRED", "--new-password-stdin"));
        };
        let mut attributes = self.attributes.clone();
        for name in required {
            if attributes.iter().any(|(n, _)| n == name) {
                continue;
            }
            if !self.terminal {
                return Err(LoginError::NeedsInput(format!(
                    "NEW_PASSWORD_REQUIRED needs the attribute {name}: pass --attribute {name}=VALUE"
                )));
            }
            let value = ask(&format!("{name}: "), name)?;
            attributes.push((name.clone(), value.to_string()));
        }
        Ok((password, attributes))
    }

    fn setup_totp(&mut self, secret: &str, uri: &str) -> Result<Zeroizing<String>, LoginError> {
        eprintln!(
            "The pool requires MFA. Add this account to an authenticator app, then type the code it shows.\n  secret: {secret}\n  URI:    {uri}"
        );
        if std::io::stderr().is_terminal()
            && let Some(qr) = qr_code(uri)
        {
            eprintln!("{qr}");
        }
        self.read_code(challenges::MFA_SETUP, "Authenticator code: ")
    }

    fn custom(&mut self, parameters: &HashMap<String, String>) -> Result<String, LoginError> {
        let mut names: Vec<&String> = parameters.keys().collect();
        names.sort();
        eprintln!("CUSTOM_CHALLENGE parameters:");
        for n in names {
            eprintln!("  {n}: {}", parameters[n]);
        }
        let answer = if self.custom_answer_stdin {
            stdin_line("custom challenge answer")?
        } else if self.terminal {
            ask("Answer: ", "custom challenge answer")?
        } else {
            return Err(self.no_source("CUSTOM_CHALLENGE", "--custom-answer-stdin"));
        };
        Ok(answer.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_code_is_a_square_of_half_blocks() {
        let qr = qr_code(&challenges::otpauth_uri("alice", "JBSWY3DPEHPK3PXP")).unwrap();
        let lines: Vec<&str> = qr.lines().collect();
        let width = lines[0].chars().count();
        assert!(lines.iter().all(|l| l.chars().count() == width));
        // Two modules per character row: the height in rows is half the width, rounded up.
        assert_eq!(lines.len(), width.div_ceil(2));
        assert!(
            qr.chars()
                .all(|c| matches!(c, '█' | '▀' | '▄' | ' ' | '\n'))
        );
    }
}
