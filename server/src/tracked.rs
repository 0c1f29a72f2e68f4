//! A map that remembers which keys were handed out for change, so the state file ([`crate::state`])
//! writes the rows that may have changed and no others. Reading goes through `Deref` to the map;
//! every way to change an entry (`get_mut`, `insert`, `remove`, `retain`, `drain`, `extend`) records
//! its key. A key recorded but left unchanged costs one rewrite of its row, nothing more.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Deref;

/// A `BTreeMap<String, V>` that records the keys it lends out mutably.
pub(crate) struct Tracked<V> {
    map: BTreeMap<String, V>,
    changed: BTreeSet<String>,
    /// Recorded keys whose entry went away (removed or replaced) at least once.
    removed: BTreeSet<String>,
}

impl<V> Default for Tracked<V> {
    fn default() -> Self {
        Tracked {
            map: BTreeMap::new(),
            changed: BTreeSet::new(),
            removed: BTreeSet::new(),
        }
    }
}

impl<V> Deref for Tracked<V> {
    type Target = BTreeMap<String, V>;

    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl<V> Tracked<V> {
    /// The entry `key`, to change it (its key is recorded).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let v = self.map.get_mut(key)?;
        if !self.changed.contains(key) {
            self.changed.insert(key.to_owned());
        }
        Some(v)
    }

    /// Inserts or replaces `key`.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        self.changed.insert(key.clone());
        let old = self.map.insert(key.clone(), value);
        if old.is_some() {
            self.removed.insert(key);
        }
        old
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let v = self.map.remove(key)?;
        self.changed.insert(key.to_owned());
        self.removed.insert(key.to_owned());
        Some(v)
    }

    /// Keeps the entries `keep` accepts; the others are removed (and recorded).
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut V) -> bool) {
        let (changed, removed) = (&mut self.changed, &mut self.removed);
        self.map.retain(|k, v| {
            let kept = keep(k, v);
            if !kept {
                changed.insert(k.clone());
                removed.insert(k.clone());
            }
            kept
        });
    }

    /// Removes and returns every entry.
    pub fn drain(&mut self) -> impl Iterator<Item = (String, V)> + use<V> {
        let map = std::mem::take(&mut self.map);
        self.changed.extend(map.keys().cloned());
        self.removed.extend(map.keys().cloned());
        map.into_iter()
    }

    /// Inserts every entry of `entries`.
    pub fn extend(&mut self, entries: impl IntoIterator<Item = (String, V)>) {
        for (k, v) in entries {
            self.insert(k, v);
        }
    }

    /// The keys recorded since the last call, and those of them whose entry went away at least once
    /// meanwhile (it may be back: a pool deleted and made again).
    pub fn take_changed(&mut self) -> (BTreeSet<String>, BTreeSet<String>) {
        (
            std::mem::take(&mut self.changed),
            std::mem::take(&mut self.removed),
        )
    }

    /// The entry `key`, to change it without recording it (the state file's own walk).
    pub fn get_mut_unrecorded(&mut self, key: &str) -> Option<&mut V> {
        self.map.get_mut(key)
    }

    /// Whether any key is recorded.
    pub fn has_changes(&self) -> bool {
        !self.changed.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(t: &mut Tracked<u32>) -> Vec<(String, Option<u32>)> {
        t.take_changed()
            .0
            .into_iter()
            .map(|k| {
                let v = t.get(&k).copied();
                (k, v)
            })
            .collect()
    }

    #[test]
    fn records_what_was_lent_out_and_removed() {
        let mut t = Tracked::default();
        t.insert("a".into(), 1);
        t.insert("b".into(), 2);
        t.insert("c".into(), 3);
        assert_eq!(changed(&mut t).len(), 3);
        assert!(changed(&mut t).is_empty());
        // Reads record nothing.
        assert_eq!(t.get("a"), Some(&1));
        assert_eq!(t.len(), 3);
        assert!(!t.has_changes());
        *t.get_mut("b").unwrap() = 20;
        assert!(t.get_mut("zz").is_none());
        t.remove("a");
        t.remove("nothing");
        assert_eq!(
            changed(&mut t),
            vec![("a".into(), None), ("b".into(), Some(20))]
        );
        t.retain(|k, _| k != "c");
        assert_eq!(changed(&mut t), vec![("c".into(), None)]);
        let drained: Vec<_> = t.drain().collect();
        assert_eq!(drained, vec![("b".to_owned(), 20)]);
        assert_eq!(changed(&mut t), vec![("b".into(), None)]);
        // Replaced and removed entries are told apart from changed ones.
        t.insert("x".into(), 1);
        t.insert("y".into(), 1);
        t.take_changed();
        t.insert("x".into(), 2);
        t.remove("y");
        t.insert("y".into(), 3);
        *t.get_mut("x").unwrap() = 4;
        let (keys, removed) = t.take_changed();
        assert_eq!(keys.len(), 2);
        assert_eq!(removed.len(), 2);
        t.insert("z".into(), 1);
        assert!(t.take_changed().1.is_empty());
    }
}
