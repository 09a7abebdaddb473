//! The command line's arguments and their value parsers: what `cli` parses and `http`,
//! `limits` and `tools` read. It imports nothing from the crate but the closed sets its
//! options take (`users::Role`), so they all can.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;

#[derive(Debug, Clone, clap::Args)]
pub struct BuildArgs {
    /// A .widget file, a .jsx view, widget JSON, or a design document (the API's `document`);
    /// `-` reads standard input (a view when it starts with `<`).
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// JSON file with the data (state) to build with (`-`: standard input).
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

/// What an export writes: the CLI's `--format` and the REST API's `?format=`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    clap::ValueEnum,
    serde::Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// A `.widget` file (every state; the SDK loads it).
    Widget,
    /// The widget JSON built with a state.
    #[default]
    Json,
    /// A2UI messages (createSurface, updateComponents, updateDataModel) for an A2UI client.
    A2ui,
}

/// `--a2ui-version`: v0.9 or v0.8.
fn a2ui_version_parser() -> impl clap::builder::TypedValueParser<Value = widget::a2ui::Version> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(widget::a2ui::Version::ALL.map(|v| v.as_str()))
        .map(|s| s.parse::<widget::a2ui::Version>().unwrap_or_default())
}

/// `--catalog`: basic or studio.
fn a2ui_catalog_parser() -> impl clap::builder::TypedValueParser<Value = widget::a2ui::Catalog> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(widget::a2ui::Catalog::ALL.map(|c| c.as_str()))
        .map(|s| s.parse::<widget::a2ui::Catalog>().unwrap_or_default())
}

#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// A .widget file, a .jsx view, widget JSON, or a design document (the API's `document`);
    /// `-` reads standard input (a view when it starts with `<`).
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// Output format: a .widget file, the widget JSON, or A2UI messages.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// JSON file with data: for --format json the data to build with; for --format widget
    /// the default state written into the file (and its outputJsonPreview). Never required.
    #[arg(long, value_name = "DATA.json", conflicts_with = "state")]
    pub data: Option<std::path::PathBuf>,
    /// For --format json and a2ui: the named state to build with (default: the default state).
    #[arg(long, value_name = "NAME")]
    pub state: Option<String>,
    /// For --format a2ui: the A2UI protocol version, v0.9 (the default) or v0.8.
    #[arg(long, value_name = "VERSION", value_parser = a2ui_version_parser())]
    pub a2ui_version: Option<widget::a2ui::Version>,
    /// For --format a2ui: the catalog, basic (A2UI's, the default; Badge and Chart get
    /// fallbacks) or studio (ours, with Badge and Chart; write it with --catalog-out).
    #[arg(long, value_name = "CATALOG", value_parser = a2ui_catalog_parser())]
    pub catalog: Option<widget::a2ui::Catalog>,
    /// For --format a2ui --catalog studio: write the studio catalog's JSON Schema document here.
    #[arg(long, value_name = "FILE")]
    pub catalog_out: Option<std::path::PathBuf>,
    /// For --format a2ui: print the report (what A2UI draws differently) to stderr.
    #[arg(long)]
    pub report: bool,
    /// For --format a2ui: print JSON Lines (one message a line) instead of a JSON array.
    #[arg(long)]
    pub jsonl: bool,
    /// Whose rules to check by (and, for --format widget, the target written into the file): chatkit-python (the Python SDK's models) or chatkit-js
    /// (ChatKit.js's published types). Default: the design's own target (a .widget file or
    /// design document can carry one), else chatkit-python.
    #[arg(long, value_name = "TARGET", value_parser = target_parser())]
    pub target: Option<widget::Target>,
    /// Leave the design's `asset:` references (images uploaded to a studio) as they are. Without
    /// it a design that has any is refused: only the studio can serve them, and its export
    /// rewrites them to where your backend hosts the files.
    #[arg(long)]
    pub keep_assets: bool,
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
    /// Also run the accessibility lint and print its warnings (a11y-image-alt, a11y-contrast,
    /// a11y-unlabelled-field, …; docs/accessibility.md). They never make a file invalid.
    #[arg(long)]
    pub a11y: bool,
    /// With --a11y: exit 1 when any file has an accessibility warning (for CI).
    #[arg(long, requires = "a11y")]
    pub strict: bool,
    /// Widget JSON files (.json) or ChatKit Studio exports (.widget); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,
}

