//! The state file (`Config::state_file`, `serve --state FILE`): pools, app clients, users with their
//! attributes, devices and MFA state, sign-in origins with their refresh tokens and revocations, and the
//! pools' signing keys, in one SQLite database (WAL). After every operation the rows it may have changed
//! are written in one transaction, committed before its answer is sent ([`crate::Server::call`]); at
//! start the file is read back into the model.
//!
//! A file is ours when its SQLite header carries our `application_id`; its `user_version` is the schema
//! version. A file that is not SQLite, not ours, of a newer schema, or damaged is refused before
//! anything is written to it.

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::Read as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, params};
use zeroize::Zeroizing;

use crate::grants::Origin;
use crate::model::{Client, Directory, Pool};

mod persist;
mod records;
mod schema;

use records::{ClientRecord, OriginRecord, PoolRecord, UserRecord};

/// What a state file held when it was opened.
pub(crate) struct Loaded {
    /// Pools with their users, and app clients.
    pub directory: Directory,
    /// Sign-in origins.
    pub origins: Vec<(String, Origin)>,
    /// Signing keys by pool, PKCS#8 DER.
    pub keys: Vec<(String, Zeroizing<Vec<u8>>)>,
}

/// An open state file.
pub(crate) struct StateFile {
    conn: Connection,
    path: PathBuf,
    /// A write failed: the model holds changes the file does not, so every later change is refused.
    failed: bool,
}

impl std::fmt::Debug for StateFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateFile")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// The rows to write: each key with its new record, or `None` to delete it.
#[derive(Default)]
pub(crate) struct Changes {
    /// Pools whose earlier instance went away: their rows and every user row of theirs go first.
    pools_gone: Vec<String>,
    pools: Vec<(String, Option<String>)>,
    users: Vec<(String, String, Option<String>)>,
    clients: Vec<(String, Option<String>)>,
    origins: Vec<(String, Option<String>)>,
    keys: Vec<(String, Option<Zeroizing<Vec<u8>>>)>,
}

fn json<T: serde::Serialize>(record: &T) -> String {
    serde_json::to_string(record).expect("records serialize")
}

impl Changes {
    /// Takes what changed in the directory since the last call (the caller holds its write lock).
    pub fn collect(dir: &mut Directory) -> Changes {
        let mut c = Changes::default();
        let (pool_ids, gone) = dir.pools.take_changed();
        c.pools_gone = gone.into_iter().collect();
        for id in pool_ids {
            let Some(pool) = dir.pools.get_mut_unrecorded(&id) else {
                c.pools.push((id, None));
                continue;
            };
            c.pools
                .push((id.clone(), Some(json(&PoolRecord::of(pool)))));
            let (usernames, _) = pool.users.take_changed();
            for name in usernames {
                let row = pool.users.get(&name).map(|u| json(&UserRecord::of(u)));
                c.users.push((id.clone(), name, row));
            }
        }
        let (client_ids, _) = dir.clients.take_changed();
        for id in client_ids {
            let row = dir.clients.get(&id).map(|cl| json(&ClientRecord::of(cl)));
            c.clients.push((id, row));
        }
        c
    }

    /// Adds the origins issued, revoked or forgotten.
    pub fn add_origins(&mut self, origins: Vec<(String, Option<Origin>)>) {
        self.origins.extend(
            origins
                .into_iter()
                .map(|(id, o)| (id, o.as_ref().map(|o| json(&OriginRecord::of(o))))),
        );
    }

    /// Adds the signing keys made or dropped.
    pub fn add_keys(&mut self, keys: Vec<(String, Option<Zeroizing<Vec<u8>>>)>) {
        self.keys.extend(keys);
    }

    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.pools_gone.is_empty()
            && self.pools.is_empty()
            && self.users.is_empty()
            && self.clients.is_empty()
            && self.origins.is_empty()
            && self.keys.is_empty()
    }
}

