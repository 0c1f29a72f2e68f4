//! Connections held per peer address, so one client cannot take every connection slot.
//!
//! A [`PeerSlot`] is taken when a connection is accepted and given back when the connection ends
//! (on drop). The table holds an entry only while that address has a connection open, so it never
//! has more entries than the server has connections.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

/// Open connections per peer address, with a limit per address.
#[derive(Debug)]
pub(crate) struct PeerSlots {
    limit: usize,
    held: Mutex<HashMap<IpAddr, usize>>,
}

/// One connection's share of its peer's limit; returned on drop.
#[derive(Debug)]
pub(crate) struct PeerSlot {
    slots: Arc<PeerSlots>,
    ip: IpAddr,
}

impl PeerSlots {
    /// A table allowing `limit` connections per address (at least one).
    pub(crate) fn new(limit: usize) -> Arc<PeerSlots> {
        Arc::new(PeerSlots {
            limit: limit.max(1),
            held: Mutex::new(HashMap::new()),
        })
    }

    /// A slot for a connection from `ip`, or `None` when that address already holds the limit.
    /// IPv4 addresses mapped into IPv6 count as the IPv4 address.
    pub(crate) fn try_take(self: &Arc<Self>, ip: IpAddr) -> Option<PeerSlot> {
        let ip = ip.to_canonical();
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        let count = held.entry(ip).or_insert(0);
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(PeerSlot {
            slots: Arc::clone(self),
            ip,
        })
    }

    /// Connections `ip` holds now.
    #[cfg(test)]
    fn held(&self, ip: IpAddr) -> usize {
        let held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        held.get(&ip.to_canonical()).copied().unwrap_or(0)
    }

    /// Addresses with a connection open.
    #[cfg(test)]
    fn addresses(&self) -> usize {
        self.held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl Drop for PeerSlot {
    fn drop(&mut self) {
        let mut held = self
            .slots
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = held.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                held.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_gets_its_limit_and_slots_come_back() {
        let slots = PeerSlots::new(2);
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        let first = slots.try_take(a).expect("first slot");
        let second = slots.try_take(a).expect("second slot");
        assert!(
            slots.try_take(a).is_none(),
            "a third connection from a is refused"
        );
        let other = slots
            .try_take(b)
            .expect("another address has its own limit");
        assert_eq!((slots.held(a), slots.held(b)), (2, 1));
        drop(first);
        let again = slots.try_take(a).expect("a slot came back");
        drop((second, again, other));
        assert_eq!(slots.addresses(), 0, "no entry outlives its connections");
    }

    #[test]
    fn a_mapped_ipv4_address_is_the_same_peer() {
        let slots = PeerSlots::new(1);
        let v4: IpAddr = "10.1.2.3".parse().unwrap();
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        let _held = slots.try_take(v4).expect("first");
        assert!(slots.try_take(mapped).is_none());
    }

    #[test]
    fn a_zero_limit_still_admits_one() {
        let slots = PeerSlots::new(0);
        let ip: IpAddr = "::1".parse().unwrap();
        let _one = slots.try_take(ip).expect("one connection");
        assert!(slots.try_take(ip).is_none());
    }
}