/// The database the `users` and `tokens` commands work on (the one `serve` uses).
#[derive(Debug, Clone, clap::Args)]
pub struct DatabaseArg {
    /// Database URL: `sqlite://PATH` or `postgres://USER:PASSWORD@HOST:PORT/DB`.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://data/widget-studio.db"
    )]
    pub database_url: String,
}

/// `widget-studio users …`: the people who may sign in.
#[derive(Debug, Clone, clap::Args)]
pub struct UsersArgs {
    #[command(subcommand)]
    pub command: UsersCommand,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum UsersCommand {
    /// Add a user; prints a new random password once, unless --password-stdin reads one.
    Add {
        /// 1 to 64 letters, digits, '.', '_' or '-'.
        name: String,
        /// viewer (reads), editor (also saves, shares, imports) or admin (also users, tokens,
        /// backups).
        #[arg(long, value_parser = parse_role)]
        role: crate::users::Role,
        /// Read the password (12 characters or more) from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the users: name, role, created.
    List,
    /// Remove a user: their sessions end and their tokens are revoked.
    Remove { name: String },
    /// Give a user another role (ends their sessions). The last admin stays an admin.
    Role {
        name: String,
        #[arg(value_parser = parse_role)]
        role: crate::users::Role,
    },
    /// Set a user's password (ends their sessions and revokes their tokens); prints a new
    /// random one unless
    /// --password-stdin reads one.
    Passwd {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

/// `widget-studio tokens …`: personal access tokens for the API and CI.
#[derive(Debug, Clone, clap::Args)]
pub struct TokensArgs {
    #[command(subcommand)]
    pub command: TokensCommand,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum TokensCommand {
    /// Make a token for a user; prints it once (it is stored hashed).
    Add {
        /// The owner.
        user: String,
        /// What uses it ("CI").
        #[arg(long)]
        name: String,
        /// At most the owner's role.
        #[arg(long, value_parser = parse_role)]
        role: crate::users::Role,
        /// Days until it expires (1 to 366).
        #[arg(long, default_value_t = 90)]
        expires_in_days: u32,
    },
    /// List the tokens (never their text): id, owner, name, role, expiry, revoked.
    List {
        /// Only this user's.
        #[arg(long)]
        user: Option<String>,
    },
    /// Revoke a token by id.
    Revoke { id: i64 },
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
    /// When set, every request but a few public ones (health, sign-in, static files, share
    /// links) needs this token or a signed-in user: a bearer header, or a login at /login.
    /// It acts as an admin.
    #[arg(long, env = "WIDGET_STUDIO_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Serve a non-loopback address even though no authentication is configured: anyone who
    /// can reach the address may read and change every design. Without it such a start is
    /// refused; with it a warning is logged at every start.
    #[arg(long, env = "WIDGET_STUDIO_OPEN")]
    pub open: bool,
    /// Mark the session and CSRF cookies `Secure`, so a browser sends them only over HTTPS.
    /// Set it when the studio is served through TLS (a proxy in front of it); without TLS a
    /// browser would then never send them, and nobody could stay signed in.
    #[arg(long, env = "WIDGET_STUDIO_SECURE_COOKIES")]
    pub secure_cookies: bool,
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
        value_parser = parse_duration)]
    pub header_timeout: Duration,
    /// Time a kept-alive connection may stay silent between requests.
    #[arg(long, env = "WIDGET_STUDIO_IDLE_TIMEOUT", default_value = "30s",
        value_parser = parse_duration)]
    pub idle_timeout: Duration,
    /// Grace period for a request body: it must arrive within this plus one second per
    /// --min-body-rate bytes.
    #[arg(long, env = "WIDGET_STUDIO_BODY_TIMEOUT", default_value = "30s",
        value_parser = parse_duration)]
    pub body_timeout: Duration,
    /// Slowest average rate, in bytes per second, at which a request body may arrive after the
    /// grace period (e.g. 64KiB).
    #[arg(long, env = "WIDGET_STUDIO_MIN_BODY_RATE", default_value = "64KiB",
        value_parser = parse_size)]
    pub min_body_rate: u64,
    /// Longest a response may wait for the client to read it before the connection closes.
    #[arg(long, env = "WIDGET_STUDIO_WRITE_TIMEOUT", default_value = "30s",
        value_parser = parse_duration)]
    pub write_timeout: Duration,
    /// Most heavy requests (backup imports and exports, renders over 64 KiB) running at once;
    /// one more is answered 503 with Retry-After.
    #[arg(long, env = "WIDGET_STUDIO_HEAVY_JOBS", default_value_t = 2,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub heavy_jobs: u32,
    /// Largest backup zip accepted by the import (e.g. 64MiB).
    #[arg(long, env = "WIDGET_STUDIO_IMPORT_MAX_ZIP", default_value = "64MiB",
        value_parser = parse_size)]
    pub import_max_zip: u64,
    /// Most bytes inflated from one uploaded zip, all its files together.
    #[arg(long, env = "WIDGET_STUDIO_IMPORT_BUDGET", default_value = "256MiB",
        value_parser = parse_size)]
    pub import_budget: u64,
    /// Largest single file inside an uploaded zip, inflated.
    #[arg(long, env = "WIDGET_STUDIO_IMPORT_MAX_FILE", default_value = "4MiB",
        value_parser = parse_size)]
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
    /// Hosts (names or IP addresses) a design's `handlers.forward` may reach besides this
    /// machine, comma-separated; by default only loopback addresses.
    #[arg(long, env = "WIDGET_STUDIO_FORWARD_ALLOW", value_delimiter = ',')]
    pub forward_allow: Vec<String>,
    /// The most a forwarded action's whole answer may take.
    #[arg(long, env = "WIDGET_STUDIO_FORWARD_TIMEOUT", default_value = "30s",
        value_parser = parse_duration)]
    pub forward_timeout: Duration,
    /// The most bytes a forwarded action's answer may hold.
    #[arg(long, env = "WIDGET_STUDIO_FORWARD_MAX", default_value = "4MiB",
        value_parser = parse_size)]
    pub forward_max: u64,
    #[command(flatten)]
    pub assets: AssetLimitArgs,
}

