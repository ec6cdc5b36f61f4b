//! The command line's own words in the locale's language: `--help`, `-h`, `annex-audit help`
//! and the mistakes clap finds. In a Chinese locale every line of help and every command-line
//! error is Chinese (from [`crate::messages`]); otherwise clap's English is left as it is.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::lang::Lang;
use crate::messages::{self as m, Msg};

/// `command` with its help in `lang`: for Chinese, every `about` and argument help taken from
/// the catalogue, the headings and the usage line in Chinese, and `-h`/`-V`/`help` described
/// in Chinese. English is clap's own text, untouched.
pub fn localize(command: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return command;
    }
    let template = format!(
        "{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        m::HELP_USAGE.get(lang)
    );
    let args_of = |name: String| {
        // `mut_args` visits the arguments in the order they were declared.
        let mut positionals = 0usize;
        move |arg: Arg| {
            let heading = if arg.is_positional() {
                m::HELP_ARGUMENTS
            } else {
                m::HELP_OPTIONS
            };
            // clap's `[default: …] [possible values: …]` are English: said here instead.
            let mut extra = Vec::new();
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() && arg.get_action().takes_values() {
                extra.push(m::HELP_DEFAULT.fill(lang, &[("value", &defaults.join(", "))]));
            }
            let choices: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !choices.is_empty() && arg.get_action().takes_values() {
                extra.push(m::CLI_VALID_VALUES.fill(lang, &[("values", &choices.join(", "))]));
            }
            let help = match m::help_text(&name, arg.get_id().as_str()) {
                Some(help) => help.get(lang).to_string(),
                None => arg.get_help().map(ToString::to_string).unwrap_or_default(),
            };
            // A help that states its default already (`默认：任一空闲端口`) keeps its own words.
            if help.contains(
                m::HELP_DEFAULT
                    .get(lang)
                    .split('{')
                    .next()
                    .unwrap_or_default(),
            ) {
                extra.retain(|e| {
                    !e.starts_with(
                        m::HELP_DEFAULT
                            .get(lang)
                            .split('{')
                            .next()
                            .unwrap_or_default(),
                    )
                });
            }
            let help = if extra.is_empty() {
                help
            } else {
                format!("{help}（{}）", extra.join("；"))
            };
            let takes_values = arg.get_action().takes_values();
            // Arguments under a heading of our own are listed by name unless given an order:
            // `diff`'s <NEW> came before <OLD>. They keep the order they are typed in.
            let arg = arg.help(help).help_heading(heading.get(lang));
            let arg = if arg.is_positional() {
                positionals += 1;
                arg.display_order(positionals)
            } else {
                arg
            };
            if takes_values {
                arg.hide_default_value(true).hide_possible_values(true)
            } else {
                arg
            }
        }
    };
    let help_flag = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help(m::HELP_HELP.get(lang))
        .help_heading(m::HELP_OPTIONS.get(lang));
    let command = command
        .mut_subcommands(|sub| {
            let name = sub.get_name().to_string();
            let sub = match m::help_text(&name, "") {
                Some(about) => sub.about(about.get(lang)).long_about(None),
                None => sub,
            };
            sub.mut_args(args_of(name))
                .help_template(template.clone())
                .disable_help_flag(true)
                .arg(help_flag.clone())
        })
        .mut_args(args_of(String::new()));
    let about = m::HELP_ABOUT.get(lang);
    command
        .about(about)
        .long_about(None)
        .after_help(m::HELP_AFTER.get(lang))
        .help_template(template.clone())
        .subcommand_help_heading(m::HELP_COMMANDS.get(lang))
        .disable_help_flag(true)
        .arg(help_flag.clone())
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(m::HELP_VERSION.get(lang))
                .help_heading(m::HELP_OPTIONS.get(lang)),
        )
        .disable_help_subcommand(true)
        .subcommand(
            Command::new("help")
                .about(m::HELP_SUBCOMMAND.get(lang))
                .help_template(template)
                .disable_help_flag(true)
                .arg(help_flag)
                .arg(
                    Arg::new("command")
                        .help(m::HELP_SUBCOMMAND_NAME.get(lang))
                        .help_heading(m::HELP_ARGUMENTS.get(lang)),
                ),
        )
}

/// Parses the process's arguments into `T` with the help in the locale's language
/// ([`localize`]); `annex-audit help [COMMAND]` comes back as the help to print (a
/// [`ErrorKind::DisplayHelp`] error, which [`exit`] prints and exits 0 with).
///
/// # Errors
///
/// clap's error: a mistake on the command line, or the help or version to print.
pub fn parse<T: clap::Parser>() -> Result<T, clap::Error> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = lang_of_args(&args);
    parse_from(args, lang)
}

