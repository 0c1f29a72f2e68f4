//! Cognito's lockout after failed passwords: after [`LockoutConfig::free_attempts`] wrong passwords for
//! one sign-in name, the name is locked for [`LockoutConfig::first_lock_seconds`], and each further wrong
//! password locks it for twice as long as the one before, up to [`LockoutConfig::max_lock_seconds`]. An
//! answer while the name is locked is refused with `NotAuthorizedException: Password attempts exceeded`
//! without its proof being looked at, and does not count as a failure. A correct password clears the
//! count; so does [`LockoutConfig::forget_after_seconds`] without any attempt once no lock is in force.
//!
//! A name is the pool and the `USER_ID_FOR_SRP` the challenge was issued for: a user's username whatever
//! alias was typed, or an unknown name's stand-in id, so an unknown name is counted and locked exactly as
//! a known one. It is kept as a keyed 32-byte digest, so every entry has the same size, and the table
//! holds at most [`LockoutConfig::max_tracked`] names. When it is full, the names that would be forgotten
//! anyway go first. Then a name that matches no user, since anyone can make up as many of those as they
//! like: the failures of a real user are never pushed out by made-up names, only by other real users'
//! (a pool has as many of those as its administrator gave it). Within each kind, names not locked go
//! before locked ones, fewer failures before more, and the oldest last answer (or the lock ending
//! first) before the rest. A made-up name that finds the table full of real users' failures is not
//! tracked.
//!
//! Time comes from a [`Clock`]: [`SystemClock`] by default, or a [`ManualClock`] that a test moves.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::config::LockoutConfig;
use crate::protocol::CognitoError;
use crate::stand_in::mac;
use crate::util::random_bytes;

/// Where lockouts read the time.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> Instant;
}

/// The operating system's monotonic clock ([`Instant::now`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that stands still until [`ManualClock::advance`] moves it, so a test can let a lock run out
/// without waiting. It starts at the instant it is made.
#[derive(Debug)]
pub struct ManualClock {
    origin: Instant,
    elapsed: Mutex<Duration>,
}

impl ManualClock {
    /// A clock reading the current instant until it is advanced.
    pub fn new() -> Self {
        ManualClock {
            origin: Instant::now(),
            elapsed: Mutex::new(Duration::ZERO),
        }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut elapsed = self.elapsed.lock().unwrap_or_else(PoisonError::into_inner);
        *elapsed = elapsed.saturating_add(by);
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.origin + *self.elapsed.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One tracked name.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Wrong passwords counted (answers refused while locked excluded).
    failures: u32,
    /// The lock is in force while the clock is before this.
    locked_until: Instant,
    /// The last answer for the name, refused while locked or not.
    last_attempt: Instant,
    /// Whether the name is a user of the pool (not a stand-in id anyone can make up).
    known: bool,
}

/// The failed-password counts and locks of every tracked name.
pub(crate) struct Lockout {
    config: LockoutConfig,
    clock: Arc<dyn Clock>,
    /// Key of the digests names are kept as, drawn when the server starts.
    key: [u8; 32],
    names: HashMap<[u8; 32], Entry>,
}

impl Lockout {
    /// An empty table for `config`, on the [`SystemClock`].
    pub fn new(mut config: LockoutConfig) -> Self {
        config.free_attempts = config.free_attempts.max(1);
        config.max_tracked = config.max_tracked.max(1);
        let mut key = [0u8; 32];
        key.copy_from_slice(&random_bytes(32));
        Lockout {
            config,
            clock: Arc::new(SystemClock),
            key,
            names: HashMap::new(),
        }
    }

    /// Times locks by `clock` from now on.
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    /// Names tracked.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.names.len()
    }

    fn digest(&self, pool_id: &str, user_id: &str) -> [u8; 32] {
        mac(&self.key, &[pool_id.as_bytes(), user_id.as_bytes()])
    }

    /// Whether `e` is cleared by time alone: no lock in force and no attempt for `forget_after_seconds`.
    fn forgotten(&self, e: &Entry, now: Instant) -> bool {
        e.locked_until <= now
            && now.saturating_duration_since(e.last_attempt)
                >= Duration::from_secs(self.config.forget_after_seconds)
    }

