//! Writing what an operation changed: the directory's recorded rows, the origins issued or revoked
//! and the keys made, taken and committed under the state file's lock, so a change taken by one
//! caller's commit is on disk before any caller that made it answers.

use crate::service::{Server, lock};

use super::Changes;

impl Server {
    /// Commits every change made so far (nothing without a state file).
    ///
    /// # Errors
    /// The state file's message when the write fails.
    pub(crate) fn persist(&self) -> Result<(), String> {
        let Some(state) = &self.state else {
            return Ok(());
        };
        let mut file = lock(state);
        let mut changes = {
            let pending = {
                let dir = self.directory();
                dir.pools.has_changes() || dir.clients.has_changes()
            };
            if pending {
                Changes::collect(&mut self.directory_mut())
            } else {
                Changes::default()
            }
        };
        changes.add_origins(lock(&self.grants).take_changed());
        changes.add_keys(self.tokens.take_changed());
        if changes.is_empty() {
            return Ok(());
        }
        file.write(&changes)
    }
}
