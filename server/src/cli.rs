//! The command line: `widget-studio [serve]` and the tools that later issues add.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

/// Widget Studio: design, validate and preview ChatKit widgets.
#[derive(Debug, Parser)]
#[command(name = "widget-studio", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the studio over HTTP (the default when no subcommand is given).
    Serve(ServeArgs),
    /// Validate widget JSON and .widget files; exit 0 if all are valid, 1 if any is not, 2 on usage or I/O errors.
    Validate(ValidateArgs),
    /// Print the JSON Schema (draft 2020-12) of widget JSON.
    Schema,
    /// Build widget JSON from a .widget file, a .jsx view, widget JSON or a design document, with data.
    Build(BuildArgs),
    /// Convert a .widget file, a .jsx view, widget JSON or a design document into a .widget file or widget JSON.
    Export(ExportArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct BuildArgs {
    /// A .widget file, a .jsx view, widget JSON, or a design document (the API's `document`).
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// JSON file with the data (state) to build with.
    #[arg(long, value_name = "DATA.json", conflicts_with = "state")]
    pub data: Option<std::path::PathBuf>,
    /// Name of a state stored in the .widget file ("default" for the default state).
    #[arg(long, value_name = "NAME")]
    pub state: Option<String>,
    /// Whose rules to check by: chatkit-python (the Python SDK's models) or chatkit-js
    /// (ChatKit.js's published types). Default: the design's own target (a .widget file or
    /// design document can carry one), else chatkit-python.
    #[arg(long, value_name = "TARGET", value_parser = target_parser())]
    pub target: Option<widget::Target>,
}

/// `--target`: one of the targets' names; clap lists them when another is given.
fn target_parser() -> impl clap::builder::TypedValueParser<Value = widget::Target> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(widget::Target::ALL.map(|t| t.as_str()))
        .map(|s| s.parse::<widget::Target>().unwrap_or_default())
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Widget,
    Json,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// A .widget file, a .jsx view, widget JSON, or a design document (the API's `document`).
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// Output format: a .widget file, or the widget JSON.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// JSON file with data: for --format json the data to build with; for --format widget
    /// the default state written into the file (and its outputJsonPreview). Never required.
    #[arg(long, value_name = "DATA.json", conflicts_with = "state")]
    pub data: Option<std::path::PathBuf>,
    /// For --format json: the named state to build with (default: the default state).
    #[arg(long, value_name = "NAME")]
    pub state: Option<String>,
    /// Whose rules to check by (and, for --format widget, the target written into the file): chatkit-python (the Python SDK's models) or chatkit-js
    /// (ChatKit.js's published types). Default: the design's own target (a .widget file or
    /// design document can carry one), else chatkit-python.
    #[arg(long, value_name = "TARGET", value_parser = target_parser())]
    pub target: Option<widget::Target>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ValidateArgs {
    /// Print a JSON array of results instead of `file:line:col: error[code]: message` lines.
    #[arg(long)]
    pub json: bool,
    /// Whose rules to check by: chatkit-python (the Python SDK's models) or chatkit-js
    /// (ChatKit.js's published types). Default: the design's own target (a .widget file or
    /// design document can carry one), else chatkit-python.
    #[arg(long, value_name = "TARGET", value_parser = target_parser())]
    pub target: Option<widget::Target>,
    /// Widget JSON files (.json) or ChatKit Studio exports (.widget).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "WIDGET_STUDIO_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Database URL: `sqlite://PATH` (created if missing) or `postgres://USER:PASSWORD@HOST:PORT/DB`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/widget-studio.db"
    )]
    pub database_url: String,
    /// When set, every write needs this token (a bearer header, or a login at /login).
    #[arg(long, env = "WIDGET_STUDIO_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Requests per second per client address (bursts of three times as many); 0 turns the
    /// limit off.
    #[arg(long, env = "WIDGET_STUDIO_RATE_LIMIT", default_value_t = 100.0)]
    pub rate_limit: f64,
    /// Most connections open at once; past it, new connections wait in the kernel's listen
    /// queue until one closes. Clamped to the open-file limit less 64.
    #[arg(long, env = "WIDGET_STUDIO_MAX_CONNECTIONS", default_value_t = 512,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// Time a client has to send a request's headers: from connecting, or from the first byte
    /// of a later request on a kept-alive connection (e.g. 10s, 500ms).
    #[arg(long, env = "WIDGET_STUDIO_HEADER_TIMEOUT", default_value = "10s",
        value_parser = crate::limits::parse_duration)]
    pub header_timeout: Duration,
    /// Time a kept-alive connection may stay silent between requests.
    #[arg(long, env = "WIDGET_STUDIO_IDLE_TIMEOUT", default_value = "30s",
        value_parser = crate::limits::parse_duration)]
    pub idle_timeout: Duration,
    /// Grace period for a request body: it must arrive within this plus one second per
    /// --min-body-rate bytes.
    #[arg(long, env = "WIDGET_STUDIO_BODY_TIMEOUT", default_value = "30s",
        value_parser = crate::limits::parse_duration)]
    pub body_timeout: Duration,
    /// Slowest average rate, in bytes per second, at which a request body may arrive after the
    /// grace period (e.g. 64KiB).
    #[arg(long, env = "WIDGET_STUDIO_MIN_BODY_RATE", default_value = "64KiB",
        value_parser = crate::limits::parse_size)]
    pub min_body_rate: u64,
    /// Longest a response may wait for the client to read it before the connection closes.
    #[arg(long, env = "WIDGET_STUDIO_WRITE_TIMEOUT", default_value = "30s",
        value_parser = crate::limits::parse_duration)]
    pub write_timeout: Duration,
    /// Most heavy requests (backup imports and exports, renders over 64 KiB) running at once;
    /// one more is answered 503 with Retry-After.
    #[arg(long, env = "WIDGET_STUDIO_HEAVY_JOBS", default_value_t = 2,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub heavy_jobs: u32,
    /// Largest backup zip accepted by the import (e.g. 64MiB).
    #[arg(long, env = "WIDGET_STUDIO_IMPORT_MAX_ZIP", default_value = "64MiB",
        value_parser = crate::limits::parse_size)]
    pub import_max_zip: u64,
    /// Most bytes inflated from one uploaded zip, all its files together.
    #[arg(long, env = "WIDGET_STUDIO_IMPORT_BUDGET", default_value = "256MiB",
        value_parser = crate::limits::parse_size)]
    pub import_budget: u64,
    /// Largest single file inside an uploaded zip, inflated.
    #[arg(long, env = "WIDGET_STUDIO_IMPORT_MAX_FILE", default_value = "4MiB",
        value_parser = crate::limits::parse_size)]
    pub import_max_file: u64,
    /// Most files in one uploaded zip.
    #[arg(long, env = "WIDGET_STUDIO_IMPORT_MAX_ENTRIES", default_value_t = 10_000,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub import_max_entries: u32,
    /// Highest compression ratio (inflated:compressed) of a file over 64 KiB in an uploaded
    /// zip; above it the zip is refused as a likely zip bomb.
    #[arg(long, env = "WIDGET_STUDIO_IMPORT_MAX_RATIO", default_value_t = 100,
        value_parser = clap::value_parser!(u64).range(1..))]
    pub import_max_ratio: u64,
}

impl Default for ServeArgs {
    fn default() -> Self {
        // Parse an empty command line so defaults and env vars apply exactly as for `serve`.
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            args: ServeArgs,
        }
        Only::parse_from(["serve"]).args
    }
}

pub async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    match cli
        .command
        .unwrap_or_else(|| Command::Serve(ServeArgs::default()))
    {
        Command::Validate(args) => ExitCode::from(crate::tools::validate(
            &args.files,
            args.json,
            args.target,
            &mut std::io::stdout().lock(),
        )),
        Command::Build(args) => ExitCode::from(crate::tools::build(
            &args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )),
        Command::Export(args) => ExitCode::from(crate::tools::export(
            &args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )),
        Command::Schema => {
            println!(
                "{}",
                serde_json::to_string_pretty(&widget::schema::json_schema()).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Command::Serve(args) => match crate::http::serve(args).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                tracing::error!("{err:#}");
                eprintln!("widget-studio: {err}");
                ExitCode::from(2)
            }
        },
    }
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
