//! `widget-studio assets add FILE…` and `assets list`, on the database directly (as `users`
//! and `tokens` are).

use std::io::Write;
use std::process::ExitCode;

use crate::args::{AssetsArgs, AssetsCommand};
use crate::asset_store::{self, AssetError, NewAsset};
use crate::store::Store;

pub async fn run(args: AssetsArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let db = match crate::db::connect(&args.db.database_url).await {
        Ok(db) => db,
        Err(e) => {
            let _ = writeln!(err, "widget-studio assets: {e}");
            return ExitCode::from(2);
        }
    };
    let store = Store::new(db);
    match args.command {
        AssetsCommand::Add { files, limits } => {
            let limits = limits.limits();
            let mut failed = false;
            for path in files {
                let shown = path.display().to_string();
                let bytes = match std::fs::read(&path) {
                    Ok(b) => b,
                    Err(e) => {
                        let _ = writeln!(err, "{shown}: cannot read: {e}");
                        failed = true;
                        continue;
                    }
                };
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| shown.clone());
                let added: Result<_, AssetError> = async {
                    let info = asset_store::check_file(&name, &bytes, limits)?;
                    asset_store::put(
                        &store,
                        NewAsset {
                            bytes: &bytes,
                            info,
                            name: &name,
                            author: "cli",
                            created_at: None,
                        },
                        limits,
                    )
                    .await
                }
                .await;
                match added {
                    Ok((a, new)) => {
                        let _ = writeln!(
                            out,
                            "{}\t{}\t{}×{}\t{}{}",
                            a.reference,
                            a.kind.mime(),
                            a.width,
                            a.height,
                            a.name,
                            if new { "" } else { "\t(already held)" }
                        );
                    }
                    Err(e) => {
                        let _ = writeln!(err, "{shown}: {e}");
                        failed = true;
                    }
                }
            }
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        AssetsCommand::List { json, limits } => match asset_store::list(&store).await {
            Ok((assets, total)) => {
                let (quota, max) = (limits.asset_quota, limits.asset_max);
                if json {
                    let answer = widget::asset::AssetList {
                        assets,
                        total_bytes: total,
                        quota_bytes: quota,
                        max_bytes: max,
                    };
                    let _ = writeln!(
                        out,
                        "{}",
                        serde_json::to_string_pretty(&answer).unwrap_or_default()
                    );
                } else {
                    for a in &assets {
                        let used: Vec<&str> = a.used_by.iter().map(|u| u.id.as_str()).collect();
                        let _ = writeln!(
                            out,
                            "{}\t{}\t{}\t{}×{}\t{}\tused by: {}",
                            a.id,
                            a.kind.mime(),
                            crate::archive::bytes(a.size),
                            a.width,
                            a.height,
                            a.name,
                            if used.is_empty() {
                                "nothing".to_string()
                            } else {
                                used.join(", ")
                            }
                        );
                    }
                    let _ = writeln!(
                        out,
                        "{} assets, {}",
                        assets.len(),
                        crate::archive::bytes(total)
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                let _ = writeln!(err, "widget-studio assets: {e}");
                ExitCode::from(2)
            }
        },
    }
}