    /// How long the `failures`-th wrong password in a row locks its name.
    fn lock_for(&self, failures: u32) -> Duration {
        let doublings = failures - self.config.free_attempts;
        let factor = 1u64.checked_shl(doublings).unwrap_or(u64::MAX);
        Duration::from_secs(
            self.config
                .first_lock_seconds
                .saturating_mul(factor)
                .min(self.config.max_lock_seconds),
        )
    }

    /// Lets an answer for `user_id` in `pool_id` be checked, or refuses it while the name is locked.
    ///
    /// # Errors
    /// [`CognitoError::attempts_exceeded`] while the name is locked.
    pub fn admit(&mut self, pool_id: &str, user_id: &str) -> Result<(), CognitoError> {
        if !self.config.enabled {
            return Ok(());
        }
        let now = self.clock.now();
        let k = self.digest(pool_id, user_id);
        let Some(e) = self.names.get(&k).copied() else {
            return Ok(());
        };
        if self.forgotten(&e, now) {
            self.names.remove(&k);
            return Ok(());
        }
        let locked = e.locked_until > now;
        if let Some(e) = self.names.get_mut(&k) {
            e.last_attempt = now;
        }
        if locked {
            Err(CognitoError::attempts_exceeded())
        } else {
            Ok(())
        }
    }

    /// Counts a wrong password for `user_id` in `pool_id`, locking the name from the
    /// `free_attempts`-th one on. `known`: the name is a user of the pool, not a stand-in id.
    pub fn failed(&mut self, pool_id: &str, user_id: &str, known: bool) {
        if !self.config.enabled {
            return;
        }
        let now = self.clock.now();
        let k = self.digest(pool_id, user_id);
        if self.names.get(&k).is_some_and(|e| self.forgotten(e, now)) {
            self.names.remove(&k);
        }
        if !self.names.contains_key(&k) && !self.make_room(now, known) {
            return;
        }
        let e = self.names.entry(k).or_insert(Entry {
            failures: 0,
            locked_until: now,
            last_attempt: now,
            known,
        });
        e.failures = e.failures.saturating_add(1);
        e.last_attempt = now;
        let failures = e.failures;
        if failures >= self.config.free_attempts {
            let until = now + self.lock_for(failures);
            if let Some(e) = self.names.get_mut(&k) {
                e.locked_until = until;
            }
        }
    }

    /// Clears the count of `user_id` in `pool_id` after a correct password.
    pub fn succeeded(&mut self, pool_id: &str, user_id: &str) {
        let k = self.digest(pool_id, user_id);
        self.names.remove(&k);
    }

