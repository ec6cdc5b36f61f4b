//! The one .docx of a plain `annex-audit audit FILE` started being read before the command line
//! is parsed.
//!
//! A single audit first waits for the reader: the first table, then the document. Parsing the
//! command line took a quarter of a millisecond of the real annex's 7 ms and starting a thread
//! another 0.2 ms, one after the other (BENCHMARKS.md, round 16); started from the raw
//! arguments, the thread reads beside both. Only a command line read here without doubt counts:
//! known options, exactly one input, a `.docx` file, and the part-size limit given at most once
//! as a plain number. The reading is used only when the parsed options name the same file with
//! the same limits ([`ReadAhead::take_for`]); anything else drops it, and its thread stops at its
//! next table.

use std::ffi::OsString;
use std::path::Path;

use crate::package::Limits;
use crate::pipeline::Reading;

/// The options of `audit` that take a value, as clap accepts them separately
/// (`--json out.json`) or joined to a long name (`--json=out.json`). A test in `main.rs` holds
/// this list and [`FLAGS`] to the command's definition.
pub const OPTIONS_WITH_VALUE: [&str; 9] = [
    "-o",
    "--output",
    "--json",
    "--fail-on",
    "--template",
    "--bookmark",
    "--lang",
    "-j",
    "--jobs",
];

/// The options of `audit` that take no value (but the help's: a command line asking for help
/// reads nothing).
pub const FLAGS: [&str; 6] = [
    "-q",
    "--quiet",
    "-v",
    "--verbose",
    "--overwrite",
    "--no-workbook",
];

/// The option that changes the limits: read here only when its value is a plain number.
pub const LIMIT_OPTION: &str = "--max-part-mib";

/// A document being read before its command line was parsed, with the limits it is read
/// within, or none.
pub struct ReadAhead(Option<(Reading, Limits)>);

impl ReadAhead {
    /// No reading started.
    pub fn none() -> Self {
        ReadAhead(None)
    }

    /// Starts reading the one `.docx` file that `args` (the program, then `audit` and its
    /// arguments) names, when they are a command line read here without doubt.
    pub fn start(args: &[OsString]) -> Self {
        ReadAhead(single_docx(args).and_then(|(path, limits)| {
            Reading::start(path, &limits).map(|reading| (reading, limits))
        }))
    }

    /// The file being read ahead and the limits it is read within.
    pub fn reading(&self) -> Option<(&Path, &Limits)> {
        self.0
            .as_ref()
            .map(|(reading, limits)| (reading.path(), limits))
    }

    /// The reading, when it is of `path` with `limits`; `None` (and the reading dropped)
    /// otherwise.
    pub(crate) fn take_for(self, path: &Path, limits: &Limits) -> Option<Reading> {
        self.0
            .filter(|(reading, read_with)| reading.path() == path && read_with == limits)
            .map(|(reading, _)| reading)
    }
}

/// The one input of `args` and the limits they set, when they are `audit`, known options and
/// one existing `.docx` file.
fn single_docx(args: &[OsString]) -> Option<(&Path, Limits)> {
    let mut rest = args.iter().skip(1);
    if rest.next()? != "audit" {
        return None;
    }
    let mut input = None;
    let mut max_part_mib = None;
    while let Some(arg) = rest.next() {
        let text = arg.to_str();
        match text {
            Some(t) if OPTIONS_WITH_VALUE.contains(&t) => {
                rest.next()?;
            }
            Some(t) if FLAGS.contains(&t) => {}
            // clap refuses the option twice; a value it might read otherwise is left to it.
            Some(LIMIT_OPTION) if max_part_mib.is_none() => {
                max_part_mib = Some(plain_number(rest.next()?.to_str()?)?);
            }
            Some(t)
                if max_part_mib.is_none()
                    && t.strip_prefix(LIMIT_OPTION)
                        .is_some_and(|r| r.starts_with('=')) =>
            {
                max_part_mib = Some(plain_number(t.get(LIMIT_OPTION.len() + 1..)?)?);
            }
            Some(t)
                if t.split_once('=').is_some_and(|(name, _)| {
                    name.starts_with("--") && OPTIONS_WITH_VALUE.contains(&name)
                }) => {}
            // An option not known here (or the limits' option again, or `--`): leave it to clap.
            Some(t) if t.starts_with('-') => return None,
            _ if input.is_some() => return None,
            _ => input = Some(Path::new(arg)),
        }
    }
    let path = input?;
    let docx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    (docx && path.is_file()).then_some((path, command_line_limits(max_part_mib)))
}

