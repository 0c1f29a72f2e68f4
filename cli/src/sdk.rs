//! [`Transport`] over the AWS SDK for Rust: the real Cognito Identity Provider client, configured with no
//! credentials provider (InitiateAuth, RespondToAuthChallenge, ConfirmDevice, UpdateDeviceStatus and
//! ForgetDevice are unauthenticated or authorised by the access token alone), and with proxies taken from
//! the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::http::HttpResponse;
use aws_sdk_cognitoidentityprovider::config::timeout::TimeoutConfig;
use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
use aws_sdk_cognitoidentityprovider::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_cognitoidentityprovider::operation::RequestId;
use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, AuthenticationResultType, ChallengeNameType, DeviceRememberedStatusType,
    DeviceSecretVerifierConfigType,
};
use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::{Connector, tls};
use aws_smithy_runtime_api::client::http::{SharedHttpClient, SharedHttpConnector, http_client_fn};
use cognito_srp_core::DeviceSecretVerifierConfig;
use zeroize::Zeroizing;

use crate::client::{ApiError, AuthResult, AuthStep, CallError, NewDeviceMetadata, Transport};

/// The SDK client and the runtime that drives it.
pub struct SdkTransport {
    rt: tokio::runtime::Runtime,
    client: Client,
}

impl SdkTransport {
    /// A client for `region`, sending to `endpoint` when given (else the SDK's Cognito endpoint).
    ///
    /// # Errors
    /// When the runtime cannot start.
    pub fn new(region: &str, endpoint: Option<&str>) -> Result<Self, String> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))?;
        let http = http_client();
        let mut config = aws_sdk_cognitoidentityprovider::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(region.to_owned()))
            .http_client(http)
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(10))
                    .operation_timeout(Duration::from_secs(60))
                    .build(),
            );
        if let Some(e) = endpoint {
            config = config.endpoint_url(e);
        }
        let config = config.build();
        Ok(SdkTransport {
            client: Client::from_conf(config),
            rt,
        })
    }
}

/// The SDK's HTTP client (rustls on ring) with the proxies of the environment. One connector serves
/// every call, so calls share connections.
fn http_client() -> SharedHttpClient {
    let connector: Arc<OnceLock<SharedHttpConnector>> = Arc::default();
    http_client_fn(move |settings, components| {
        connector
            .get_or_init(|| {
                let mut builder = Connector::builder()
                    .connector_settings(settings.clone())
                    .proxy_config(ProxyConfig::from_env());
                builder.set_sleep_impl(components.sleep_impl());
                SharedHttpConnector::new(
                    builder
                        .tls_provider(tls::Provider::Rustls(
                            tls::rustls_provider::CryptoMode::Ring,
                        ))
                        .build(),
                )
            })
            .clone()
    })
}

fn call_error<E>(e: SdkError<E, HttpResponse>) -> CallError
where
    E: ProvideErrorMetadata + RequestId,
    E: std::error::Error + 'static,
{
    match &e {
        SdkError::ServiceError(se) => CallError::Api(ApiError {
            code: se.err().code().unwrap_or("UnknownError").to_owned(),
            message: se.err().message().unwrap_or("").to_owned(),
            request_id: se.err().request_id().map(str::to_owned).or_else(|| {
                se.raw()
                    .headers()
                    .get("x-amzn-requestid")
                    .map(str::to_owned)
            }),
            status: Some(se.raw().status().as_u16()),
        }),
        SdkError::ResponseError(re) => CallError::Protocol(format!(
            "{} (HTTP {}{})",
            DisplayErrorContext(&e),
            re.raw().status().as_u16(),
            re.raw()
                .headers()
                .get("x-amzn-requestid")
                .map(|id| format!(", request id {id}"))
                .unwrap_or_default()
        )),
        SdkError::ConstructionFailure(_) => CallError::Local(DisplayErrorContext(&e).to_string()),
        _ => CallError::Transport(DisplayErrorContext(&e).to_string()),
    }
}

