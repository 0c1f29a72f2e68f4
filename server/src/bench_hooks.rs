//! Unstable entry points for the server's own benches (feature `unstable-bench-hooks`). Not part of the
//! public API: not covered by semver, may change or disappear in any release.

use crate::config::UserConfig;
use crate::model::{new_user, user_with_verifier};
use crate::service::Server;

/// Adds `count` users to `pool_id`, named `{prefix}{i:07}` with the email `{prefix}{i}@example.com`
/// (`i` from 0), all sharing one verifier made from `password`: one exponentiation for the lot instead
/// of one per user, so a bench can fill a pool of 100,000 users in a second. Only the first user's
/// verifier matches its name; the others can start a sign-in but never finish one.
///
/// # Errors
/// An unknown pool, or a name or email already used in it.
pub fn add_users_sharing_a_verifier(
    server: &Server,
    pool_id: &str,
    prefix: &str,
    count: usize,
    password: &str,
) -> Result<(), String> {
    let (id, sign) = {
        let dir = server.directory();
        let p = dir
            .pools
            .get(pool_id)
            .ok_or_else(|| format!("no pool {pool_id}"))?;
        (p.id.clone(), p.salt_sign)
    };
    let first = new_user(
        &id,
        sign,
        UserConfig::new(format!("{prefix}{:07}", 0), password),
    )?;
    let mut dir = server.directory_mut();
    let pool = dir
        .pools
        .get_mut(pool_id)
        .ok_or_else(|| format!("no pool {pool_id}"))?;
    for i in 0..count {
        let mut uc = UserConfig::new(format!("{prefix}{i:07}"), "");
        uc.attributes
            .insert("email".to_owned(), format!("{prefix}{i}@example.com"));
        pool.insert(user_with_verifier(uc, first.verifier.clone())?)?;
    }
    Ok(())
}
