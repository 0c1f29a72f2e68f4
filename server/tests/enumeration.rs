//! With user-existence errors prevented, unknown, disabled and unconfirmed users and unknown aliases get
//! the same answers as a known user with a wrong password: compared byte for byte over HTTP, less the
//! values that are random in both (SRP_B, SECRET_BLOCK, Session, SALT). The failed-password lockout counts
//! and locks them all alike.

use cognito_srp_core::SrpAuthFlow;
use cognito_srp_server::{ClientConfig, TestServer, UserConfig};
use cognito_srp_test_support::{
    Answer, call, initiate_request, pool_of, srp_for, start_pool, user_with, verifier_request,
    verifier_responses,
};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Enum1";
const PASSWORD: &str = "Right-Pass-1";

fn server() -> TestServer {
    let alice = user_with("alice", PASSWORD, &[("email", "alice@example.com")]);
    let mut dave = UserConfig::new("dave", PASSWORD);
    dave.enabled = false;
    let mut una = UserConfig::new("una", PASSWORD);
    una.status = Some("UNCONFIRMED".into());
    let mut pool = pool_of(POOL, &["hidden"], [alice, dave, una]);
    pool.alias_attributes = vec!["email".into()];
    let mut open = ClientConfig::new("open");
    open.prevent_user_existence_errors = Some(false);
    pool.clients.push(open);
    start_pool(pool)
}

/// The challenge with its random values replaced.
fn masked(a: &Answer) -> (u16, Option<String>, String) {
    let mut v = a.json();
    if let Some(p) = v
        .get_mut("ChallengeParameters")
        .and_then(Value::as_object_mut)
    {
        for k in ["SRP_B", "SECRET_BLOCK", "SALT"] {
            if p.contains_key(k) {
                p.insert(k.into(), json!("*"));
            }
        }
    }
    if v.get("Session").is_some() {
        v["Session"] = json!("*");
    }
    (a.status, a.error_type.clone(), v.to_string())
}

struct Attempt {
    challenge: Answer,
    answer: Answer,
}

/// InitiateAuth for `name`, then a PASSWORD_VERIFIER answer with `password` (and `device_key`).
fn attempt(
    s: &TestServer,
    client_id: &str,
    name: &str,
    password: &str,
    device_key: Option<&str>,
) -> Attempt {
    attempt_with(
        s,
        SrpAuthFlow::UserSrpAuth,
        client_id,
        name,
        password,
        device_key,
    )
}

/// [`attempt`] through the InitiateAuth flow `flow`.
fn attempt_with(
    s: &TestServer,
    flow: SrpAuthFlow,
    client_id: &str,
    name: &str,
    password: &str,
    device_key: Option<&str>,
) -> Attempt {
    let srp = srp_for(POOL, client_id, name);
    let challenge = call(
        s.addr(),
        "InitiateAuth",
        &initiate_request(flow, client_id, &srp),
    );
    assert_eq!(challenge.status, 200, "{}", challenge.text());
    let c = challenge.json();
    let mut responses = verifier_responses(srp, &c, password);
    if let Some(k) = device_key {
        responses.insert("DEVICE_KEY".into(), k.into());
    }
    let answer = call(
        s.addr(),
        "RespondToAuthChallenge",
        &verifier_request(client_id, &c, &responses),
    );
    Attempt { challenge, answer }
}