/// The limits of an `audit` or `tables` command line whose `--max-part-mib` is `max_part_mib`:
/// clap's path and the read-ahead's build them here, so that they agree.
pub fn command_line_limits(max_part_mib: Option<u64>) -> Limits {
    match max_part_mib {
        Some(mib) => Limits::default().with_max_part_mib(mib),
        None => Limits::default(),
    }
}

/// `text` as a number of ASCII digits that fits a `u64` and is not 0 (what clap accepts for
/// a size in MiB), else `None`.
fn plain_number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|&mib| mib > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("annex-audit")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    const SAMPLE: &str = "samples/ordos-2020-annex.docx";

    #[test]
    fn a_plain_single_audit_names_its_file() {
        for list in [
            vec!["audit", SAMPLE],
            vec!["audit", "-o", "out.xlsx", "--json", "-", SAMPLE, "-q"],
            vec![
                "audit",
                "--json=a.json",
                "--lang",
                "en",
                SAMPLE,
                "--no-workbook",
            ],
        ] {
            assert_eq!(
                single_docx(&args(&list)),
                Some((Path::new(SAMPLE), Limits::default())),
                "{list:?}"
            );
        }
    }

    #[test]
    fn a_plain_part_size_limit_is_read_with_the_file() {
        let mib = |n: u64| Limits::default().with_max_part_mib(n);
        for (list, limits) in [
            (vec!["audit", SAMPLE, "--max-part-mib", "400"], mib(400)),
            (vec!["audit", "--max-part-mib=007", "-q", SAMPLE], mib(7)),
            (vec!["audit", SAMPLE], Limits::default()),
        ] {
            assert_eq!(
                single_docx(&args(&list)),
                Some((Path::new(SAMPLE), limits)),
                "{list:?}"
            );
        }
    }

    #[test]
    fn anything_in_doubt_is_left_to_the_parser() {
        for list in [
            // clap refuses a limit of 0.
            vec!["audit", SAMPLE, "--max-part-mib", "0"],
            vec!["tables", SAMPLE],
            vec!["audit", SAMPLE, SAMPLE],
            vec![
                "audit",
                SAMPLE,
                "--max-part-mib",
                "10",
                "--max-part-mib",
                "10",
            ],
            vec!["audit", SAMPLE, "--max-part-mib=10", "--max-part-mib=10"],
            vec!["audit", SAMPLE, "--max-part-mib", "+10"],
            vec!["audit", SAMPLE, "--max-part-mib", "-1"],
            vec!["audit", SAMPLE, "--max-part-mib", "1e3"],
            vec!["audit", SAMPLE, "--max-part-mib", ""],
            vec!["audit", SAMPLE, "--max-part-mib="],
            vec!["audit", SAMPLE, "--max-part-mib", "99999999999999999999"],
            vec!["audit", SAMPLE, "--max-part-mib"],
            vec!["audit", SAMPLE, "--max-part-mibs=10"],
            vec!["audit", SAMPLE, "-qv"],
            vec!["audit", SAMPLE, "--help"],
            vec!["audit", SAMPLE, "-j4"],
            vec!["audit", SAMPLE, "--bogus"],
            vec!["audit", "--", SAMPLE],
            vec!["audit", SAMPLE, "-o"],
            vec!["audit", "samples"],
            vec!["audit", "samples/README.md"],
            vec!["audit", "missing.docx"],
            vec!["audit"],
        ] {
            assert_eq!(single_docx(&args(&list)), None, "{list:?}");
        }
    }

    #[test]
    fn the_reading_is_used_only_for_the_same_file_and_limits() {
        let ahead = || ReadAhead::start(&args(&["audit", SAMPLE]));
        assert!(
            ahead()
                .take_for(Path::new(SAMPLE), &Limits::default())
                .is_some()
        );
        assert!(
            ahead()
                .take_for(
                    Path::new("samples/final-accounts-2025.docx"),
                    &Limits::default()
                )
                .is_none()
        );
        let smaller = Limits::default().with_max_part_size(1024);
        assert!(ahead().take_for(Path::new(SAMPLE), &smaller).is_none());
        let raised = || ReadAhead::start(&args(&["audit", SAMPLE, "--max-part-mib", "400"]));
        let limits = Limits::default().with_max_part_mib(400);
        assert!(raised().take_for(Path::new(SAMPLE), &limits).is_some());
        assert!(
            raised()
                .take_for(Path::new(SAMPLE), &Limits::default())
                .is_none()
        );
        assert!(
            ReadAhead::none()
                .take_for(Path::new(SAMPLE), &Limits::default())
                .is_none()
        );
    }
}
