//! Structured logs: one JSON object per line, ready for a SIEM.

use std::io::Write;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

/// Where JSON log lines go (standard output in the server).
pub struct Log {
    out: Mutex<Box<dyn Write + Send>>,
}

impl Log {
    /// Lines to standard output.
    pub fn stdout() -> Log {
        Log::to(Box::new(std::io::stdout()))
    }

    /// Lines to `writer`.
    pub fn to(writer: Box<dyn Write + Send>) -> Log {
        Log {
            out: Mutex::new(writer),
        }
    }

    /// Writes one line: `time`, `level`, `msg`, then the fields of `fields` (an object).
    pub fn event(&self, level: &str, message: &str, fields: impl Serialize) {
        #[derive(Serialize)]
        struct Line<'a, T> {
            time: String,
            level: &'a str,
            msg: &'a str,
            #[serde(flatten)]
            fields: T,
        }
        let line = Line {
            time: rfc3339(SystemTime::now()),
            level,
            msg: message,
            fields,
        };
        let mut bytes = serde_json::to_vec(&line).unwrap_or_default();
        bytes.push(b'\n');
        // A log that cannot be written must not take the webhook down.
        let mut out = self
            .out
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let _ = out.write_all(&bytes).and_then(|()| out.flush());
    }

    /// An informational line.
    pub fn info(&self, message: &str, fields: impl Serialize) {
        self.event("info", message, fields);
    }

    /// An error line.
    pub fn error(&self, message: &str, fields: impl Serialize) {
        self.event("error", message, fields);
    }
}

/// `2026-11-22T03:04:05.678Z`.
fn rfc3339(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since.as_secs();
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60,
        since.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_millis(1_795_834_245_678);
        assert_eq!(rfc3339(t), "2026-11-28T02:50:45.678Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(rfc3339(leap), "2000-02-29T00:00:00.000Z");
    }
}
