//! Pagination of the List operations: a page of items in key order, and an opaque token (the last key
//! of the page, base64url) for the next one.

use base64::Engine as _;

use crate::protocol::CognitoError;

/// A page of `items` after the key a pagination token names: (page, the next token).
pub(crate) fn page<T, K: AsRef<str>>(
    items: impl Iterator<Item = (K, T)>,
    token: Option<&str>,
    limit: Option<u32>,
) -> Result<(Vec<T>, Option<String>), CognitoError> {
    let after = token
        .map(|t| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(t)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| CognitoError::invalid("Invalid pagination token."))
        })
        .transpose()?;
    let limit = limit.unwrap_or(60).clamp(1, 60) as usize;
    let mut out = Vec::new();
    let mut last = None;
    let mut more = false;
    for (k, v) in items.filter(|(k, _)| after.as_deref().is_none_or(|a| k.as_ref() > a)) {
        if out.len() == limit {
            more = true;
            break;
        }
        last = Some(k.as_ref().to_owned());
        out.push(v);
    }
    let next = more
        .then(|| last.map(|l| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(l)))
        .flatten();
    Ok((out, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_the_key_order() {
        let items = || {
            ["a", "b", "c", "d", "e"]
                .into_iter()
                .map(|k| (k, k.to_uppercase()))
        };
        let (first, next) = page(items(), None, Some(2)).unwrap();
        assert_eq!(first, ["A", "B"]);
        let (second, next) = page(items(), next.as_deref(), Some(2)).unwrap();
        assert_eq!(second, ["C", "D"]);
        let (last, next) = page(items(), next.as_deref(), Some(2)).unwrap();
        assert_eq!((last, next), (vec!["E".to_owned()], None));
        assert_eq!(
            page(items(), Some("%%%"), None).unwrap_err().code(),
            "InvalidParameterException"
        );
    }
}
