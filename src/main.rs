//! The `annex-audit` command line: parses arguments and calls the library.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use annex_audit::commands::{
    self, AuditOptions, DiffOptions, FailOn, Lang, ReadAhead, TablesOptions,
};
use annex_audit::package::Limits;

/// mimalloc instead of the system allocator where that is not glibc's: it keeps freed memory
/// for the next allocation instead of handing it back, and the workbook's zip writer allocates
/// and clears a compressor of some 300 KB for each of a workbook's entries. glibc's keeps it
/// too, and packs a short run's allocations into fewer fresh pages than mimalloc's pages per
/// thread and size: each first touch of a page is a fault, some 2.5 µs in a virtual machine
/// (BENCHMARKS.md, round 18).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Raises glibc's threshold for serving an allocation by a mapping of its own from 128 KB to
/// 4 MB, as glibc does itself once a mapped block of that size is freed (mallopt(3),
/// `M_MMAP_THRESHOLD`): one is allocated and freed, untouched. Below the threshold, freed
/// memory is kept for the next allocation; above, each is a fresh mapping whose every page
/// faults on its first touch. Compiling a pattern list allocates and fills a 400 KB map (the
/// regex crate's UTF-8 compiler) and frees it: at 128 KB each of the three lists of a small
/// annex mapped its own and took 77 faults (BENCHMARKS.md, round 18).
fn raise_the_mmap_threshold() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    drop(std::hint::black_box(Vec::<u8>::with_capacity(4 << 20)));
}

/// Audit the score, budget, final-account and allocation tables of an official Word annex:
/// recompute every total exactly, cross-check ranks, maxima, weights, changes and the figures
/// shared between tables, and write a verified workbook.
#[derive(Parser, Debug)]
#[command(
    name = "annex-audit",
    version,
    about,
    long_about = None,
    after_help = "annex-audit FILE.docx (or a folder) without a subcommand is annex-audit audit FILE.docx: \
                  a file dropped onto the program is audited."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List every table of a .docx as read: heading, bookmarks, note, cells.
    Tables {
        /// The .docx (or .docm, .dotx) to read.
        file: PathBuf,
        /// Print JSON on stdout instead of the readable listing.
        #[arg(long)]
        json: bool,
        /// Show every row instead of the first few.
        #[arg(long)]
        all_rows: bool,
        /// Show every column at its full width (default: the listing fits 100 columns).
        #[arg(long)]
        wide: bool,
        /// Language of messages (default: Chinese for a Chinese document, else the locale's).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Audit the tables of one or more annexes and write the verified workbook(s).
    Audit {
        /// .docx files, or directories searched recursively for *.docx.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Workbook path for one input, or output directory for several
        /// (default: <input stem>.audit.xlsx beside the input).
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// Write the findings as JSON to PATH, or to stdout with `-`.
        #[arg(long, value_name = "PATH|-")]
        json: Option<PathBuf>,
        /// Exit with 1 when a finding at or above this severity exists.
        #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
        fail_on: FailOnArg,
        /// Table vocabulary: a built-in template name or a TOML file.
        #[arg(long, value_name = "NAME|FILE")]
        template: Option<String>,
        /// Audit only the table holding (or just after) this bookmark.
        #[arg(long, value_name = "NAME")]
        bookmark: Option<String>,
        /// Language of messages (default: Chinese for a Chinese document, else the locale's).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Print only the coverage line.
        #[arg(short, long)]
        quiet: bool,
        /// Show each finding's id (the handle of the reviewer's notes); in batch mode, each file's findings too.
        #[arg(short, long)]
        verbose: bool,
        /// Replace an existing workbook even when it cannot be read (its notes are lost).
        #[arg(long)]
        overwrite: bool,
        /// Do not write the workbook (in batch mode, -o DIR receives the index only).
        #[arg(long)]
        no_workbook: bool,
        /// Parallel jobs in batch mode (default: one more than the number of cores).
        #[arg(short = 'j', long = "jobs", value_name = "N")]
        jobs: Option<usize>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Open the audit as a page in the browser (a server on 127.0.0.1 only).
    Serve {
        /// Port on 127.0.0.1 (default: a free one, printed).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Do not open the browser.
        #[arg(long)]
        no_browser: bool,
        /// Language of the page (default: Chinese for a Chinese locale, else English).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Compare two versions of an annex cell by cell: every changed cell with its effect on
    /// totals, ranks and findings. Exit 0 when nothing changed, 1 when something did.
    Diff {
        /// The earlier version.
        old: PathBuf,
        /// The later version.
        new: PathBuf,
        /// Write the comparison workbook to this path.
        #[arg(short = 'o', long = "output", value_name = "DIFF.xlsx")]
        output: Option<PathBuf>,
        /// Write the comparison as JSON to PATH, or to stdout with `-`.
        #[arg(long, value_name = "PATH|-")]
        json: Option<PathBuf>,
        /// Language of messages (default: the new version's).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// List the built-in templates, or print one.
    Templates {
        /// Print this template's TOML.
        name: Option<String>,
    },
}

/// Input limits (defaults suit any real annex; raise them for generated giants).
#[derive(clap::Args, Debug)]
struct LimitArgs {
    /// Largest uncompressed part accepted, in MiB.
    // 0 would refuse every document as a zip bomb: a mistake in the command line, said so.
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..))]
    max_part_mib: Option<u64>,
}

