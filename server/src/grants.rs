//! Sign-in origins and refresh tokens. Every sign-in starts an origin (`origin_jti` in its tokens);
//! refreshing keeps the origin and its `auth_time`. RevokeToken revokes one origin, GlobalSignOut every
//! origin of a user; an access token is good only while its origin is live. An origin is forgotten a day
//! after its refresh token expires (every token it gave has expired by then), and the store holds at most
//! `max` origins: past that the one that expires first is forgotten (its tokens then stop working).
//! Forgetting fails closed: a token whose origin is unknown is refused.

use std::collections::{BTreeSet, HashMap};

use crate::util::{random_b64, uuid_v4};

/// What a sign-in granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub device_key: Option<String>,
    pub auth_time: i64,
    pub expires: i64,
    /// Revoked by RevokeToken or GlobalSignOut: its tokens are refused.
    pub revoked: bool,
    /// The refresh token (indexed only while the origin is live).
    pub refresh_token: String,
}

/// How long an origin outlives its refresh token: a token refreshed just before the refresh token
/// expires stays good for at most a day (Cognito's longest access and ID token validity).
pub(crate) const TOKEN_GRACE_SECONDS: i64 = 86_400;

/// Origins by id, refresh tokens to origins, and origins by expiry.
pub(crate) struct Grants {
    origins: HashMap<String, Origin>,
    refresh: HashMap<String, String>,
    by_expiry: BTreeSet<(i64, String)>,
    max: usize,
    /// Origins issued, revoked or forgotten since the state file last took them.
    changed: BTreeSet<String>,
}

impl Grants {
    /// An empty store holding at most `max` origins.
    pub fn new(max: usize) -> Self {
        Grants {
            origins: HashMap::new(),
            refresh: HashMap::new(),
            by_expiry: BTreeSet::new(),
            max: max.max(1),
            changed: BTreeSet::new(),
        }
    }

