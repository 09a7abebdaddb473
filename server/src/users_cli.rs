//! `widget-studio users add|list|remove|passwd` and `widget-studio tokens add|list|revoke`: the
//! people who may sign in and their personal access tokens, managed from the command line on
//! the database the server uses (a running server sees the change at once).

use std::io::{BufRead, Write};
use std::process::ExitCode;

use crate::args::{TokensArgs, TokensCommand, UsersArgs, UsersCommand};
use crate::tokens::Tokens;
use crate::users::{UserError, Users, random_password};

/// The password: the first line of `stdin` (without its line end), or a new random one.
/// `Ok((password, generated))`.
fn password(from_stdin: bool, stdin: &mut dyn BufRead) -> Result<(String, bool), String> {
    if !from_stdin {
        return Ok((random_password(), true));
    }
    let mut line = String::new();
    stdin
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    let line = line.trim_end_matches(['\r', '\n']).to_string();
    if line.is_empty() {
        return Err("--password-stdin: standard input has no password on its first line".into());
    }
    Ok((line, false))
}

/// The exit status of a command's result, with the error written to `err`.
fn finish(result: Result<(), UserError>, what: &str, err: &mut dyn Write) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e @ UserError::Db(_)) => {
            let _ = writeln!(err, "widget-studio {what}: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            let _ = writeln!(err, "widget-studio {what}: {e}");
            ExitCode::from(1)
        }
    }
}

/// Runs a `tokens` command: 0 when done, 1 when refused, 2 when the database cannot be used.
pub async fn tokens(args: TokensArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let db = match crate::db::connect(&args.db.database_url).await {
        Ok(db) => db,
        Err(e) => {
            let _ = writeln!(err, "widget-studio tokens: {e}");
            return ExitCode::from(2);
        }
    };
    let tokens = Tokens::new(&db);
    let result: Result<(), UserError> = async {
        match args.command {
            TokensCommand::Add {
                user,
                name,
                role,
                expires_in_days,
            } => {
                let t = tokens.create(&user, &name, role, expires_in_days).await?;
                let _ = writeln!(
                    out,
                    "token {} for {} ({}), expires {}\n{}\n(shown once: it is stored hashed; send it as Authorization: Bearer TOKEN)",
                    t.info.id, t.info.user, t.info.role, t.info.expires_at, t.token
                );
            }
            TokensCommand::List { user } => {
                for t in tokens.list(user.as_deref()).await? {
                    let _ = writeln!(
                        out,
                        "{}\t{}\t{}\t{}\texpires {}{}",
                        t.id,
                        t.user,
                        t.name,
                        t.role,
                        t.expires_at,
                        t.revoked_at
                            .map(|r| format!("\trevoked {r}"))
                            .unwrap_or_default()
                    );
                }
            }
            TokensCommand::Revoke { id } => {
                let t = tokens.revoke(id).await?;
                let _ = writeln!(out, "revoked token {} ({}) of {}", t.id, t.name, t.user);
            }
        }
        Ok(())
    }
    .await;
    db.pool.close().await;
    finish(result, "tokens", err)
}

/// Runs a `users` command: 0 when done, 1 when the command was refused (a bad name, an
/// unknown user…), 2 when the database cannot be used.
pub async fn run(
    args: UsersArgs,
    stdin: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let db = match crate::db::connect(&args.db.database_url).await {
        Ok(db) => db,
        Err(e) => {
            let _ = writeln!(err, "widget-studio users: {e}");
            return ExitCode::from(2);
        }
    };
    let users = Users::new(&db);
    let result: Result<(), UserError> = async {
        match args.command {
            UsersCommand::Add {
                name,
                role,
                password_stdin,
            } => {
                let (password, generated) =
                    password(password_stdin, stdin).map_err(UserError::Invalid)?;
                let user = users.add(&name, role, &password).await?;
                let _ = writeln!(out, "added {} ({})", user.name, user.role);
                if generated {
                    let _ = writeln!(
                        out,
                        "password: {password}\n(shown once: give it to {}; they sign in at /login)",
                        user.name
                    );
                }
            }
            UsersCommand::List => {
                for u in users.list().await? {
                    let _ = writeln!(out, "{}\t{}\t{}", u.name, u.role, u.created_at);
                }
            }
            UsersCommand::Remove { name } => {
                users.remove(&name).await?;
                let _ = writeln!(out, "removed {name}: their sessions and tokens have ended");
            }
            UsersCommand::Role { name, role } => {
                let user = users.set_role(&name, role).await?;
                let _ = writeln!(
                    out,
                    "{} is now {}: their sessions have ended",
                    user.name, user.role
                );
            }
            UsersCommand::Passwd {
                name,
                password_stdin,
            } => {
                let (password, generated) =
                    password(password_stdin, stdin).map_err(UserError::Invalid)?;
                users.set_password(&name, &password).await?;
                let _ = writeln!(
                    out,
                    "new password set for {name}: their sessions and tokens have ended"
                );
                if generated {
                    let _ = writeln!(out, "password: {password}\n(shown once)");
                }
            }
        }
        Ok(())
    }
    .await;
    db.pool.close().await;
    finish(result, "users", err)
}
