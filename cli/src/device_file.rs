//! The device file of `login --device-file`: what a remembered device needs to sign in with device SRP.
//!
//! Rules: the parent directory is created (mode 0700) when missing; the file is written atomically with
//! mode 0600 *before* the device is confirmed at the service, so a confirmed device is never lost; a file
//! that cannot be read, parsed, or that belongs to another pool or user is refused with a message that says
//! what to do.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use cognito_srp_core::{DeviceCredentials, DevicePassword};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The device file: what a remembered device needs. Written with mode 0600.
#[derive(Serialize, Deserialize)]
pub struct DeviceFile {
    /// The pool it belongs to.
    pub pool_id: String,
    /// The user (`USER_ID_FOR_SRP`).
    pub username: String,
    /// `DeviceKey`.
    pub device_key: String,
    /// `DeviceGroupKey`.
    pub device_group_key: String,
    /// The device password (a secret).
    pub device_password: Zeroizing<String>,
}

/// What to do about a file that cannot be used, said once for every message.
const REMEDY: &str = "run again with --forget-device to sign in without it (the file is then removed), or pass another --device-file";

impl DeviceFile {
    /// The file for `credentials` of `username` in `pool_id`.
    pub fn new(pool_id: &str, username: &str, credentials: &DeviceCredentials) -> DeviceFile {
        DeviceFile {
            pool_id: pool_id.to_owned(),
            username: username.to_owned(),
            device_key: credentials.device_key().to_owned(),
            device_group_key: credentials.device_group_key().to_owned(),
            device_password: Zeroizing::new(credentials.password().expose_secret().to_owned()),
        }
    }

    /// Reads a device file; `Ok(None)` when it does not exist.
    ///
    /// # Errors
    /// Unreadable or corrupted file, with what to do about it.
    pub fn load(path: &Path) -> Result<Option<DeviceFile>, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let text = Zeroizing::new(text);
                serde_json::from_str(&text).map(Some).map_err(|e| {
                    format!(
                        "device file {} is corrupted ({e}); {REMEDY}",
                        path.display()
                    )
                })
            }
            // No file yet (a parent that is not a directory is reported when the file is written).
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(format!("cannot read device file {}: {e}", path.display())),
        }
    }

    /// Writes the file atomically with mode 0600, creating its parent directory (mode 0700) if needed.
    ///
    /// # Errors
    /// I/O errors, naming the path.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = Zeroizing::new(serde_json::to_string_pretty(self).expect("serializable"));
        prepare_parent(path)?;
        let tmp = temp_path(path);
        let result = (|| {
            let mut f = open_private(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.write_all(b"\n")?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(|e| format!("cannot write device file {}: {e}", path.display()))
    }

    /// The credentials this file holds.
    ///
    /// # Errors
    /// Fields that are not a device's.
    pub fn credentials(&self, path: &Path) -> Result<DeviceCredentials, String> {
        DevicePassword::new(self.device_password.to_string())
            .and_then(|p| DeviceCredentials::new(&self.device_key, &self.device_group_key, p))
            .map_err(|e| {
                format!(
                    "device file {} is corrupted ({e}); {REMEDY}",
                    path.display()
                )
            })
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp{}", std::process::id()));
    path.with_file_name(name)
}

fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// Creates the parent directory of `path` (mode 0700 for every directory created) when it is missing.
fn prepare_parent(path: &Path) -> Result<(), String> {
    let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    if parent.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder
        .create(parent)
        .map_err(|e| format!("cannot create directory {}: {e}", parent.display()))
}

/// Checks before any network call that the device file can be written: its directory exists (it is
/// created when missing) and accepts a new file.
///
/// # Errors
/// The reason the file could not be written.
pub fn check_writable(path: &Path) -> Result<(), String> {
    prepare_parent(path)?;
    let tmp = temp_path(path);
    let probe = open_private(&tmp);
    let _ = std::fs::remove_file(&tmp);
    probe
        .map(drop)
        .map_err(|e| format!("cannot write device file {}: {e}", path.display()))
}

/// Loads the device for `pool_id`/`username` from a device file, if it holds one.
///
/// # Errors
/// A corrupted file, or one that belongs to another pool or user.
pub fn load_device(
    path: &Path,
    pool_id: &str,
    username: &str,
) -> Result<Option<DeviceCredentials>, String> {
    let Some(f) = DeviceFile::load(path)? else {
        return Ok(None);
    };
    if f.pool_id != pool_id {
        return Err(format!(
            "device file {} belongs to pool {}, not {pool_id}; {REMEDY}",
            path.display(),
            f.pool_id
        ));
    }
    if f.username != username {
        return Err(format!(
            "device file {} belongs to user {}, not {username}; {REMEDY}",
            path.display(),
            f.username
        ));
    }
    f.credentials(path).map(Some)
}

/// Removes the device file; a missing file is not an error.
///
/// # Errors
/// I/O errors other than "not found".
pub fn remove(path: &Path) -> Result<(), String> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove device file {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "cognito-srp-device-file-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn save_creates_private_parent_and_file() {
        let dir = temp("parent");
        let path = dir.join("a/b/device.json");
        let creds = DeviceCredentials::new(
            "us-east-1_00000000-0000-4000-8000-000000000000",
            "-group",
            DevicePassword::new("cGFzc3dvcmQ=").unwrap(),
        )
        .unwrap();
        check_writable(&path).unwrap();
        assert!(!path.exists(), "the probe leaves no file behind");
        DeviceFile::new("us-east-1_X", "alice", &creds)
            .save(&path)
            .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&dir.join("a/b")), 0o700);
            assert_eq!(mode(&dir.join("a")), 0o700);
        }
        let back = load_device(&path, "us-east-1_X", "alice").unwrap().unwrap();
        assert_eq!(back.device_key(), creds.device_key());
        assert_eq!(back.password().expose_secret(), "cGFzc3dvcmQ=");
        let other = load_device(&path, "us-east-1_X", "bob").unwrap_err();
        assert!(other.contains("belongs to user alice, not bob"), "{other}");
        assert!(other.contains("--forget-device"), "{other}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn corrupted_file_says_what_to_do() {
        let dir = temp("corrupt");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("device.json");
        std::fs::write(&path, "{\"pool_id\": ").unwrap();
        let e = load_device(&path, "us-east-1_X", "alice").unwrap_err();
        assert!(e.contains("is corrupted"), "{e}");
        assert!(e.contains("--forget-device"), "{e}");
        assert!(
            load_device(&dir.join("none.json"), "p", "u")
                .unwrap()
                .is_none()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