fn refuse(path: &Path, why: impl std::fmt::Display) -> String {
    format!(
        "{}: {why}; the file is left as it is (move it away, or name another file)",
        path.display()
    )
}

impl StateFile {
    /// Opens the state file at `path`, creating it (mode 0600) when it is missing or empty. Returns
    /// what an existing file holds.
    ///
    /// # Errors
    /// A message naming the file when it cannot be created or read, is not a cognito-srp state file,
    /// was written by a newer version, or is damaged; such a file is not written to.
    pub fn open(path: &Path) -> Result<(StateFile, Option<Loaded>), String> {
        let existing = match std::fs::metadata(path) {
            Ok(m) if m.len() > 0 => true,
            Ok(_) => false,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        if existing {
            let mut header = [0u8; 16];
            let read = std::fs::File::open(path)
                .and_then(|mut f| f.read_exact(&mut header))
                .map_err(|e| refuse(path, format!("not a cognito-srp state file ({e})")));
            read?;
            if &header != b"SQLite format 3\0" {
                return Err(refuse(
                    path,
                    "not a cognito-srp state file (not an SQLite database)",
                ));
            }
        } else {
            OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(path)
                .map_err(|e| format!("{}: cannot create the state file: {e}", path.display()))?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| refuse(path, format!("cannot open: {e}")))?;
        let loaded = if existing {
            schema::check(&conn).map_err(|e| refuse(path, e))?;
            Some(load(&conn).map_err(|e| refuse(path, format!("damaged: {e}")))?)
        } else {
            schema::create(&conn).map_err(|e| format!("{}: {e}", path.display()))?;
            None
        };
        // Only now, with the file known to be ours: the journal mode (a write) and the file mode.
        schema::configure(&conn).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok((
            StateFile {
                conn,
                path: path.to_owned(),
                failed: false,
            },
            loaded,
        ))
    }

    /// Writes `changes` in one transaction and commits it.
    ///
    /// # Errors
    /// SQLite's message; after a failure every later call fails too (the file no longer follows the
    /// model).
    pub fn write(&mut self, changes: &Changes) -> Result<(), String> {
        if self.failed {
            return Err(format!(
                "{}: an earlier write failed; restart the server",
                self.path.display()
            ));
        }
        let result = write(&mut self.conn, changes);
        if let Err(e) = &result {
            self.failed = true;
            tracing::error!(target: "cognito_srp_server::state", path = %self.path.display(), error = %e, "state file write failed; later changes are refused");
        }
        result.map_err(|e| format!("{}: {e}", self.path.display()))
    }
}

fn write(conn: &mut Connection, c: &Changes) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for id in &c.pools_gone {
        tx.prepare_cached("DELETE FROM users WHERE pool_id = ?1")?
            .execute([id])?;
        tx.prepare_cached("DELETE FROM pools WHERE id = ?1")?
            .execute([id])?;
    }
    for (id, row) in &c.pools {
        match row {
            Some(r) => tx
                .prepare_cached(
                    "INSERT INTO pools (id, record) VALUES (?1, ?2)
                     ON CONFLICT (id) DO UPDATE SET record = excluded.record",
                )?
                .execute([id, r])?,
            None => {
                tx.prepare_cached("DELETE FROM users WHERE pool_id = ?1")?
                    .execute([id])?;
                tx.prepare_cached("DELETE FROM pools WHERE id = ?1")?
                    .execute([id])?
            }
        };
    }
    for (pool, name, row) in &c.users {
        match row {
            Some(r) => tx
                .prepare_cached(
                    "INSERT INTO users (pool_id, username, record) VALUES (?1, ?2, ?3)
                     ON CONFLICT (pool_id, username) DO UPDATE SET record = excluded.record",
                )?
                .execute([pool, name, r])?,
            None => tx
                .prepare_cached("DELETE FROM users WHERE pool_id = ?1 AND username = ?2")?
                .execute([pool, name])?,
        };
    }
    for (id, row) in &c.clients {
        match row {
            Some(r) => tx
                .prepare_cached(
                    "INSERT INTO clients (id, record) VALUES (?1, ?2)
                     ON CONFLICT (id) DO UPDATE SET record = excluded.record",
                )?
                .execute([id, r])?,
            None => tx
                .prepare_cached("DELETE FROM clients WHERE id = ?1")?
                .execute([id])?,
        };
    }
    for (id, row) in &c.origins {
        // An update keeps the row's rowid, so rowid order stays issue order.
        match row {
            Some(r) => tx
                .prepare_cached(
                    "INSERT INTO origins (id, record) VALUES (?1, ?2)
                     ON CONFLICT (id) DO UPDATE SET record = excluded.record",
                )?
                .execute([id, r])?,
            None => tx
                .prepare_cached("DELETE FROM origins WHERE id = ?1")?
                .execute([id])?,
        };
    }
    for (pool, der) in &c.keys {
        match der {
            Some(d) => tx
                .prepare_cached(
                    "INSERT INTO keys (pool_id, pkcs8) VALUES (?1, ?2)
                     ON CONFLICT (pool_id) DO UPDATE SET pkcs8 = excluded.pkcs8",
                )?
                .execute(params![pool, d.as_slice()])?,
            None => tx
                .prepare_cached("DELETE FROM keys WHERE pool_id = ?1")?
                .execute([pool])?,
        };
    }
    tx.commit()
}

