//! A signed-in user's own attributes: UpdateUserAttributes, GetUserAttributeVerificationCode,
//! VerifyUserAttribute and DeleteUserAttributes.

use crate::codes::{IssuedCode, RESET_CODE_SECONDS};
use crate::delivery::{CONTACTS, destination};
use crate::lifecycle::client_attributes;
use crate::protocol::users::{
    CodeDeliveryResponse, DeleteUserAttributesRequest, GetUserAttributeVerificationCodeRequest,
    UpdateUserAttributesRequest, UpdateUserAttributesResponse, VerifyUserAttributeRequest,
};
use crate::protocol::{CognitoError, Empty};
use crate::service::Server;
use crate::util::now_secs;

impl Server {
    /// UpdateUserAttributes: writable attributes only; a changed email address or phone number the pool
    /// verifies becomes unverified and is sent a code.
    pub(crate) fn update_user_attributes(
        &self,
        r: UpdateUserAttributesRequest,
    ) -> Result<UpdateUserAttributesResponse, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        let given = client_attributes(&r.user_attributes)?;
        let mut sends = Vec::new();
        {
            let mut dir = self.directory_mut();
            let pool = dir.pool_mut(&pool_id)?;
            let auto = pool.auto_verified_attributes.clone();
            let user = pool
                .users
                .get(&username)
                .ok_or_else(CognitoError::invalid_access_token)?;
            let mut values = given.clone();
            for (name, value) in &given {
                let changed = user.attributes.get(name) != Some(value);
                if changed && CONTACTS.iter().any(|(a, _)| a == name) {
                    values.push((format!("{name}_verified"), "false".into()));
                }
            }
            pool.set_attributes(&username, &values)?;
            let user = pool
                .users
                .get_mut(&username)
                .ok_or_else(CognitoError::invalid_access_token)?;
            for (name, _) in given.iter().filter(|(n, _)| auto.contains(n)) {
                if let Some(to) = destination([name.as_str()], user, false) {
                    let (code, text) = IssuedCode::new(now_secs(), RESET_CODE_SECONDS);
                    user.codes.set_attribute(to.attribute, code);
                    sends.push((to, text));
                }
            }
        }
        Ok(UpdateUserAttributesResponse {
            code_delivery_details_list: sends
                .into_iter()
                .map(|(to, text)| {
                    self.send_code(&pool_id, &username, "VERIFY_ATTRIBUTE", &to, text)
                })
                .collect(),
        })
    }

    /// GetUserAttributeVerificationCode: a code to the user's email address or phone number.
    pub(crate) fn get_user_attribute_verification_code(
        &self,
        r: GetUserAttributeVerificationCodeRequest,
    ) -> Result<CodeDeliveryResponse, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        let (to, text) = {
            let mut dir = self.directory_mut();
            let user = dir
                .pool_mut(&pool_id)?
                .users
                .get_mut(&username)
                .ok_or_else(CognitoError::invalid_access_token)?;
            let to = destination([r.attribute_name.as_str()], user, false).ok_or_else(|| {
                CognitoError::invalid(format!(
                    "The user has no {} to verify.",
                    r.attribute_name.chars().take(64).collect::<String>()
                ))
            })?;
            let (code, text) = IssuedCode::new(now_secs(), RESET_CODE_SECONDS);
            user.codes.set_attribute(to.attribute, code);
            (to, text)
        };
        Ok(CodeDeliveryResponse {
            code_delivery_details: self.send_code(
                &pool_id,
                &username,
                "VERIFY_ATTRIBUTE",
                &to,
                text,
            ),
        })
    }

    /// VerifyUserAttribute: the code marks the attribute verified.
    pub(crate) fn verify_user_attribute(
        &self,
        r: VerifyUserAttributeRequest,
    ) -> Result<Empty, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        let mut dir = self.directory_mut();
        let user = dir
            .pool_mut(&pool_id)?
            .users
            .get_mut(&username)
            .ok_or_else(CognitoError::invalid_access_token)?;
        user.codes
            .redeem_attribute(&r.attribute_name, &r.code, now_secs())?;
        user.attributes
            .insert(format!("{}_verified", r.attribute_name), "true".into());
        user.modified = crate::util::now_f64();
        Ok(Empty {})
    }

    /// DeleteUserAttributes: writable attributes only, never a required one.
    pub(crate) fn delete_user_attributes(
        &self,
        r: DeleteUserAttributesRequest,
    ) -> Result<Empty, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        let mut dir = self.directory_mut();
        let pool = dir.pool_mut(&pool_id)?;
        if let Some(bad) = r.user_attribute_names.iter().find(|n| {
            !crate::attributes::client_writable(n) || pool.required_attributes.contains(n)
        }) {
            return Err(CognitoError::invalid(format!(
                "Cannot delete the attribute {}",
                bad.chars().take(64).collect::<String>()
            )));
        }
        pool.remove_attributes(&username, &r.user_attribute_names);
        Ok(Empty {})
    }
}