fn result(r: Option<&AuthenticationResultType>) -> Option<AuthResult> {
    r.map(|r| AuthResult {
        access_token: r.access_token().map(str::to_owned),
        expires_in: i64::from(r.expires_in()),
        id_token: r.id_token().map(str::to_owned),
        refresh_token: r.refresh_token().map(str::to_owned),
        token_type: r.token_type().map(str::to_owned),
        new_device_metadata: r.new_device_metadata().and_then(|m| {
            Some(NewDeviceMetadata {
                device_key: m.device_key()?.to_owned(),
                device_group_key: m.device_group_key()?.to_owned(),
            })
        }),
    })
}

impl Transport for SdkTransport {
    fn initiate_auth(
        &self,
        flow: &str,
        client_id: &str,
        parameters: HashMap<String, String>,
    ) -> Result<AuthStep, CallError> {
        let out = self
            .rt
            .block_on(
                self.client
                    .initiate_auth()
                    .auth_flow(AuthFlowType::from(flow))
                    .client_id(client_id)
                    .set_auth_parameters(Some(parameters))
                    .send(),
            )
            .map_err(call_error)?;
        Ok(AuthStep {
            challenge_name: out.challenge_name().map(|c| c.as_str().to_owned()),
            challenge_parameters: out.challenge_parameters().cloned().unwrap_or_default(),
            session: out.session().map(str::to_owned),
            result: result(out.authentication_result()),
        })
    }

    fn respond_to_auth_challenge(
        &self,
        challenge: &str,
        client_id: &str,
        responses: HashMap<String, String>,
        session: Option<String>,
    ) -> Result<AuthStep, CallError> {
        let out = self
            .rt
            .block_on(
                self.client
                    .respond_to_auth_challenge()
                    .challenge_name(ChallengeNameType::from(challenge))
                    .client_id(client_id)
                    .set_challenge_responses(Some(responses))
                    .set_session(session)
                    .send(),
            )
            .map_err(call_error)?;
        Ok(AuthStep {
            challenge_name: out.challenge_name().map(|c| c.as_str().to_owned()),
            challenge_parameters: out.challenge_parameters().cloned().unwrap_or_default(),
            session: out.session().map(str::to_owned),
            result: result(out.authentication_result()),
        })
    }

    fn confirm_device(
        &self,
        access_token: &str,
        device_key: &str,
        config: &DeviceSecretVerifierConfig,
        device_name: &str,
    ) -> Result<bool, CallError> {
        let out = self
            .rt
            .block_on(
                self.client
                    .confirm_device()
                    .access_token(access_token)
                    .device_key(device_key)
                    .device_secret_verifier_config(
                        DeviceSecretVerifierConfigType::builder()
                            .salt(config.salt())
                            .password_verifier(config.password_verifier())
                            .build(),
                    )
                    .device_name(device_name)
                    .send(),
            )
            .map_err(call_error)?;
        Ok(out.user_confirmation_necessary())
    }

    fn remember_device(&self, access_token: &str, device_key: &str) -> Result<(), CallError> {
        self.rt
            .block_on(
                self.client
                    .update_device_status()
                    .access_token(access_token)
                    .device_key(device_key)
                    .device_remembered_status(DeviceRememberedStatusType::Remembered)
                    .send(),
            )
            .map_err(call_error)?;
        Ok(())
    }

    fn associate_software_token(
        &self,
        session: &str,
    ) -> Result<(Zeroizing<String>, Option<String>), CallError> {
        let out = self
            .rt
            .block_on(
                self.client
                    .associate_software_token()
                    .session(session)
                    .send(),
            )
            .map_err(call_error)?;
        Ok((
            Zeroizing::new(out.secret_code().unwrap_or("").to_owned()),
            out.session().map(str::to_owned),
        ))
    }

    fn verify_software_token(
        &self,
        session: &str,
        code: &str,
        friendly_device_name: &str,
    ) -> Result<(String, Option<String>), CallError> {
        let out = self
            .rt
            .block_on(
                self.client
                    .verify_software_token()
                    .session(session)
                    .user_code(code)
                    .friendly_device_name(friendly_device_name)
                    .send(),
            )
            .map_err(call_error)?;
        Ok((
            out.status()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            out.session().map(str::to_owned),
        ))
    }

    fn forget_device(&self, access_token: &str, device_key: &str) -> Result<(), CallError> {
        self.rt
            .block_on(
                self.client
                    .forget_device()
                    .access_token(access_token)
                    .device_key(device_key)
                    .send(),
            )
            .map_err(call_error)?;
        Ok(())
    }
}