fn rows(conn: &Connection, sql: &str) -> Result<Vec<(String, String)>, String> {
    let mut stmt = conn.prepare(sql).map_err(|e| e.to_string())?;
    stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(|e| e.to_string())?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, key: &str, text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("{what} {key}: {e}"))
}

/// Reads every row back into the model.
fn load(conn: &Connection) -> Result<Loaded, String> {
    let mut directory = Directory::default();
    let mut pools: BTreeMap<String, Pool> = BTreeMap::new();
    for (id, text) in rows(conn, "SELECT id, record FROM pools")? {
        let pool = parse::<PoolRecord>("pool", &id, &text)?
            .into_pool()
            .map_err(|e| format!("pool {id}: {e}"))?;
        pools.insert(id, pool);
    }
    let mut stmt = conn
        .prepare("SELECT pool_id, username, record FROM users ORDER BY pool_id, username")
        .map_err(|e| e.to_string())?;
    let users = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .map_err(|e| e.to_string())?;
    for row in users {
        let (pool_id, name, text) = row.map_err(|e| e.to_string())?;
        let pool = pools
            .get_mut(&pool_id)
            .ok_or_else(|| format!("user {name} of a missing pool {pool_id}"))?;
        let user = parse::<UserRecord>("user", &name, &text)?.into_user()?;
        pool.insert(user)?;
    }
    for (id, mut pool) in pools {
        pool.users.take_changed();
        directory.pools.insert(id, pool);
    }
    for (id, text) in rows(conn, "SELECT id, record FROM clients")? {
        let client: Client = parse::<ClientRecord>("client", &id, &text)?
            .into_client()
            .map_err(|e| format!("client {id}: {e}"))?;
        directory.clients.insert(id, client);
    }
    directory.pools.take_changed();
    directory.clients.take_changed();
    let origins = rows(conn, "SELECT id, record FROM origins ORDER BY rowid")?
        .into_iter()
        .map(|(id, text)| {
            parse::<OriginRecord>("origin", &id, &text).map(|o| (id, o.into_origin()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn
        .prepare("SELECT pool_id, pkcs8 FROM keys")
        .map_err(|e| e.to_string())?;
    let keys = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Zeroizing::new(r.get::<_, Vec<u8>>(1)?),
            ))
        })
        .map_err(|e| e.to_string())?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    Ok(Loaded {
        directory,
        origins,
        keys,
    })
}

#[cfg(test)]
mod tests;
