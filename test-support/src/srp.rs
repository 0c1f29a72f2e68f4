//! USER_SRP_AUTH's two steps as the tests run them: InitiateAuth with `SRP_A`, then the PASSWORD_VERIFIER
//! answer computed by the core client, against a [`Server`] in process or the HTTP front end.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use cognito_srp_core::{AppClient, Password, SrpAuthFlow, Timestamp, UserSrp};
use cognito_srp_server::{CognitoError, Server, TestServer};
use serde_json::{Value, json};

use crate::http::{Answer, call};
use crate::json::string_map;

/// Where a test sends Cognito operations: a [`Server`] in process (`dispatch`), or the HTTP front end
/// (a [`TestServer`] or an address), where any status but 200 is a refusal.
pub trait Cognito {
    /// What a refused operation gives back.
    type Refusal: std::fmt::Debug;

    /// Sends the operation `op` with `request`: the answer, or the refusal.
    ///
    /// # Errors
    /// The server refused the operation.
    fn send(&self, op: &str, request: &Value) -> Result<Value, Self::Refusal>;
}

impl Cognito for Server {
    type Refusal = CognitoError;

    fn send(&self, op: &str, request: &Value) -> Result<Value, CognitoError> {
        self.dispatch(op, request)
    }
}

impl<C: Cognito + ?Sized> Cognito for Arc<C> {
    type Refusal = C::Refusal;

    fn send(&self, op: &str, request: &Value) -> Result<Value, C::Refusal> {
        (**self).send(op, request)
    }
}

impl Cognito for SocketAddr {
    type Refusal = Answer;

    fn send(&self, op: &str, request: &Value) -> Result<Value, Answer> {
        let answer = call(*self, op, request);
        if answer.status == 200 {
            Ok(answer.json())
        } else {
            Err(answer)
        }
    }
}

/// Over HTTP, at [`TestServer::addr`]; `s.server()` is the same server in process.
impl Cognito for TestServer {
    type Refusal = Answer;

    fn send(&self, op: &str, request: &Value) -> Result<Value, Answer> {
        self.addr().send(op, request)
    }
}

/// A USER_SRP_AUTH start for `username` of `pool` through the app client `client_id` (no secret), with
/// a fresh `a` from the operating system.
///
/// # Panics
/// When the pool id, client id or username is malformed.
pub fn srp_for(pool: &str, client_id: &str, username: &str) -> UserSrp {
    AppClient::new(pool, client_id)
        .unwrap()
        .start_user_srp_os(username)
        .unwrap()
}

/// The InitiateAuth request of `srp` through `client_id` for the flow `flow`.
pub fn initiate_request(flow: SrpAuthFlow, client_id: &str, srp: &UserSrp) -> Value {
    json!({"AuthFlow": flow.auth_flow(), "ClientId": client_id,
            "AuthParameters": srp.initiate_auth_parameters(flow)})
}

/// The PASSWORD_VERIFIER `ChallengeResponses` of `srp` for the `challenge` InitiateAuth answered, with
/// `password`, signed at `timestamp`.
///
/// # Panics
/// When the challenge's parameters are not a PASSWORD_VERIFIER challenge the core accepts.
pub fn verifier_responses_at(
    srp: UserSrp,
    challenge: &Value,
    password: &str,
    timestamp: &Timestamp,
) -> HashMap<String, String> {
    srp.respond(
        &string_map(&challenge["ChallengeParameters"]),
        &Password::new(password).unwrap(),
        timestamp,
    )
    .unwrap()
}

/// [`verifier_responses_at`] signed now.
///
/// # Panics
/// As [`verifier_responses_at`].
pub fn verifier_responses(
    srp: UserSrp,
    challenge: &Value,
    password: &str,
) -> HashMap<String, String> {
    verifier_responses_at(srp, challenge, password, &Timestamp::now())
}

/// The RespondToAuthChallenge request answering the PASSWORD_VERIFIER `challenge` (its `Session` sent
/// back) with `responses`, through `client_id`.
pub fn verifier_request(
    client_id: &str,
    challenge: &Value,
    responses: &HashMap<String, String>,
) -> Value {
    json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id,
            "ChallengeResponses": responses, "Session": challenge["Session"]})
}

/// One USER_SRP_AUTH sign-in up to the PASSWORD_VERIFIER answer.
#[derive(Debug)]
pub struct SrpSteps<R> {
    /// InitiateAuth's answer: the PASSWORD_VERIFIER challenge.
    pub challenge: Value,
    /// The `ChallengeResponses` sent.
    pub responses: HashMap<String, String>,
    /// What RespondToAuthChallenge gave: tokens, the next challenge, or a refusal.
    pub answer: Result<Value, R>,
}

/// InitiateAuth (USER_SRP_AUTH) for `srp` through `client_id`, then the PASSWORD_VERIFIER answer with
/// `password`.
///
/// # Errors
/// InitiateAuth's refusal; a refused answer is in [`SrpSteps::answer`].
///
/// # Panics
/// When InitiateAuth answers with anything but PASSWORD_VERIFIER.
pub fn srp_steps<C: Cognito + ?Sized>(
    to: &C,
    client_id: &str,
    srp: UserSrp,
    password: &str,
) -> Result<SrpSteps<C::Refusal>, C::Refusal> {
    let challenge = to.send(
        "InitiateAuth",
        &initiate_request(SrpAuthFlow::UserSrpAuth, client_id, &srp),
    )?;
    assert_eq!(
        challenge["ChallengeName"], "PASSWORD_VERIFIER",
        "{challenge}"
    );
    let responses = verifier_responses(srp, &challenge, password);
    let answer = to.send(
        "RespondToAuthChallenge",
        &verifier_request(client_id, &challenge, &responses),
    );
    Ok(SrpSteps {
        challenge,
        responses,
        answer,
    })
}

/// [`srp_steps`]: the PASSWORD_VERIFIER answer (tokens or the next challenge), or the first refusal.
///
/// # Errors
/// Either step's refusal.
///
/// # Panics
/// As [`srp_steps`].
pub fn try_sign_in<C: Cognito + ?Sized>(
    to: &C,
    client_id: &str,
    srp: UserSrp,
    password: &str,
) -> Result<Value, C::Refusal> {
    srp_steps(to, client_id, srp, password)?.answer
}

/// [`try_sign_in`] that must succeed: the PASSWORD_VERIFIER answer.
///
/// # Panics
/// When either step is refused, or as [`srp_steps`].
pub fn sign_in<C: Cognito + ?Sized>(
    to: &C,
    client_id: &str,
    srp: UserSrp,
    password: &str,
) -> Value {
    try_sign_in(to, client_id, srp, password)
        .unwrap_or_else(|refusal| panic!("sign-in refused: {refusal:?}"))
}