#[test]
fn unknown_user_answers_match_a_wrong_password_byte_for_byte() {
    let s = server();
    let known = attempt(&s, "hidden", "alice", "wrong-password", None);
    let unknown = attempt(&s, "hidden", "mallory", "wrong-password", None);
    // Same shape of challenge: the name typed comes back as USER_ID_FOR_SRP in both.
    let (ks, kt, kb) = masked(&known.challenge);
    let (us, ut, ub) = masked(&unknown.challenge);
    assert_eq!((ks, kt), (us, ut));
    assert_eq!(kb.replace("alice", "NAME"), ub.replace("mallory", "NAME"));
    // Same refusal, to the byte.
    assert_eq!(known.answer.status, 400);
    assert_eq!(
        known.answer.error_type.as_deref(),
        Some("NotAuthorizedException")
    );
    assert_eq!(
        known.answer.body,
        br#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#
    );
    assert_eq!(unknown.answer.status, known.answer.status);
    assert_eq!(unknown.answer.error_type, known.answer.error_type);
    assert_eq!(unknown.answer.body, known.answer.body);
    // The same unknown name gets the same salt each time (a fresh one would give it away).
    let again = attempt(&s, "hidden", "mallory", "wrong-password", None);
    assert_eq!(
        again.challenge.json()["ChallengeParameters"]["SALT"],
        unknown.challenge.json()["ChallengeParameters"]["SALT"]
    );
}

#[test]
fn every_flow_answers_alike() {
    let s = server();
    for flow in [
        SrpAuthFlow::UserSrpAuth,
        SrpAuthFlow::CustomAuth,
        SrpAuthFlow::UserAuth,
    ] {
        for device_key in [None, Some("us-east-1_made-up")] {
            let known = attempt_with(&s, flow, "hidden", "alice", "wrong-password", device_key);
            for name in ["mallory", "dave", "una"] {
                let other = attempt_with(&s, flow, "hidden", name, "wrong-password", device_key);
                let (ks, kt, kb) = masked(&known.challenge);
                let (os, ot, ob) = masked(&other.challenge);
                assert_eq!((ks, kt), (os, ot), "{flow:?} {name}");
                assert_eq!(
                    kb.replace("alice", "NAME"),
                    ob.replace(name, "NAME"),
                    "{flow:?} {name}"
                );
                assert_eq!(
                    other.answer.status, known.answer.status,
                    "{flow:?} {name} {device_key:?}"
                );
                assert_eq!(other.answer.error_type, known.answer.error_type);
                assert_eq!(
                    other.answer.body, known.answer.body,
                    "{flow:?} {name} {device_key:?}"
                );
            }
        }
    }
}

#[test]
fn made_up_device_key_gets_the_same_answer() {
    let s = server();
    let known = attempt(
        &s,
        "hidden",
        "alice",
        "wrong-password",
        Some("us-east-1_made-up"),
    );
    let unknown = attempt(
        &s,
        "hidden",
        "mallory",
        "wrong-password",
        Some("us-east-1_made-up"),
    );
    assert_eq!(
        known.answer.error_type.as_deref(),
        Some("ResourceNotFoundException")
    );
    assert_eq!(
        known.answer.body,
        br#"{"__type":"ResourceNotFoundException","message":"Device does not exist."}"#
    );
    assert_eq!(unknown.answer.status, known.answer.status);
    assert_eq!(unknown.answer.body, known.answer.body);
}

#[test]
fn disabled_and_unconfirmed_are_told_only_after_a_correct_proof() {
    let s = server();
    let reference = attempt(&s, "hidden", "alice", "wrong-password", None).answer;
    for name in ["dave", "una"] {
        let wrong = attempt(&s, "hidden", name, "wrong-password", None);
        let (_, t, b) = masked(&wrong.challenge);
        assert_eq!(t, None);
        assert!(b.contains("PASSWORD_VERIFIER"));
        assert_eq!(wrong.answer.body, reference.body, "{name}");
    }
    let dave = attempt(&s, "hidden", "dave", PASSWORD, None).answer;
    assert_eq!(
        dave.json(),
        json!({"__type": "NotAuthorizedException", "message": "User is disabled."})
    );
    let una = attempt(&s, "hidden", "una", PASSWORD, None).answer;
    assert_eq!(una.error_type.as_deref(), Some("UserNotConfirmedException"));
}