    /// Origins held.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.origins.len()
    }

    /// Starts an origin at `auth_time` (now); returns (origin id, refresh token). First forgets the
    /// origins past their grace, then, at the cap, those that expire first.
    pub fn issue(
        &mut self,
        pool_id: &str,
        client_id: &str,
        username: &str,
        device_key: Option<&str>,
        auth_time: i64,
        expires: i64,
    ) -> (String, String) {
        while let Some((expires, _)) = self.by_expiry.first()
            && (expires.saturating_add(TOKEN_GRACE_SECONDS) < auth_time
                || self.origins.len() >= self.max)
        {
            self.forget_first();
        }
        let id = uuid_v4();
        self.changed.insert(id.clone());
        let refresh_token = random_b64(384);
        self.refresh.insert(refresh_token.clone(), id.clone());
        self.by_expiry.insert((expires, id.clone()));
        self.origins.insert(
            id.clone(),
            Origin {
                pool_id: pool_id.to_owned(),
                client_id: client_id.to_owned(),
                username: username.to_owned(),
                device_key: device_key.map(str::to_owned),
                auth_time,
                expires,
                revoked: false,
                refresh_token: refresh_token.clone(),
            },
        );
        (id, refresh_token)
    }

    /// Forgets the origin that expires first.
    fn forget_first(&mut self) {
        if let Some((_, id)) = self.by_expiry.pop_first() {
            if let Some(o) = self.origins.remove(&id) {
                self.refresh.remove(&o.refresh_token);
            }
            self.changed.insert(id);
        }
    }

    /// The live, unexpired origin a refresh token belongs to, if it was issued to `client_id`.
    pub fn by_refresh_token(
        &self,
        token: &str,
        client_id: &str,
        now: i64,
    ) -> Option<(String, Origin)> {
        let id = self.refresh.get(token)?;
        let o = self.origins.get(id)?;
        (!o.revoked && o.expires > now && o.client_id == client_id).then(|| (id.clone(), o.clone()))
    }

    /// Whether access tokens of this origin are still good.
    pub fn is_live(&self, origin: &str) -> bool {
        self.origins.get(origin).is_some_and(|o| !o.revoked)
    }

    /// RevokeToken: revokes the origin of `token` when it was issued to `client_id`. Returns whether it did.
    pub fn revoke(&mut self, token: &str, client_id: &str) -> bool {
        let Some(id) = self.refresh.get(token).cloned() else {
            return false;
        };
        match self.origins.get_mut(&id) {
            Some(o) if o.client_id == client_id => {
                o.revoked = true;
                self.changed.insert(id);
                self.refresh.remove(token);
                true
            }
            _ => false,
        }
    }

    /// GlobalSignOut: revokes every origin of the user.
    pub fn sign_out(&mut self, pool_id: &str, username: &str) {
        for (id, o) in self.origins.iter_mut() {
            if o.pool_id == pool_id && o.username == username && !o.revoked {
                o.revoked = true;
                self.changed.insert(id.clone());
                self.refresh.remove(&o.refresh_token);
            }
        }
    }

    /// Puts back an origin read from the state file.
    pub fn restore(&mut self, id: String, origin: Origin) {
        if !origin.revoked {
            self.refresh
                .insert(origin.refresh_token.clone(), id.clone());
        }
        self.by_expiry.insert((origin.expires, id.clone()));
        self.origins.insert(id, origin);
    }

    /// The origins issued, revoked or forgotten since the last call, each with what it is now
    /// (`None`: forgotten).
    pub fn take_changed(&mut self) -> Vec<(String, Option<Origin>)> {
        std::mem::take(&mut self.changed)
            .into_iter()
            .map(|id| {
                let o = self.origins.get(&id).cloned();
                (id, o)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revoke_is_by_origin() {
        let mut g = Grants::new(10);
        let (a, ra) = g.issue("p", "c", "alice", None, 100, 1000);
        let (b, rb) = g.issue("p", "c", "alice", None, 100, 1000);
        assert!(!g.revoke(&ra, "other-client"));
        assert!(g.revoke(&ra, "c"));
        assert!(!g.is_live(&a));
        assert!(g.is_live(&b));
        assert!(g.by_refresh_token(&ra, "c", 200).is_none());
        assert_eq!(g.by_refresh_token(&rb, "c", 200).unwrap().1.auth_time, 100);
        assert!(g.by_refresh_token(&rb, "c", 1000).is_none());
    }

    #[test]
    fn sign_out_revokes_every_origin_of_the_user_only() {
        let mut g = Grants::new(10);
        let (a, _) = g.issue("p", "c", "alice", None, 1, 1000);
        let (b, _) = g.issue("p", "d", "alice", None, 1, 1000);
        let (c, rc) = g.issue("p", "c", "bob", None, 1, 1000);
        g.sign_out("p", "alice");
        assert!(!g.is_live(&a) && !g.is_live(&b));
        assert!(g.is_live(&c));
        assert!(g.by_refresh_token(&rc, "c", 2).is_some());
    }

    #[test]
    fn the_store_is_capped() {
        let mut g = Grants::new(3);
        let (first, r1) = g.issue("p", "c", "u", None, 1, 1000);
        for _ in 0..5 {
            g.issue("p", "c", "u", None, 1, 2000);
        }
        assert_eq!(g.len(), 3);
        assert!(!g.is_live(&first));
        assert!(g.by_refresh_token(&r1, "c", 2).is_none());
    }

    #[test]
    fn an_origin_is_forgotten_a_day_after_its_refresh_token_expires() {
        let mut g = Grants::new(10);
        let (short, r_short) = g.issue("p", "c", "u", None, 100, 1_000);
        let (long, r_long) = g.issue("p", "c", "u", None, 100, 500_000);
        g.take_changed();
        // A day after the short origin's expiry it is still held (its last tokens may be live).
        g.issue("p", "c", "u", None, 1_000 + TOKEN_GRACE_SECONDS, 600_000);
        assert!(g.is_live(&short));
        assert_eq!(g.len(), 3);
        // A second later it is forgotten, and the state file is told; the long one stays.
        let (newest, _) = g.issue("p", "c", "u", None, 1_001 + TOKEN_GRACE_SECONDS, 600_000);
        assert!(!g.is_live(&short));
        assert!(g.by_refresh_token(&r_short, "c", 500).is_none());
        assert_eq!(g.len(), 3);
        let changed = g.take_changed();
        assert!(changed.contains(&(short.clone(), None)), "{changed:?}");
        assert!(changed.iter().any(|(id, o)| *id == newest && o.is_some()));
        assert!(g.is_live(&long));
        assert!(g.by_refresh_token(&r_long, "c", 200_000).is_some());
    }

    #[test]
    fn at_the_cap_the_origin_that_expires_first_goes() {
        let mut g = Grants::new(2);
        let (late, r_late) = g.issue("p", "c", "u", None, 1, 9_000);
        let (early, _) = g.issue("p", "c", "u", None, 1, 5_000);
        let (third, _) = g.issue("p", "c", "u", None, 1, 7_000);
        assert_eq!(g.len(), 2);
        assert!(!g.is_live(&early));
        assert!(g.is_live(&late) && g.is_live(&third));
        assert!(g.by_refresh_token(&r_late, "c", 2).is_some());
    }

    #[test]
    fn changes_are_recorded_and_restored() {
        let mut g = Grants::new(2);
        let (a, ra) = g.issue("p", "c", "u", None, 1, 1000);
        let (b, rb) = g.issue("p", "c", "u", Some("dev"), 1, 2000);
        assert_eq!(g.take_changed().len(), 2);
        assert!(g.revoke(&ra, "c"));
        let revoked = g.take_changed();
        assert_eq!(revoked.len(), 1);
        assert_eq!(revoked[0].0, a);
        assert!(revoked[0].1.as_ref().unwrap().revoked);
        // A third origin pushes out the one that expires first: both recorded.
        let (c, _) = g.issue("p", "c", "u", None, 1, 2000);
        let changed = g.take_changed();
        assert!(changed.contains(&(a.clone(), None)), "{changed:?}");
        assert!(changed.iter().any(|(id, o)| *id == c && o.is_some()));
        // Restored into a new store, a live origin's refresh token works and a revoked one's stays
        // refused.
        let mut h = Grants::new(2);
        let b_origin = g.by_refresh_token(&rb, "c", 2).unwrap().1;
        h.restore(b.clone(), b_origin);
        assert_eq!(h.by_refresh_token(&rb, "c", 2).unwrap().0, b);
        let mut dead = h.by_refresh_token(&rb, "c", 2).unwrap().1;
        dead.revoked = true;
        dead.refresh_token = ra.clone();
        h.restore(a.clone(), dead);
        assert!(h.by_refresh_token(&ra, "c", 2).is_none());
        assert!(!h.is_live(&a) && h.is_live(&b));
        assert!(h.take_changed().is_empty());
    }
}
