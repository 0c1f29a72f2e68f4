//! What one request concerned, for the request log: the app client, the flow or challenge, the user
//! (or stand-in `USER_ID_FOR_SRP`) and what verified. The request's names come from its typed form
//! ([`crate::protocol::Request`]); handlers note the user and the proof as they learn them, into the
//! trace of the request their thread is running ([`record`]).

use std::cell::RefCell;

use crate::protocol::Request;

/// What one request concerned.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Trace {
    /// `ClientId` of the request.
    pub client: Option<String>,
    /// The flow or challenge named.
    pub step: Option<String>,
    /// The user (or stand-in `USER_ID_FOR_SRP`) it concerned.
    pub user: Option<String>,
    /// `password`, `device` or `mfa` when a proof verified.
    pub verified: Option<&'static str>,
}

thread_local! {
    static CURRENT: RefCell<Option<Trace>> = const { RefCell::new(None) };
}

/// Runs `f` with a fresh trace for this thread and returns what it noted.
pub(crate) fn record<R>(f: impl FnOnce() -> R) -> (R, Trace) {
    let outer = CURRENT.with(|c| c.replace(Some(Trace::default())));
    let result = f();
    let trace = CURRENT.with(|c| c.replace(outer)).unwrap_or_default();
    (result, trace)
}

fn with(f: impl FnOnce(&mut Trace)) {
    CURRENT.with(|c| {
        if let Some(t) = c.borrow_mut().as_mut() {
            f(t);
        }
    });
}

/// Notes what a request names (client-supplied text, cut short).
pub(crate) fn note_request<R: Request>(request: &R) {
    with(|t| {
        t.client = request.client_id().map(|c| c.chars().take(128).collect());
        t.step = request.step().map(|s| s.chars().take(64).collect());
    });
}

/// Notes the user a request concerns.
pub(crate) fn note_user(user: &str) {
    with(|t| t.user = Some(user.chars().take(128).collect()));
}

/// Notes the proof that verified (`password`, `device`, `mfa`).
pub(crate) fn note_verified(what: &'static str) {
    with(|t| t.verified = Some(what));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_go_to_the_recording_trace_only() {
        note_user("nobody is recording");
        let ((), t) = record(|| {
            note_user("alice");
            let ((), inner) = record(|| note_verified("password"));
            assert_eq!(inner.verified, Some("password"));
        });
        assert_eq!(t.user.as_deref(), Some("alice"));
        assert_eq!(t.verified, None);
    }
}
