//! The MFA challenges over HTTP, at the protocol level: retries and the attempt limit, expiry, answers
//! that do not fit the challenge, and NEW_PASSWORD_REQUIRED's required attributes.

use cognito_srp_server::{Config, DeviceTracking, MfaMode, TestServer, UserConfig};
use cognito_srp_test_support::{
    Answer, call, newest_code, one_pool, pool_of, sign_in, srp_for, user_with,
};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_MfaProto1";
const PW: &str = "Proto-Pass-1";

fn server(session_validity_seconds: i64) -> TestServer {
    let mut sms = user_with("sms", PW, &[("phone_number", "+15550199"), ("name", "Sam")]);
    sms.mfa = vec!["SMS_MFA".into()];
    let mut both = user_with("both", PW, &[("email", "both@example.com"), ("name", "Bo")]);
    both.mfa = vec!["SMS_MFA".into(), "EMAIL_OTP".into()];
    let mut fresh = UserConfig::new("fresh", PW);
    fresh.status = Some("FORCE_CHANGE_PASSWORD".into());
    let nomfa = UserConfig::new("nomfa", PW);
    let mut pool = pool_of(POOL, &["c"], [sms, both, fresh, nomfa]);
    pool.device_tracking = DeviceTracking::Off;
    pool.mfa = MfaMode::On;
    pool.required_attributes = vec!["name".into()];
    TestServer::start(Config {
        session_validity_seconds,
        ..one_pool(pool)
    })
    .unwrap()
}

/// USER_SRP_AUTH and PASSWORD_VERIFIER over HTTP; the answer to the latter.
fn after_password(s: &TestServer, user: &str) -> Value {
    sign_in(s, "c", srp_for(POOL, "c", user), PW)
}

fn answer(s: &TestServer, challenge: &Value, responses: Value) -> Answer {
    call(
        s.addr(),
        "RespondToAuthChallenge",
        &json!({"ChallengeName": challenge["ChallengeName"], "ClientId": "c",
                "ChallengeResponses": responses, "Session": challenge["Session"]}),
    )
}

fn last_code(s: &TestServer, user: &str) -> String {
    newest_code(s.server(), user, None)
}