/// [`parse`] with the arguments and the language given.
///
/// # Errors
///
/// As [`parse`].
pub fn parse_from<T: clap::Parser>(
    args: impl IntoIterator<Item = std::ffi::OsString>,
    lang: Lang,
) -> Result<T, clap::Error> {
    let args: Vec<std::ffi::OsString> = args.into_iter().collect();
    // Parsed first with clap's own texts: a parse that succeeds shows none of them, and putting
    // every help into `lang` took longer than the parse itself, on the way to the reading's
    // start (BENCHMARKS.md, round 15). A mistake, the help or the version is parsed again below,
    // for its message in `lang`.
    if let Ok(matches) = T::command().try_get_matches_from(&args)
        && !matches!(matches.subcommand(), Some(("help", _)))
    {
        return T::from_arg_matches(&matches);
    }
    let command = localize(T::command(), lang);
    let matches = command.clone().try_get_matches_from(&args)?;
    if let Some(("help", sub)) = matches.subcommand() {
        // `help tables` is `tables --help`; `help` alone is `--help`.
        let mut again: Vec<std::ffi::OsString> = args.iter().take(1).cloned().collect();
        if let Some(name) = sub.get_one::<String>("command") {
            again.push(name.into());
        }
        again.push("--help".into());
        return Err(match command.try_get_matches_from(again) {
            Err(err) => err,
            Ok(_) => clap::Error::new(ErrorKind::DisplayHelp),
        });
    }
    T::from_arg_matches(&matches)
}

/// The language of the command line's own words: the one `--lang` asks for (`--lang zh`,
/// `--lang=en`) anywhere before a `--`, else the locale's. Read before clap parses, so that
/// `annex-audit audit --lang zh --help` and a mistake on a line asking for Chinese are Chinese
/// in any locale.
///
/// ```
/// use annex_audit::commands::cli::lang_of_args;
/// use annex_audit::lang::Lang;
/// let args = |words: &[&str]| words.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
/// assert_eq!(lang_of_args(&args(&["annex-audit", "audit", "--lang", "zh", "--help"])), Lang::Zh);
/// assert_eq!(lang_of_args(&args(&["annex-audit", "audit", "--lang=en", "a.docx"])), Lang::En);
/// // After `--`, `--lang` is a file's name.
/// assert_eq!(
///     lang_of_args(&args(&["annex-audit", "audit", "--", "--lang", "zh"])),
///     Lang::from_env()
/// );
/// ```
pub fn lang_of_args(args: &[std::ffi::OsString]) -> Lang {
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut asked = None;
    while let Some(word) = words.next() {
        let value = match word.as_ref() {
            "--" => break,
            "--lang" => words.next().map(|v| v.into_owned()),
            other => other.strip_prefix("--lang=").map(str::to_string),
        };
        match value.as_deref() {
            Some("zh") => asked = Some(Lang::Zh),
            Some("en") => asked = Some(Lang::En),
            _ => {}
        }
    }
    asked.unwrap_or_else(Lang::from_env)
}

/// Prints clap's `err` in `lang` and ends the process: help and version on stdout with 0, a
/// mistake on stderr with 2.
pub fn exit(err: clap::Error, lang: Lang) -> ! {
    match error_message(&err, lang) {
        Some(message) => {
            eprintln!("{message}");
            std::process::exit(crate::error::EXIT_USAGE)
        }
        None => err.exit(),
    }
}

/// The text of a command-line mistake in `lang`, or `None` when clap's own output is to be
/// shown (help, version, or English).
pub fn error_message(err: &clap::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En
        || matches!(
            err.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        return None;
    }
    let context = |kind: ContextKind| -> String {
        match err.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join(", "),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let arg = context(ContextKind::InvalidArg);
    let fill = |msg: &Msg, args: &[(&str, &dyn std::fmt::Display)]| msg.fill(lang, args);
    let mut text = match err.kind() {
        ErrorKind::UnknownArgument => fill(&m::CLI_UNKNOWN_ARGUMENT, &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => fill(
            &m::CLI_UNKNOWN_COMMAND,
            &[("arg", &context(ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => fill(
            &m::CLI_INVALID_VALUE,
            &[
                ("arg", &arg),
                ("value", &context(ContextKind::InvalidValue)),
            ],
        ),
        ErrorKind::MissingRequiredArgument => fill(&m::CLI_MISSING, &[("arg", &arg)]),
        ErrorKind::MissingSubcommand => m::CLI_MISSING_COMMAND.get(lang).to_string(),
        ErrorKind::ArgumentConflict => fill(
            &m::CLI_CONFLICT,
            &[("arg", &arg), ("other", &context(ContextKind::PriorArg))],
        ),
        _ => m::CLI_OTHER.get(lang).to_string(),
    };
    let valid = context(ContextKind::ValidValue);
    if !valid.is_empty() {
        text.push_str(lang.pick("；", "; "));
        text.push_str(&fill(&m::CLI_VALID_VALUES, &[("values", &valid)]));
    }
    let see = fill(&m::CLI_SEE_HELP, &[("command", &"annex-audit")]);
    Some(format!("annex-audit：{text}\n{see}"))
}
