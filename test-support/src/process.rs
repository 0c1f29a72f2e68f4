//! `cognito-srp serve` as a child process, and what tests around processes need: a fresh directory, the
//! clock in seconds, output as text.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running `cognito-srp serve`, killed on drop.
#[derive(Debug)]
pub struct Serve {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Serve {
    /// Starts `bin serve --listen listen --quiet` with the configuration `config`, written to
    /// `dir/pools.toml`, and the further arguments `extra`; returns once the server has printed the
    /// address it listens on.
    ///
    /// # Panics
    /// When the binary cannot start or its first line is not `listening on URL`.
    pub fn start(bin: &str, dir: &Path, config: &str, listen: &str, extra: &[&str]) -> Serve {
        let path = dir.join("pools.toml");
        std::fs::write(&path, config).unwrap();
        let mut child = Command::new(bin)
            .args(["serve", "--listen", listen, "--quiet"])
            .args(extra)
            .arg("--config")
            .arg(&path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        let addr = url.strip_prefix("http://").unwrap().to_owned();
        Serve { child, url, addr }
    }

    /// Kills the server with SIGKILL (no shutdown of any kind) and waits for it to be gone.
    ///
    /// # Panics
    /// When the process cannot be killed or waited for.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh, empty directory for one test, named after the process and `name`.
///
/// # Panics
/// When the directory cannot be made.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cognito-srp-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Seconds since the Unix epoch, for TOTP codes.
pub fn unix_time() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Bytes (a process's output) as lossy UTF-8.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
