//! Where a user's codes go, and what `CodeDeliveryDetails` shows: a real address masked, or, for a name
//! that matches no user while existence errors are prevented, a simulated one of the same shape.

use crate::model::{Pool, User};
use crate::outbox::{SentCode, delivery_mask};
use crate::protocol::types::CodeDeliveryDetails;
use crate::service::{Server, lock};
use crate::util::now_secs;

/// Where a code goes: the attribute, the medium, the address.
pub(crate) struct Destination {
    pub attribute: &'static str,
    pub medium: &'static str,
    pub address: String,
}

/// The sign-in attributes codes can be sent to, with their medium.
pub(crate) const CONTACTS: [(&str, &str); 2] = [("email", "EMAIL"), ("phone_number", "SMS")];

/// Where a pool sends `user`'s codes: the first of `attributes` (in the pool's order) the user has, and,
/// when `verified_only`, has verified.
pub(crate) fn destination<'a>(
    attributes: impl IntoIterator<Item = &'a str>,
    user: &User,
    verified_only: bool,
) -> Option<Destination> {
    attributes.into_iter().find_map(|a| {
        let (attribute, medium) = CONTACTS.into_iter().find(|(name, _)| *name == a)?;
        let address = user.attributes.get(attribute).filter(|v| !v.is_empty())?;
        let verified = user
            .attributes
            .get(&format!("{attribute}_verified"))
            .is_some_and(|v| v == "true");
        (verified || !verified_only).then(|| Destination {
            attribute,
            medium,
            address: address.clone(),
        })
    })
}

/// The `CodeDeliveryDetails` shown for a name that matches no user: the shape a real answer would
/// have (the name itself masked when it is an email address or phone number the pool signs in with,
/// else a masked address derived from the name with the pool's key, so it is the same every time).
pub(crate) fn simulated_delivery(pool: &Pool, name: &str) -> CodeDeliveryDetails {
    let (attribute, medium) =
        if name.starts_with('+') && pool.alias_attributes.iter().any(|a| a == "phone_number") {
            CONTACTS[1]
        } else if name.contains('@')
            || !pool
                .auto_verified_attributes
                .iter()
                .any(|a| a == "phone_number")
        {
            CONTACTS[0]
        } else {
            CONTACTS[1]
        };
    let destination = if pool.alias_attributes.iter().any(|a| a == attribute)
        && (name.contains('@') || name.starts_with('+'))
    {
        delivery_mask(name)
    } else {
        let d = crate::stand_in::mac(&pool.stand_in_key, &[b"delivery", name.as_bytes()]);
        let letter = |b: u8| char::from(b'a' + b % 26);
        if medium == "EMAIL" {
            format!("{}***@{}***", letter(d[0]), letter(d[1]))
        } else {
            let digits: String = d[2..6].iter().map(|b| char::from(b'0' + b % 10)).collect();
            format!("+*******{digits}")
        }
    };
    CodeDeliveryDetails {
        destination,
        delivery_medium: medium.to_owned(),
        attribute_name: attribute.to_owned(),
    }
}

impl Server {
    /// Writes a code to the outbox and returns how `CodeDeliveryDetails` shows it.
    pub(crate) fn send_code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &'static str,
        to: &Destination,
        code: String,
    ) -> CodeDeliveryDetails {
        lock(&self.outbox).send(SentCode {
            pool_id: pool_id.to_owned(),
            username: username.to_owned(),
            challenge: purpose,
            medium: to.medium,
            destination: to.address.clone(),
            code,
            sent_at: now_secs(),
        });
        CodeDeliveryDetails {
            destination: delivery_mask(&to.address),
            delivery_medium: to.medium.to_owned(),
            attribute_name: to.attribute.to_owned(),
        }
    }
}
