//! Reading secrets: from the first line of standard input, or from a terminal prompt that does not echo.

use std::io::{BufRead as _, IsTerminal as _};

use zeroize::Zeroizing;

/// Where a secret comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The next line of standard input.
    Stdin,
    /// A prompt on the terminal (refused when standard input is not one).
    Terminal,
}

/// Reads one secret: `what` names it in prompts and errors, `flag` is the option that reads it from
/// standard input (named when there is no terminal).
///
/// # Errors
/// No terminal and no `flag`, an I/O error, or an empty line.
pub fn secret(what: &str, source: Source, flag: &str) -> Result<Zeroizing<String>, String> {
    let text = match source {
        Source::Stdin => {
            let mut line = Zeroizing::new(String::new());
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| format!("cannot read the {what} from standard input: {e}"))?;
            Zeroizing::new(line.trim_end_matches(['\n', '\r']).to_owned())
        }
        Source::Terminal if std::io::stdin().is_terminal() => Zeroizing::new(
            rpassword::prompt_password(format!("{}: ", capitalized(what)))
                .map_err(|e| format!("cannot read the {what}: {e}"))?,
        ),
        Source::Terminal => {
            return Err(format!("no {what}: pass {flag} or run in a terminal"));
        }
    };
    if text.is_empty() {
        return Err(format!("empty {what}"));
    }
    Ok(text)
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
