//! The state file's schema: its tables, the header marks that say a file is ours and which version
//! wrote it, and the check made before a file is used.

use rusqlite::Connection;

/// SQLite's `application_id` of a cognito-srp state file ("CSRP").
pub(crate) const APPLICATION_ID: i32 = 0x4353_5250;
/// The schema version this server writes and reads (`user_version`). A later schema that a newer
/// server writes is refused; an earlier one would be migrated here, step by step.
pub(crate) const SCHEMA_VERSION: i32 = 1;

/// The tables of version 1. Records are JSON (`records.rs`); keys are indexed columns.
const TABLES: &str = "
CREATE TABLE pools (id TEXT PRIMARY KEY NOT NULL, record TEXT NOT NULL) STRICT;
CREATE TABLE users (pool_id TEXT NOT NULL, username TEXT NOT NULL, record TEXT NOT NULL,
                    PRIMARY KEY (pool_id, username)) STRICT, WITHOUT ROWID;
CREATE TABLE clients (id TEXT PRIMARY KEY NOT NULL, record TEXT NOT NULL) STRICT;
CREATE TABLE origins (id TEXT UNIQUE NOT NULL, record TEXT NOT NULL) STRICT;
CREATE TABLE keys (pool_id TEXT PRIMARY KEY NOT NULL, pkcs8 BLOB NOT NULL) STRICT;
";

const TABLE_NAMES: [&str; 5] = ["clients", "keys", "origins", "pools", "users"];

/// Creates the tables and marks a new, empty file as ours, in one transaction.
pub(super) fn create(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "BEGIN;
         PRAGMA application_id = {APPLICATION_ID};
         PRAGMA user_version = {SCHEMA_VERSION};
         {TABLES}
         COMMIT;"
    ))
}

/// Checks, reading only, that an existing file is ours, of a version this server reads, and intact.
pub(super) fn check(conn: &Connection) -> Result<(), String> {
    let pragma = |name: &str| -> Result<i32, String> {
        conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .map_err(|e| format!("damaged, or not an SQLite database ({e})"))
    };
    let id = pragma("application_id")?;
    if id != APPLICATION_ID {
        return Err(format!(
            "not a cognito-srp state file (an SQLite database with application_id {id:#x})"
        ));
    }
    let version = pragma("user_version")?;
    if version > SCHEMA_VERSION {
        return Err(format!(
            "written by a newer cognito-srp (state schema {version}; this server reads up to {SCHEMA_VERSION})"
        ));
    }
    if version < 1 {
        return Err(format!("damaged: state schema {version}"));
    }
    let verdict: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| format!("damaged: {e}"))?;
    if verdict != "ok" {
        return Err(format!("damaged: {verdict}"));
    }
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .map_err(|e| format!("damaged: {e}"))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("damaged: {e}"))?;
    if names != TABLE_NAMES {
        return Err(format!("damaged: tables {names:?}"));
    }
    Ok(())
}

/// Write-ahead logging, and a commit that is durable once `write` returns: it survives the process
/// being killed, not necessarily the machine losing power (`synchronous = NORMAL`).
pub(super) fn configure(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidQuery);
    }
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;")
}
