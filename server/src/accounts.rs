//! Changes to the users of a pool after it is built: a user's attributes (keeping the alias index and
//! its uniqueness), a new password, removal. Callers hold the directory's write lock; verifiers are
//! computed before it is taken.

use cognito_srp_core::{Password, PasswordVerifier};
use subtle::ConstantTimeEq as _;

use crate::model::{Pool, User};
use crate::protocol::CognitoError;
use crate::util::now_f64;

/// Longest attribute value Cognito stores.
pub const MAX_ATTRIBUTE_VALUE_CHARS: usize = 2048;
/// Attributes a user may have at most.
pub const MAX_ATTRIBUTES: usize = 64;

/// Whether `password` is `user`'s: `x` and `g^x` recomputed with the stored salt and compared with
/// the stored verifier in constant time. An exponentiation: run it outside any lock.
pub(crate) fn password_matches(
    verifier: &PasswordVerifier,
    pool_name: &str,
    user_id: &str,
    password: &Password,
) -> bool {
    let candidate =
        PasswordVerifier::from_password(verifier.salt().clone(), pool_name, user_id, password);
    bool::from(candidate.verifier_bytes().ct_eq(verifier.verifier_bytes()))
}

impl Pool {
    /// The user a sign-in name names, to change it.
    pub fn resolve_mut(&mut self, name: &str) -> Option<&mut User> {
        let username = if self.users.contains_key(name) {
            name.to_owned()
        } else {
            self.aliases.get(name)?.clone()
        };
        self.users.get_mut(&username)
    }

    /// Sets attributes of `username`, keeping the alias index: a sign-in attribute's new value must not
    /// be another user's username or alias.
    ///
    /// # Errors
    /// `AliasExistsException` for a value another user signs in with; `InvalidParameterException` past
    /// [`MAX_ATTRIBUTES`]; `UserNotFoundException` for an unknown user.
    pub fn set_attributes(
        &mut self,
        username: &str,
        values: &[(String, String)],
    ) -> Result<(), CognitoError> {
        let user = self
            .users
            .get(username)
            .ok_or_else(|| CognitoError::UserNotFound("User does not exist.".into()))?;
        let added = values
            .iter()
            .filter(|(k, _)| !user.attributes.contains_key(k))
            .count();
        if user.attributes.len() + added > MAX_ATTRIBUTES {
            return Err(CognitoError::invalid("Too many attributes."));
        }
        for (name, value) in values {
            if !self.alias_attributes.contains(name) || user.attributes.get(name) == Some(value) {
                continue;
            }
            let taken = self.users.contains_key(value)
                || self
                    .aliases
                    .get(value)
                    .is_some_and(|owner| owner != username);
            if taken {
                return Err(CognitoError::AliasExists(
                    "An account with the given email already exists.".replace(
                        "email",
                        if name == "phone_number" {
                            "phone_number"
                        } else {
                            name
                        },
                    ),
                ));
            }
        }
        let user = self.users.get_mut(username).expect("checked above");
        for (name, value) in values {
            if let Some(old) = user.attributes.insert(name.clone(), value.clone())
                && self.alias_attributes.contains(name)
            {
                self.aliases.remove(&old);
            }
            if self.alias_attributes.contains(name) {
                self.aliases.insert(value.clone(), username.to_owned());
            }
        }
        user.modified = now_f64();
        Ok(())
    }

    /// Removes attributes of `username` (and their alias entries).
    pub fn remove_attributes(&mut self, username: &str, names: &[String]) {
        if let Some(user) = self.users.get_mut(username) {
            for name in names {
                if let Some(old) = user.attributes.remove(name)
                    && self.alias_attributes.contains(name)
                {
                    self.aliases.remove(&old);
                }
            }
            user.modified = now_f64();
        }
    }

    /// Removes a user and its alias entries. Returns whether it existed.
    pub fn remove_user(&mut self, username: &str) -> bool {
        let Some(user) = self.users.remove(username) else {
            return false;
        };
        for a in &self.alias_attributes {
            if let Some(v) = user.attributes.get(a)
                && self.aliases.get(v).is_some_and(|owner| owner == username)
            {
                self.aliases.remove(v);
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{PoolConfig, UserConfig};

    fn pool() -> Pool {
        let mut pc = PoolConfig::new("us-east-1_Accounts1");
        pc.alias_attributes = vec!["email".into()];
        let mut bob = UserConfig::new("bob", "Bob-Pass-1");
        bob.attributes
            .insert("email".into(), "bob@example.com".into());
        let carol = UserConfig::new("carol", "Carol-Pass-1");
        pc.users = vec![bob, carol];
        let mut d = crate::model::Directory::default();
        d.add_pool(pc).unwrap();
        d.pools.remove("us-east-1_Accounts1").unwrap()
    }

    #[test]
    fn aliases_follow_attribute_changes_and_stay_unique() {
        let mut p = pool();
        let e = p
            .set_attributes("carol", &[("email".into(), "bob@example.com".into())])
            .unwrap_err();
        assert_eq!(e.code(), "AliasExistsException");
        assert!(p.resolve("carol@example.com").is_none());
        p.set_attributes("carol", &[("email".into(), "carol@example.com".into())])
            .unwrap();
        assert_eq!(p.resolve("carol@example.com").unwrap().username, "carol");
        p.set_attributes("carol", &[("email".into(), "c@example.com".into())])
            .unwrap();
        assert!(p.resolve("carol@example.com").is_none());
        assert_eq!(p.resolve("c@example.com").unwrap().username, "carol");
        p.remove_attributes("carol", &["email".into()]);
        assert!(p.resolve("c@example.com").is_none());
        assert!(p.remove_user("bob"));
        assert!(p.resolve("bob@example.com").is_none());
        assert!(!p.remove_user("bob"));
    }

    #[test]
    fn passwords_are_checked_against_the_verifier() {
        let p = pool();
        let v = &p.users["bob"].verifier;
        let name = p.id.pool_name().to_owned();
        let right = Password::new("Bob-Pass-1".to_owned()).unwrap();
        let wrong = Password::new("Bob-Pass-2".to_owned()).unwrap();
        assert!(password_matches(v, &name, "bob", &right));
        assert!(!password_matches(v, &name, "bob", &wrong));
        assert!(!password_matches(v, &name, "carol", &right));
    }
}