    /// Makes room for one more name when the table is full; `known` says whether that name is a user
    /// of the pool. Returns whether there is room: a made-up name never pushes out a real user's.
    fn make_room(&mut self, now: Instant, known: bool) -> bool {
        if self.names.len() < self.config.max_tracked {
            return true;
        }
        let forget = Duration::from_secs(self.config.forget_after_seconds);
        self.names.retain(|_, e| {
            e.locked_until > now || now.saturating_duration_since(e.last_attempt) < forget
        });
        if self.names.len() < self.config.max_tracked {
            return true;
        }
        // Made-up names go before real users; then names not locked before locked ones; then fewer
        // failures before more; then the oldest attempt, or the lock ending first.
        let victim = self
            .names
            .iter()
            .filter(|(_, e)| known || !e.known)
            .min_by_key(|(_, e)| {
                let locked = e.locked_until > now;
                let when = if locked {
                    e.locked_until
                } else {
                    e.last_attempt
                };
                (e.known, locked, e.failures, when)
            })
            .map(|(k, _)| *k);
        match victim {
            Some(k) => {
                self.names.remove(&k);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCKED: &str = "Password attempts exceeded";

    fn table(config: LockoutConfig) -> (Lockout, Arc<ManualClock>) {
        let clock = Arc::new(ManualClock::new());
        let mut t = Lockout::new(config);
        t.set_clock(clock.clone());
        (t, clock)
    }

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn is_locked(t: &mut Lockout, name: &str) -> bool {
        match t.admit("p", name) {
            Ok(()) => false,
            Err(f) => {
                assert_eq!(
                    (f.code(), f.message().as_str()),
                    ("NotAuthorizedException", LOCKED)
                );
                true
            }
        }
    }

    /// Fails `name` until it is locked; returns how long the lock held (whole seconds, by stepping).
    fn fail_and_measure(t: &mut Lockout, clock: &ManualClock, name: &str) -> u64 {
        t.failed("p", name, true);
        let mut held = 0;
        while is_locked(t, name) {
            clock.advance(secs(1));
            held += 1;
        }
        held
    }

    #[test]
    fn five_failures_lock_for_one_second() {
        let (mut t, clock) = table(LockoutConfig::default());
        for _ in 0..4 {
            assert!(!is_locked(&mut t, "alice"));
            t.failed("p", "alice", true);
        }
        assert!(!is_locked(&mut t, "alice"));
        t.failed("p", "alice", true);
        assert!(is_locked(&mut t, "alice"));
        clock.advance(Duration::from_millis(999));
        assert!(is_locked(&mut t, "alice"));
        clock.advance(Duration::from_millis(1));
        assert!(!is_locked(&mut t, "alice"));
    }

    #[test]
    fn each_failure_doubles_the_lock_up_to_the_cap() {
        let (mut t, clock) = table(LockoutConfig::default());
        for _ in 0..4 {
            t.failed("p", "alice", true);
        }
        let held: Vec<u64> = (0..13)
            .map(|_| fail_and_measure(&mut t, &clock, "alice"))
            .collect();
        assert_eq!(held, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
    }

    #[test]
    fn first_lock_and_cap_follow_the_configuration() {
        let (mut t, clock) = table(LockoutConfig {
            free_attempts: 2,
            first_lock_seconds: 3,
            max_lock_seconds: 10,
            ..LockoutConfig::default()
        });
        t.failed("p", "bob", true);
        assert!(!is_locked(&mut t, "bob"));
        let held: Vec<u64> = (0..4)
            .map(|_| fail_and_measure(&mut t, &clock, "bob"))
            .collect();
        assert_eq!(held, [3, 6, 10, 10]);
    }

    #[test]
    fn answers_while_locked_do_not_lengthen_the_lock() {
        let (mut t, clock) = table(LockoutConfig::default());
        for _ in 0..6 {
            t.failed("p", "alice", true);
        }
        // Locked for 2 s; refusals in between change nothing.
        for _ in 0..10 {
            assert!(is_locked(&mut t, "alice"));
        }
        clock.advance(secs(2));
        assert!(!is_locked(&mut t, "alice"));
        // The next failure locks for 4 s, the step after 2 s.
        assert_eq!(fail_and_measure(&mut t, &clock, "alice"), 4);
    }

    #[test]
    fn success_clears_the_count() {
        let (mut t, clock) = table(LockoutConfig::default());
        for _ in 0..5 {
            t.failed("p", "alice", true);
        }
        clock.advance(secs(1));
        assert!(!is_locked(&mut t, "alice"));
        t.succeeded("p", "alice");
        assert_eq!(t.len(), 0);
        for _ in 0..4 {
            t.failed("p", "alice", true);
        }
        assert!(!is_locked(&mut t, "alice"));
        t.failed("p", "alice", true);
        assert!(is_locked(&mut t, "alice"));
    }

    #[test]
    fn quiet_for_the_forget_time_clears_the_count() {
        let (mut t, clock) = table(LockoutConfig::default());
        for _ in 0..8 {
            t.failed("p", "alice", true);
        }
        // Locked for 8 s; refused at 7 s, which restarts the quiet time.
        clock.advance(secs(7));
        assert!(is_locked(&mut t, "alice"));
        clock.advance(secs(899));
        t.failed("p", "alice", true);
        assert!(
            is_locked(&mut t, "alice"),
            "899 s after the last attempt the count stands"
        );
        clock.advance(secs(900 + 16));
        t.failed("p", "alice", true);
        assert!(
            !is_locked(&mut t, "alice"),
            "after 900 quiet seconds a failure is the first again"
        );
    }

    #[test]
    fn names_are_per_pool_and_per_user() {
        let (mut t, _clock) = table(LockoutConfig::default());
        for _ in 0..5 {
            t.failed("p", "alice", true);
        }
        assert!(is_locked(&mut t, "alice"));
        assert!(!is_locked(&mut t, "bob"));
        assert!(t.admit("q", "alice").is_ok());
    }

    #[test]
    fn disabled_never_locks_nor_tracks() {
        let (mut t, _clock) = table(LockoutConfig {
            enabled: false,
            ..LockoutConfig::default()
        });
        for _ in 0..100 {
            t.failed("p", "alice", true);
            assert!(!is_locked(&mut t, "alice"));
        }
        assert_eq!(t.len(), 0);
    }

    #[test]
    fn the_table_stays_bounded_and_keeps_locks_longest() {
        let (mut t, _clock) = table(LockoutConfig {
            max_tracked: 8,
            ..LockoutConfig::default()
        });
        for _ in 0..5 {
            t.failed("p", "victim", true);
        }
        for i in 0..10_000 {
            t.failed("p", &format!("spray-{i}"), false);
            assert!(t.len() <= 8);
        }
        assert_eq!(t.len(), 8);
        assert!(
            is_locked(&mut t, "victim"),
            "names not locked are evicted first"
        );
    }

    #[test]
    fn a_full_table_of_locks_drops_the_lock_ending_first() {
        let (mut t, _clock) = table(LockoutConfig {
            max_tracked: 2,
            ..LockoutConfig::default()
        });
        for _ in 0..6 {
            t.failed("p", "long", true);
        }
        for _ in 0..5 {
            t.failed("p", "short", true);
        }
        t.failed("p", "new", true);
        assert_eq!(t.len(), 2);
        assert!(is_locked(&mut t, "long"));
        assert!(!is_locked(&mut t, "short"));
    }

    #[test]
    fn forgotten_names_make_room_first() {
        let (mut t, clock) = table(LockoutConfig {
            max_tracked: 3,
            ..LockoutConfig::default()
        });
        for name in ["a", "b", "c"] {
            t.failed("p", name, true);
        }
        assert_eq!(t.len(), 3);
        clock.advance(secs(900));
        // Full: every name past its quiet time goes at once.
        t.failed("p", "d", true);
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn made_up_names_never_push_out_a_real_users_failures() {
        // The default table: 10,000 names.
        let (mut t, _clock) = table(LockoutConfig::default());
        for _ in 0..4 {
            t.failed("p", "victim", true);
        }
        for i in 0..10_000 {
            t.failed("p", &format!("made-up-{i}"), false);
        }
        assert_eq!(t.len(), 10_000);
        assert!(!is_locked(&mut t, "victim"));
        t.failed("p", "victim", true);
        assert!(
            is_locked(&mut t, "victim"),
            "the fifth failure locks after 10,000 made-up names"
        );
    }

    #[test]
    fn a_table_full_of_real_users_leaves_made_up_names_untracked() {
        let (mut t, _clock) = table(LockoutConfig {
            max_tracked: 2,
            ..LockoutConfig::default()
        });
        t.failed("p", "alice", true);
        t.failed("p", "bob", true);
        t.failed("p", "made-up", false);
        assert_eq!(t.len(), 2);
        for _ in 0..4 {
            t.failed("p", "alice", true);
        }
        assert!(is_locked(&mut t, "alice"));
        // A real user still finds room: the one with fewer failures goes.
        t.failed("p", "carol", true);
        assert_eq!(t.len(), 2);
        assert!(is_locked(&mut t, "alice"));
    }

    #[test]
    fn made_up_names_push_out_each_other_fewest_failures_first() {
        let (mut t, _clock) = table(LockoutConfig {
            max_tracked: 3,
            ..LockoutConfig::default()
        });
        for _ in 0..4 {
            t.failed("p", "x", false);
        }
        t.failed("p", "y", false);
        t.failed("p", "z", false);
        t.failed("p", "w", false);
        assert_eq!(t.len(), 3);
        t.failed("p", "x", false);
        assert!(is_locked(&mut t, "x"), "x kept its four failures");
    }
}