/// The limits on uploaded assets (`serve` and `assets add`).
#[derive(Debug, Clone, clap::Args)]
pub struct AssetLimitArgs {
    /// The most bytes one asset (an uploaded image) may take.
    #[arg(long, env = "WIDGET_STUDIO_ASSET_MAX", default_value = "5MiB",
        value_parser = parse_size)]
    pub asset_max: u64,
    /// The most bytes all assets together may take.
    #[arg(long, env = "WIDGET_STUDIO_ASSET_QUOTA", default_value = "1GiB",
        value_parser = parse_size)]
    pub asset_quota: u64,
}

impl AssetLimitArgs {
    pub fn limits(&self) -> crate::asset_store::AssetLimits {
        crate::asset_store::AssetLimits {
            max_bytes: self.asset_max,
            quota_bytes: self.asset_quota,
        }
    }
}

/// `widget-studio assets`: the studio's images.
#[derive(Debug, Clone, clap::Args)]
pub struct AssetsArgs {
    #[command(subcommand)]
    pub command: AssetsCommand,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum AssetsCommand {
    /// Add images (PNG, JPEG, GIF or WebP, judged by their bytes); prints each one's reference.
    Add {
        /// The files.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        #[command(flatten)]
        limits: AssetLimitArgs,
    },
    /// List the assets: id, type, size, dimensions, name, and the designs that use each.
    List {
        /// As JSON (the answer of GET /api/assets).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        limits: AssetLimitArgs,
    },
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

/// Parses `10s`, `500ms`, `2m` or a plain number of seconds; zero is refused.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60.0)
    } else {
        (s, 1.0)
    };
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a duration; write e.g. 10s, 500ms or 2m"))?;
    let d = v * scale;
    if !d.is_finite() || d <= 0.0 || d > 86_400.0 {
        return Err(format!(
            "{s:?}: a duration must be above 0 and at most a day"
        ));
    }
    Ok(Duration::from_secs_f64(d))
}

/// Parses `256MiB`, `64KiB`, `1GiB`, `4MB` (= MiB) or a plain number of bytes; zero is refused.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let (num, shift) = [
        ("gib", 30),
        ("gb", 30),
        ("g", 30),
        ("mib", 20),
        ("mb", 20),
        ("m", 20),
        ("kib", 10),
        ("kb", 10),
        ("k", 10),
        ("b", 0),
    ]
    .iter()
    .find_map(|(suf, sh)| lower.strip_suffix(suf).map(|n| (n.trim().to_string(), *sh)))
    .unwrap_or((lower.clone(), 0));
    let v: u64 = num.parse().map_err(|_| {
        format!("{t:?} is not a size; write e.g. 256MiB, 64KiB or a number of bytes")
    })?;
    let n = v
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("{t:?} is too large"))?;
    if n == 0 {
        return Err(format!("{t:?}: a size must be above 0"));
    }
    Ok(n)
}

/// `--role`: viewer, editor or admin.
fn parse_role(s: &str) -> Result<crate::users::Role, String> {
    s.parse()
}
