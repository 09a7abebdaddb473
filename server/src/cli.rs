//! The command line: `widget-studio [serve]` and the tools that later issues add.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use crate::args::{
    AssetsArgs, BuildArgs, ExportArgs, ExportFormat, ServeArgs, TokensArgs, UsersArgs, ValidateArgs,
};

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
    /// Convert a .widget file, a .jsx view, widget JSON or a design document into a .widget file, widget JSON or A2UI messages.
    Export(ExportArgs),
    /// Manage the people who may sign in: add (prints a one-time password), list, remove, passwd, role.
    Users(UsersArgs),
    /// Manage personal access tokens: add (prints the token once), list, revoke.
    Tokens(TokensArgs),
    /// Manage the studio's images: add (prints each one's `asset:` reference), list.
    Assets(AssetsArgs),
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
            crate::tools::ValidateOptions {
                json: args.json,
                target: args.target,
                a11y: args.a11y,
                strict: args.strict,
            },
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
        Command::Users(args) => {
            crate::users_cli::run(
                args,
                &mut std::io::stdin().lock(),
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            )
            .await
        }
        Command::Tokens(args) => {
            crate::users_cli::tokens(
                args,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            )
            .await
        }
        Command::Assets(args) => {
            crate::assets_cli::run(
                args,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            )
            .await
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
