//! An unknown alias's stand-in challenge over the server: its `USER_ID_FOR_SRP` and `SALT` stay the same
//! when users are added, so watching one name across an addition tells nothing about it.

use cognito_srp_core::SrpAuthFlow;
use cognito_srp_server::{Server, UserConfig};
use cognito_srp_test_support::{in_process, initiate_request, one_pool, pool_of, srp_for};

const POOL: &str = "us-east-1_Stand1";

/// `USER_ID_FOR_SRP` and `SALT` of the PASSWORD_VERIFIER challenge `name` gets.
fn id_and_salt(s: &Server, name: &str) -> (String, String) {
    let srp = srp_for(POOL, "c", name);
    let a = s
        .dispatch(
            "InitiateAuth",
            &initiate_request(SrpAuthFlow::UserSrpAuth, "c", &srp),
        )
        .unwrap();
    assert_eq!(a["ChallengeName"], "PASSWORD_VERIFIER", "{a}");
    let p = &a["ChallengeParameters"];
    (
        p["USER_ID_FOR_SRP"].as_str().unwrap().to_owned(),
        p["SALT"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn adding_users_changes_no_unknown_alias_challenge() {
    let users = ["alice", "Bob-7", "c.d.e", "Eve_2000"].map(|u| UserConfig::new(u, "Pass-word-1"));
    let mut pool = pool_of(POOL, &["c"], users);
    pool.alias_attributes = vec!["email".into(), "phone_number".into()];
    let s = in_process(one_pool(pool));
    let names = ["nobody@example.com", "+15550100199"];
    let before: Vec<_> = names.iter().map(|n| id_and_salt(&s, n)).collect();
    // Usernames of many lengths: a stand-in shaped after a different one would differ.
    for i in 0..16 {
        let username = format!("{}{i}", "n".repeat(i + 1));
        s.add_user(POOL, UserConfig::new(username, "Pass-word-1"))
            .unwrap();
        for (n, b) in names.iter().zip(&before) {
            assert_eq!(&id_and_salt(&s, n), b, "{n} after adding user {i}");
        }
    }
}
