//! Where `login` and `refresh` send their requests, following the AWS SDKs' conventions.
//!
//! - Region: `--region`, else the part of the pool id before `_`. `AWS_REGION` and profiles are not read:
//!   a user pool only answers in its own region, which its id names.
//! - Endpoint: `--endpoint`, else `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`, else `AWS_ENDPOINT_URL`,
//!   else Cognito in the region. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` makes both variables ignored.
//! - Proxies: `HTTPS_PROXY` (or `ALL_PROXY`) for `https://` endpoints, `HTTP_PROXY` for `http://` ones,
//!   `NO_PROXY` for exceptions, upper or lower case (read by the SDK's HTTP client).

/// The service-specific endpoint variable.
pub const ENDPOINT_VAR_SERVICE: &str = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER";
/// The global endpoint variable.
pub const ENDPOINT_VAR_GLOBAL: &str = "AWS_ENDPOINT_URL";
/// The variable that turns both endpoint variables off.
pub const IGNORE_ENDPOINT_VAR: &str = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

/// The precedence as `--help` shows it.
pub const HELP: &str = "\
Where requests go:
  region    --region, else the region in the pool id (eu-west-1_AbC... -> eu-west-1)
  endpoint  --endpoint, else $AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, else $AWS_ENDPOINT_URL,
            else https://cognito-idp.{region}.amazonaws.com
            ($AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores both variables)
  proxy     $HTTPS_PROXY (https endpoints), $HTTP_PROXY (http endpoints), $ALL_PROXY; $NO_PROXY exempts hosts";

/// An endpoint and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL.
    pub url: String,
    /// `--endpoint` or the variable's name.
    pub source: &'static str,
}

/// The endpoint to use: `--endpoint`, then the variables (read through `var`), then none (the SDK's
/// regional endpoint).
///
/// # Errors
/// A URL that is not `http://` or `https://` with a host, naming where it came from.
pub fn endpoint(
    flag: Option<&str>,
    var: impl Fn(&str) -> Option<String>,
) -> Result<Option<Endpoint>, String> {
    let ignore = var(IGNORE_ENDPOINT_VAR).is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let chosen = if let Some(f) = flag {
        Some(Endpoint {
            url: f.to_owned(),
            source: "--endpoint",
        })
    } else if ignore {
        None
    } else {
        [ENDPOINT_VAR_SERVICE, ENDPOINT_VAR_GLOBAL]
            .into_iter()
            .find_map(|name| {
                var(name)
                    .filter(|v| !v.trim().is_empty())
                    .map(|url| Endpoint {
                        url: url.trim().to_owned(),
                        source: name,
                    })
            })
    };
    if let Some(e) = &chosen {
        check_url(&e.url).map_err(|why| format!("{} {:?}: {why}", e.source, e.url))?;
    }
    Ok(chosen)
}

fn check_url(url: &str) -> Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("not an http:// or https:// URL")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') || host.contains(char::is_whitespace) {
        return Err("no host");
    }
    Ok(())
}

/// The region: `--region`, else the pool id's.
pub fn region(flag: Option<&str>, pool_region: &str) -> String {
    flag.filter(|r| !r.is_empty())
        .unwrap_or(pool_region)
        .to_owned()
}

/// The process environment, as [`endpoint`] reads it.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |n| {
            vars.iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn precedence() {
        let both = [
            (ENDPOINT_VAR_SERVICE, "http://service:1"),
            (ENDPOINT_VAR_GLOBAL, "http://global:2"),
        ];
        let url = |flag, vars| endpoint(flag, env(vars)).unwrap().map(|e| e.url);
        assert_eq!(
            url(Some("http://flag:3"), &both[..]),
            Some("http://flag:3".into())
        );
        assert_eq!(url(None, &both[..]), Some("http://service:1".into()));
        assert_eq!(url(None, &both[1..]), Some("http://global:2".into()));
        assert_eq!(url(None, &[]), None);
        let ignored = [
            (ENDPOINT_VAR_SERVICE, "http://service:1"),
            (IGNORE_ENDPOINT_VAR, "true"),
        ];
        assert_eq!(url(None, &ignored[..]), None);
        assert_eq!(
            url(Some("http://flag:3"), &ignored[..]),
            Some("http://flag:3".into())
        );
        assert_eq!(region(Some("us-west-2"), "eu-west-1"), "us-west-2");
        assert_eq!(region(None, "eu-west-1"), "eu-west-1");
    }

    #[test]
    fn bad_urls_name_their_source() {
        let e = endpoint(None, env(&[(ENDPOINT_VAR_GLOBAL, "localhost:9229")])).unwrap_err();
        assert!(e.starts_with("AWS_ENDPOINT_URL \"localhost:9229\""), "{e}");
        let e = endpoint(Some("http://"), env(&[])).unwrap_err();
        assert_eq!(e, "--endpoint \"http://\": no host");
    }
}