fn other_than(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

#[test]
fn wrong_codes_can_be_retried_until_the_limit() {
    let s = server(180);
    let ch = after_password(&s, "sms");
    assert_eq!(ch["ChallengeName"], "SMS_MFA");
    assert_eq!(
        ch["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "+1***0199"
    );
    let code = last_code(&s, "sms");
    let wrong = answer(
        &s,
        &ch,
        json!({"USERNAME": "sms", "SMS_MFA_CODE": other_than(&code)}),
    );
    assert_eq!(wrong.error_type.as_deref(), Some("CodeMismatchException"));
    // The same session takes the right code after a wrong one.
    let ok = answer(&s, &ch, json!({"USERNAME": "sms", "SMS_MFA_CODE": code}));
    assert_eq!(ok.status, 200, "{}", String::from_utf8_lossy(&ok.body));
    assert!(ok.json()["AuthenticationResult"]["AccessToken"].is_string());
    // And only once.
    let again = answer(&s, &ch, json!({"USERNAME": "sms", "SMS_MFA_CODE": code}));
    assert_eq!(again.error_type.as_deref(), Some("NotAuthorizedException"));

    // Three wrong codes close the session: the right one is then refused.
    let ch = after_password(&s, "sms");
    let code = last_code(&s, "sms");
    for _ in 0..3 {
        let wrong = answer(
            &s,
            &ch,
            json!({"USERNAME": "sms", "SMS_MFA_CODE": other_than(&code)}),
        );
        assert_eq!(wrong.error_type.as_deref(), Some("CodeMismatchException"));
    }
    let late = answer(&s, &ch, json!({"USERNAME": "sms", "SMS_MFA_CODE": code}));
    assert_eq!(late.error_type.as_deref(), Some("NotAuthorizedException"));
}

#[test]
fn codes_expire_with_the_session() {
    let s = server(1);
    let ch = after_password(&s, "sms");
    let code = last_code(&s, "sms");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let late = answer(&s, &ch, json!({"USERNAME": "sms", "SMS_MFA_CODE": code}));
    assert_eq!(late.error_type.as_deref(), Some("NotAuthorizedException"));
}

#[test]
fn answers_must_fit_the_challenge() {
    let s = server(180);
    // SELECT_MFA_TYPE: only an offered method.
    let ch = after_password(&s, "both");
    assert_eq!(ch["ChallengeName"], "SELECT_MFA_TYPE");
    assert_eq!(
        ch["ChallengeParameters"]["MFAS_CAN_CHOOSE"],
        "[\"SMS_MFA\",\"EMAIL_OTP\"]"
    );
    let bad = answer(
        &s,
        &ch,
        json!({"USERNAME": "both", "ANSWER": "SOFTWARE_TOKEN_MFA"}),
    );
    assert_eq!(bad.error_type.as_deref(), Some("InvalidParameterException"));
    let ch = after_password(&s, "both");
    let email = answer(&s, &ch, json!({"USERNAME": "both", "ANSWER": "EMAIL_OTP"})).json();
    assert_eq!(email["ChallengeName"], "EMAIL_OTP");
    assert_eq!(
        email["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "b***@example.com"
    );
    let code = last_code(&s, "both");
    let ok = answer(
        &s,
        &email,
        json!({"USERNAME": "both", "EMAIL_OTP_CODE": code}),
    );
    assert_eq!(ok.status, 200, "{}", String::from_utf8_lossy(&ok.body));

    // MFA_SETUP (the pool requires MFA, the user has none): not before VerifySoftwareToken.
    let ch = after_password(&s, "nomfa");
    assert_eq!(ch["ChallengeName"], "MFA_SETUP");
    let early = answer(&s, &ch, json!({"USERNAME": "nomfa"}));
    assert_eq!(
        early.error_type.as_deref(),
        Some("InvalidParameterException")
    );
    // VerifySoftwareToken on a session that has no secret yet.
    let ch = after_password(&s, "nomfa");
    let v = call(
        s.addr(),
        "VerifySoftwareToken",
        &json!({"Session": ch["Session"], "UserCode": "123456"}),
    );
    assert_eq!(v.error_type.as_deref(), Some("InvalidParameterException"));
}

#[test]
fn new_password_required_needs_the_required_attributes() {
    let s = server(180);
    let ch = after_password(&s, "fresh");
    assert_eq!(ch["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    assert_eq!(
        ch["ChallengeParameters"]["requiredAttributes"],
        "[\"userAttributes.name\"]"
    );
    let bad = answer(
        &s,
        &ch,
        json!({"USERNAME": "fresh", "NEW_PASSWORD": "Fresh-Pass-2"}),
    );
    assert_eq!(bad.error_type.as_deref(), Some("InvalidParameterException"));
    assert_eq!(
        bad.json()["message"],
        "Invalid attributes given, name is missing"
    );
    // With it: the pool requires MFA and the user has none, so MFA_SETUP follows.
    let ch = after_password(&s, "fresh");
    let next = answer(
        &s,
        &ch,
        json!({"USERNAME": "fresh", "NEW_PASSWORD": "Fresh-Pass-2", "userAttributes.name": "Fresh"}),
    );
    assert_eq!(next.status, 200, "{}", String::from_utf8_lossy(&next.body));
    assert_eq!(next.json()["ChallengeName"], "MFA_SETUP");
}

#[test]
fn mfa_setup_by_email_as_amplify_answers_it() {
    let s = server(180);
    let ch = after_password(&s, "nomfa");
    assert_eq!(ch["ChallengeName"], "MFA_SETUP");
    let can: Vec<String> = serde_json::from_str(
        ch["ChallengeParameters"]["MFAS_CAN_SETUP"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert!(can.contains(&"EMAIL_OTP".to_owned()));
    // Amplify v6 answers MFA_SETUP with the address; an EMAIL_OTP challenge to it follows.
    let otp = answer(
        &s,
        &ch,
        json!({"USERNAME": "nomfa", "EMAIL": "nomfa@example.com"}),
    );
    assert_eq!(otp.status, 200, "{}", String::from_utf8_lossy(&otp.body));
    let otp = otp.json();
    assert_eq!(otp["ChallengeName"], "EMAIL_OTP");
    assert_eq!(
        otp["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"],
        "EMAIL"
    );
    let sent = s.server().sent_codes().into_iter().last().unwrap();
    assert_eq!(
        (sent.username.as_str(), sent.destination.as_str()),
        ("nomfa", "nomfa@example.com")
    );
    let wrong = answer(
        &s,
        &otp,
        json!({"USERNAME": "nomfa", "EMAIL_OTP_CODE": other_than(&sent.code)}),
    );
    assert_eq!(wrong.error_type.as_deref(), Some("CodeMismatchException"));
    let done = answer(
        &s,
        &otp,
        json!({"USERNAME": "nomfa", "EMAIL_OTP_CODE": sent.code}),
    );
    assert_eq!(done.status, 200, "{}", String::from_utf8_lossy(&done.body));
    let token = done.json()["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    // Enrolled: GetUser reports it, as Amplify's fetchMFAPreference reads it, and the next sign-in
    // asks for an email code.
    let me = call(s.addr(), "GetUser", &json!({"AccessToken": token})).json();
    assert_eq!(me["UserMFASettingList"], json!(["EMAIL_OTP"]));
    assert_eq!(me["PreferredMfaSetting"], "EMAIL_OTP");
    assert!(
        me["UserAttributes"]
            .as_array()
            .unwrap()
            .contains(&json!({"Name": "email_verified", "Value": "true"}))
    );
    assert_eq!(after_password(&s, "nomfa")["ChallengeName"], "EMAIL_OTP");
}
