use super::*;

#[test]
fn existence_answers() {
    use SignInBlocker::*;
    // Prevented: nothing is told before a proof; after one, only the state of a real user.
    for blocker in [UnknownUser, Disabled, Unconfirmed] {
        assert_eq!(existence_answer(true, blocker, false), None);
    }
    assert_eq!(
        existence_answer(true, UnknownUser, true),
        Some(CognitoError::incorrect())
    );
    assert_eq!(
        existence_answer(true, Disabled, true),
        Some(CognitoError::not_authorized("User is disabled."))
    );
    // Not prevented: told at once.
    assert_eq!(
        existence_answer(false, UnknownUser, false).unwrap().code(),
        "UserNotFoundException"
    );
    assert_eq!(
        existence_answer(false, Unconfirmed, false).unwrap().code(),
        "UserNotConfirmedException"
    );
}

#[test]
fn secret_hash_over_the_given_user_id() {
    let secret = ClientSecret::new("s3cret").unwrap();
    let mut params = HashMap::new();
    assert!(
        check_secret_hash(Some(&secret), "c", "alice", &params)
            .unwrap_err()
            .message()
            .contains("secret was not received")
    );
    params.insert(
        wire::SECRET_HASH.to_owned(),
        cognito_srp_core::secret_hash("s3cret", "alice", "c"),
    );
    assert!(check_secret_hash(Some(&secret), "c", "alice", &params).is_ok());
    assert!(check_secret_hash(Some(&secret), "c", "alice@example.com", &params).is_err());
    assert!(check_secret_hash(None, "c", "x", &HashMap::new()).is_ok());
}
