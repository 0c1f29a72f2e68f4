//! The `TIMESTAMP` that enters the password claim: `EEE MMM d HH:mm:ss UTC yyyy`.
//!
//! English names and UTC whatever the process locale or time zone, 24-hour clock, day of month not
//! zero-padded, milliseconds truncated: `Tue Nov 3 09:05:07 UTC 2026`. Cognito rejects `Nov 03`, a
//! wrong weekday, localised names and hour `24`.

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::error::{Error, Result};

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A claim timestamp in Cognito's format.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    unix_seconds: i64,
}

impl core::fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Timestamp({:?})", self.text)
    }
}

impl core::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Timestamp {
    /// The timestamp of an instant (any time zone; it is formatted in UTC, sub-second part dropped).
    pub fn from_datetime<Tz: chrono::TimeZone>(instant: &DateTime<Tz>) -> Self {
        let t = instant.with_timezone(&Utc);
        let text = format!(
            "{} {} {} {:02}:{:02}:{:02} UTC {}",
            WEEKDAYS[t.weekday().num_days_from_monday() as usize],
            MONTHS[t.month0() as usize],
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.year(),
        );
        Timestamp {
            text,
            unix_seconds: t.timestamp(),
        }
    }

    /// The timestamp of the current time from the system clock.
    #[cfg(feature = "clock")]
    pub fn now() -> Self {
        Self::from_datetime(&Utc::now())
    }

    /// Parses a timestamp as a client sent it (server side). Only the exact form this crate produces is
    /// accepted: a weekday that does not match the date, a zero-padded day, or any other variation is refused.
    ///
    /// # Errors
    /// [`Error::TooLong`] over [`crate::limits::MAX_TIMESTAMP`], [`Error::InvalidTimestamp`] otherwise.
    pub fn parse(text: &str) -> Result<Self> {
        crate::limits::check(crate::wire::TIMESTAMP, text, crate::limits::MAX_TIMESTAMP)?;
        let parsed = chrono::NaiveDateTime::parse_from_str(text, "%a %b %e %H:%M:%S UTC %Y")
            .map_err(|_| Error::InvalidTimestamp)?;
        let ts = Self::from_datetime(&parsed.and_utc());
        // Round-trip through our own formatting so only the canonical form passes.
        if ts.text == text {
            Ok(ts)
        } else {
            Err(Error::InvalidTimestamp)
        }
    }

    /// The text sent as `TIMESTAMP`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.unix_seconds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(iso: &str) -> String {
        Timestamp::from_datetime(&DateTime::parse_from_rfc3339(iso).unwrap())
            .as_str()
            .to_owned()
    }

    #[test]
    fn formats_like_cognito() {
        assert_eq!(at("2026-11-03T09:05:07Z"), "Tue Nov 3 09:05:07 UTC 2026");
        assert_eq!(at("2026-07-05T00:00:00Z"), "Sun Jul 5 00:00:00 UTC 2026");
        assert_eq!(
            at("2028-02-29T23:59:59.999Z"),
            "Tue Feb 29 23:59:59 UTC 2028"
        );
        assert_eq!(at("2026-12-31T12:34:56Z"), "Thu Dec 31 12:34:56 UTC 2026");
        assert_eq!(
            at("2026-05-01T00:09:00+02:00"),
            "Thu Apr 30 22:09:00 UTC 2026"
        );
        assert_eq!(at("2027-01-01T00:00:00Z"), "Fri Jan 1 00:00:00 UTC 2027");
    }

    #[test]
    fn parse_accepts_only_the_canonical_form() {
        let ts = Timestamp::parse("Tue Nov 3 09:05:07 UTC 2026").unwrap();
        assert_eq!(ts.unix_seconds(), 1_793_696_707);
        assert_eq!(
            Timestamp::parse("Tue Nov 03 09:05:07 UTC 2026"),
            Err(Error::InvalidTimestamp)
        );
        assert_eq!(
            Timestamp::parse("Wed Nov 3 09:05:07 UTC 2026"),
            Err(Error::InvalidTimestamp)
        );
        assert_eq!(
            Timestamp::parse("Tue Nov  3 09:05:07 UTC 2026"),
            Err(Error::InvalidTimestamp)
        );
        assert_eq!(
            Timestamp::parse("Tue Nov 3 24:05:07 UTC 2026"),
            Err(Error::InvalidTimestamp)
        );
        assert_eq!(
            Timestamp::parse("Tue Nov 3 9:05:07 UTC 2026"),
            Err(Error::InvalidTimestamp)
        );
        assert_eq!(Timestamp::parse(""), Err(Error::InvalidTimestamp));
        assert!(matches!(
            Timestamp::parse(&"x".repeat(65)),
            Err(Error::TooLong { .. })
        ));
    }
}