impl LimitArgs {
    fn to_limits(&self) -> Limits {
        commands::read_ahead::command_line_limits(self.max_part_mib)
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum FailOnArg {
    Critical,
    Error,
    Warning,
    Notice,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum LangArg {
    Zh,
    En,
}

/// The subcommands' names, to tell them from a file's name before clap parses: building
/// clap's command to ask it took as long as the parse itself (BENCHMARKS.md, round 15). A test
/// holds the list to clap's.
const SUBCOMMANDS: [&str; 5] = ["tables", "audit", "serve", "diff", "templates"];

/// The arguments with `audit` put first when no subcommand is given: `annex-audit 附件.docx`
/// (or a folder, or a file dropped onto the program) audits it. Help and version flags stay
/// as they are; the second value is whether `audit` was put in.
fn with_default_subcommand(mut args: Vec<OsString>) -> (Vec<OsString>, bool) {
    let Some(first) = args.get(1) else {
        return (args, false);
    };
    let first = first.to_string_lossy();
    let is_subcommand = SUBCOMMANDS.contains(&first.as_ref()) || first == "help";
    let is_top_flag = matches!(first.as_ref(), "-h" | "--help" | "-V" | "--version");
    if is_subcommand || is_top_flag {
        return (args, false);
    }
    args.insert(1, OsString::from("audit"));
    (args, true)
}

/// On Windows, a file dropped onto the program opens a console that closes when the program
/// ends: keep it open until Enter, so that the report can be read.
fn wait_for_enter_if_dropped(implicit: bool) {
    use std::io::IsTerminal;
    if cfg!(windows)
        && implicit
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
    {
        let lang = annex_audit::audit::Lang::from_env();
        eprintln!(
            "{}",
            lang.pick("按回车键关闭窗口……", "Press Enter to close…")
        );
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
}

impl LangArg {
    fn lang(self) -> Lang {
        match self {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// The language the command asks for with `--lang`, if it does.
fn asked_lang(command: &Command) -> Option<Lang> {
    match command {
        Command::Tables { lang, .. }
        | Command::Audit { lang, .. }
        | Command::Diff { lang, .. }
        | Command::Serve { lang, .. } => lang.map(LangArg::lang),
        Command::Templates { .. } => None,
    }
}

fn main() -> ExitCode {
    raise_the_mmap_threshold();
    let raw: Vec<OsString> = std::env::args_os().collect();
    // Started with no arguments and no terminal (double-clicked): the page. With a terminal,
    // clap prints the help as for any missing subcommand.
    if raw.len() == 1 && !has_terminal() {
        return run(
            Cli {
                command: Command::Serve {
                    port: 0,
                    no_browser: false,
                    lang: None,
                },
            },
            ReadAhead::none(),
        );
    }
    let (args, implicit) = with_default_subcommand(raw);
    // The one .docx of a plain `audit` starts being read beside the parsing.
    let ahead = ReadAhead::start(&args);
    let cli_lang = commands::cli::lang_of_args(&args);
    let cli = match commands::cli::parse_from::<Cli>(args, cli_lang) {
        Ok(cli) => cli,
        Err(err) => commands::cli::exit(err, cli_lang),
    };
    let code = run(cli, ahead);
    wait_for_enter_if_dropped(implicit);
    code
}

fn run(cli: Cli, ahead: ReadAhead) -> ExitCode {
    // Errors printed here: in the language asked for, else the locale's.
    let lang = Lang::choose(asked_lang(&cli.command), None);
    let result = match cli.command {
        Command::Tables {
            file,
            json,
            all_rows,
            wide,
            lang,
            limits,
        } => commands::tables(&TablesOptions {
            file,
            json,
            all_rows,
            wide,
            lang: lang.map(LangArg::lang),
            limits: limits.to_limits(),
        }),
        Command::Audit {
            inputs,
            output,
            json,
            fail_on,
            template,
            bookmark,
            lang,
            quiet,
            verbose,
            overwrite,
            no_workbook,
            jobs,
            limits,
        } => commands::audit(
            &AuditOptions {
                inputs,
                output,
                json,
                fail_on: match fail_on {
                    FailOnArg::Critical => FailOn::Critical,
                    FailOnArg::Error => FailOn::Error,
                    FailOnArg::Warning => FailOn::Warning,
                    FailOnArg::Notice => FailOn::Notice,
                    FailOnArg::Never => FailOn::Never,
                },
                template,
                bookmark,
                lang: lang.map(|l| match l {
                    LangArg::Zh => Lang::Zh,
                    LangArg::En => Lang::En,
                }),
                quiet,
                verbose,
                overwrite,
                workbook: !no_workbook,
                jobs,
                limits: limits.to_limits(),
            },
            ahead,
        ),
        Command::Diff {
            old,
            new,
            output,
            json,
            lang,
            limits,
        } => commands::diff(&DiffOptions {
            old,
            new,
            output,
            json,
            lang: lang.map(|l| match l {
                LangArg::Zh => Lang::Zh,
                LangArg::En => Lang::En,
            }),
            limits: limits.to_limits(),
        }),
        Command::Templates { name } => commands::templates(name.as_deref()),
        Command::Serve {
            port,
            no_browser,
            lang,
        } => annex_audit::serve::run(
            annex_audit::serve::ServeConfig {
                port,
                lang: lang.map(|l| match l {
                    LangArg::Zh => Lang::Zh,
                    LangArg::En => Lang::En,
                }),
                ..Default::default()
            },
            !no_browser,
        ),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!(
                "annex-audit{}{}",
                lang.pick("：", ": "),
                commands::error_message(&err, lang)
            );
            ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(3))
        }
    }
}

/// Whether stdin or stdout is a terminal (a double-clicked program has neither).
fn has_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() || std::io::stdout().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_subcommands_listed_are_clap_s() {
        let command = Cli::command();
        let mut names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
        let mut listed = SUBCOMMANDS.to_vec();
        names.sort_unstable();
        listed.sort_unstable();
        assert_eq!(listed, names);
        assert!(
            command
                .get_subcommands()
                .all(|c| c.get_all_aliases().next().is_none()),
            "an alias is a name too: list it"
        );
    }

    proptest::proptest! {
        /// A command line read ahead that clap accepts is one it reads the same way: the same one
        /// input, the same limits (else a reading would stand for another audit than the one
        /// asked for).
        #[test]
        fn what_is_read_ahead_is_what_clap_parses(
            words in proptest::collection::vec(
                proptest::sample::select(&READ_AHEAD_WORDS[..]),
                0..7,
            )
        ) {
            let args: Vec<OsString> = ["annex-audit", "audit"]
                .into_iter()
                .chain(words.iter().copied())
                .map(OsString::from)
                .collect();
            // A line clap refuses ends the process: what was read for it is never used.
            let ahead = ReadAhead::start(&args);
            if let (Some((path, limits)), Ok(cli)) = (ahead.reading(), Cli::try_parse_from(&args)) {
                let Command::Audit { inputs, limits: parsed, .. } = cli.command else {
                    return Err(proptest::test_runner::TestCaseError::fail("not an audit"));
                };
                proptest::prop_assert_eq!(inputs, vec![PathBuf::from(path)]);
                proptest::prop_assert_eq!(&parsed.to_limits(), limits);
            }
        }
    }

    /// The words the command lines above are made of: the sample, options with and without
    /// values, limits plain and not, and words clap reads otherwise.
    const READ_AHEAD_WORDS: [&str; 20] = [
        "samples/ordos-2020-annex.docx",
        "samples/ordos-2020-annex.docx",
        "samples/final-accounts-2025.docx",
        "-q",
        "--overwrite",
        "-o",
        "out.xlsx",
        "--json=-",
        "--lang",
        "en",
        "--max-part-mib",
        "400",
        "--max-part-mib=12",
        "+3",
        "-1",
        "--",
        "-j",
        "2",
        "--fail-on=never",
        "-qv",
    ];

    /// The options the read-ahead knows are `audit`'s, each with a value or without as clap
    /// takes it: an option it took for a flag would make the option's value the input.
    #[test]
    fn the_audit_options_the_read_ahead_knows_are_clap_s() {
        use annex_audit::commands::read_ahead::{FLAGS, LIMIT_OPTION, OPTIONS_WITH_VALUE};
        let command = Cli::command();
        let audit = command
            .find_subcommand("audit")
            .expect("the audit subcommand");
        let (mut with_value, mut flags) = (Vec::new(), Vec::new());
        for arg in audit.get_arguments().filter(|a| !a.is_positional()) {
            let takes_value = arg.get_action().takes_values();
            let names = arg
                .get_short()
                .map(|s| format!("-{s}"))
                .into_iter()
                .chain(arg.get_long().map(|l| format!("--{l}")));
            for name in names {
                if name == LIMIT_OPTION || name == "-h" || name == "--help" {
                    continue;
                }
                if takes_value {
                    with_value.push(name);
                } else {
                    flags.push(name);
                }
            }
            assert!(arg.get_all_aliases().is_none(), "an alias is a name too");
        }
        let sorted = |mut v: Vec<String>| {
            v.sort_unstable();
            v.dedup();
            v
        };
        let listed = |l: &[&str]| sorted(l.iter().map(|s| s.to_string()).collect());
        assert_eq!(sorted(with_value), listed(&OPTIONS_WITH_VALUE));
        assert_eq!(sorted(flags), listed(&FLAGS));
        assert!(
            audit
                .get_arguments()
                .any(|a| a.get_long() == LIMIT_OPTION.strip_prefix("--"))
        );
    }
}
