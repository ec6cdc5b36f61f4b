//! The local time zone, for the times and dates the reports show.

use std::sync::OnceLock;

use jiff::tz::TimeZone;

/// The local time zone, looked up once per process.
///
/// Without `TZ`, where `/etc/localtime` holds the zone's rules (Linux, macOS), they are read
/// from it directly: jiff's `TimeZone::system()` first finds the zone's name by listing the
/// whole time zone database, half a millisecond of a small annex's audit. Elsewhere (Windows,
/// or `TZ` set) jiff's own lookup is used.
///
/// ```
/// use annex_audit::clock::local_zone;
///
/// let now = jiff::Timestamp::now();
/// // The same offset as jiff's own lookup gives.
/// assert_eq!(
///     local_zone().to_offset(now),
///     jiff::tz::TimeZone::system().to_offset(now),
/// );
/// ```
pub fn local_zone() -> &'static TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(|| {
        if std::env::var_os("TZ").is_none()
            && let Ok(rules) = std::fs::read("/etc/localtime")
            && let Ok(zone) = TimeZone::tzif("Local", &rules)
        {
            return zone;
        }
        TimeZone::system()
    })
}