#[test]
fn unknown_and_known_names_are_locked_alike() {
    let s = server();
    // Five wrong passwords, then two answers refused by the lock, for each name.
    let run = |name: &str| -> Vec<(u16, Option<String>, Vec<u8>)> {
        (0..7)
            .map(|_| {
                let a = attempt(&s, "hidden", name, "wrong-password", None).answer;
                (a.status, a.error_type, a.body)
            })
            .collect()
    };
    let known = run("alice");
    let incorrect: &[u8] =
        br#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#;
    let locked: &[u8] =
        br#"{"__type":"NotAuthorizedException","message":"Password attempts exceeded"}"#;
    let bodies: Vec<&[u8]> = known.iter().map(|(_, _, b)| b.as_slice()).collect();
    assert_eq!(bodies, [[incorrect; 5].as_slice(), &[locked; 2]].concat());
    for name in ["mallory", "nobody@example.com", "dave", "una"] {
        assert_eq!(run(name), known, "{name}");
    }
}

/// The `USER_ID_FOR_SRP` and `SALT` of a challenge.
fn id_and_salt(a: &Attempt) -> (String, String) {
    let p = &a.challenge.json()["ChallengeParameters"];
    (
        p["USER_ID_FOR_SRP"].as_str().unwrap().to_owned(),
        p["SALT"].as_str().unwrap().to_owned(),
    )
}

/// Each character's class: lowercase, uppercase, digit, or the character itself.
fn shape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'a'..='z' => 'a',
            'A'..='Z' => 'A',
            '0'..='9' => '0',
            other => other,
        })
        .collect()
}

#[test]
fn unknown_alias_looks_like_a_known_one() {
    let s = server();
    let known = attempt(&s, "hidden", "alice@example.com", "wrong-password", None);
    let unknown = attempt(&s, "hidden", "nobody@example.com", "wrong-password", None);
    let (known_id, known_salt) = id_and_salt(&known);
    let (id, salt) = id_and_salt(&unknown);
    assert_eq!(known_id, "alice");
    // The unknown alias's id has the shape of one of the pool's usernames, is no real one, and is
    // stable.
    let usernames = ["alice", "dave", "una"];
    assert!(!usernames.contains(&id.as_str()), "{id}");
    assert!(
        usernames.iter().any(|u| shape(u) == shape(&id)),
        "{id} has the shape of no username"
    );
    let again = attempt(&s, "hidden", "nobody@example.com", "wrong-password", None);
    assert_eq!(id_and_salt(&again), (id.clone(), salt.clone()));
    // Typing the id itself gets the same id and salt, as typing "alice" gets alice's salt.
    let direct = attempt(&s, "hidden", &id, "wrong-password", None);
    assert_eq!(id_and_salt(&direct), (id.clone(), salt));
    let alice = attempt(&s, "hidden", "alice", "wrong-password", None);
    assert_eq!(id_and_salt(&alice), (known_id.clone(), known_salt));
    // Less the name, the challenges and the refusals are the same bytes.
    let (ks, kt, kb) = masked(&known.challenge);
    let (us, ut, ub) = masked(&unknown.challenge);
    assert_eq!((us, ut), (ks, kt));
    assert_eq!(
        ub.replace(&format!("\"{id}\""), "\"NAME\""),
        kb.replace("\"alice\"", "\"NAME\"")
    );
    assert_eq!(unknown.answer.status, known.answer.status);
    assert_eq!(unknown.answer.body, known.answer.body);
    // The right password by alias signs in.
    let ok = attempt(&s, "hidden", "alice@example.com", PASSWORD, None).answer;
    assert_eq!(ok.status, 200, "{}", String::from_utf8_lossy(&ok.body));
}

#[test]
fn without_prevention_unknown_and_disabled_users_are_told_at_once() {
    let s = server();
    for (name, code) in [
        ("mallory", "UserNotFoundException"),
        ("dave", "NotAuthorizedException"),
    ] {
        let srp = srp_for(POOL, "open", name);
        let r = call(
            s.addr(),
            "InitiateAuth",
            &initiate_request(SrpAuthFlow::UserSrpAuth, "open", &srp),
        );
        assert_eq!(r.error_type.as_deref(), Some(code));
    }
}
