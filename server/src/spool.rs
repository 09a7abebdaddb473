//! Zips with images in them, written to a temporary file and sent from it: backups and exports
//! "with assets". The images are read from the database one at a time while a blocking task
//! writes the zip, so the server holds a few of them (the one being written, the next, the one
//! the database is reading), not all of them and the zip besides: the assets alone may take
//! `--asset-quota`, 1 GiB by default. The file is unlinked as soon as it is open, so nothing is
//! left behind, whatever happens to the request or the server.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom};

use axum::http::header;
use axum::response::{IntoResponse, Response};
use widget::asset::AssetInfo;

use crate::asset_store::{self, AssetError};
use crate::error::{ApiError, ErrorCode};
use crate::store::{Store, now_ms};

/// The zip being written.
pub type Zip = zip::ZipWriter<BufWriter<File>>;

/// The images the writer receives, in the order asked for (those the studio does not hold
/// are left out).
pub type Assets = tokio::sync::mpsc::Receiver<(AssetInfo, Vec<u8>)>;

/// A finished zip: the unnamed file, at its start, and its length.
pub struct Spooled {
    pub file: File,
    pub len: u64,
}

impl Spooled {
    /// The download: `application/zip`, named `file_name`, with its length.
    pub fn into_response(self, file_name: &str) -> Response {
        (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    crate::wire::content_disposition("attachment", file_name),
                ),
                (header::CONTENT_LENGTH, self.len.to_string()),
            ],
            file_body(tokio::fs::File::from_std(self.file)),
        )
            .into_response()
    }
}

/// Writes a zip to a temporary file: `write` runs off the async workers with the zip and the
/// images `ids` names, read one at a time (one waits in the channel while it writes another).
/// `what` names the file (`backup`, `export`).
pub async fn zip_with_assets<T: Send + 'static>(
    store: &Store,
    what: &'static str,
    ids: Vec<String>,
    write: impl FnOnce(&mut Zip, &mut Assets) -> Result<T, ApiError> + Send + 'static,
) -> Result<(Spooled, T), ApiError> {
    let file = temp_file(what)?;
    let (tx, mut rx) = tokio::sync::mpsc::channel(1);
    let writer = tokio::task::spawn_blocking(move || {
        let mut zip = zip::ZipWriter::new(BufWriter::new(file));
        let out = write(&mut zip, &mut rx)?;
        let mut file = zip
            .finish()
            .map_err(|e| write_error(&e))?
            .into_inner()
            .map_err(|e| write_error(&e.into_error()))?;
        let len = file.seek(SeekFrom::End(0)).map_err(|e| write_error(&e))?;
        file.rewind().map_err(|e| write_error(&e))?;
        Ok((Spooled { file, len }, out))
    });
    let mut read_error = None;
    for id in &ids {
        match asset_store::get(store, id).await {
            Ok(found) => {
                if tx.send(found).await.is_err() {
                    break; // the writer stopped; its error is the answer
                }
            }
            Err(AssetError::NotFound(_)) => {}
            Err(e) => {
                read_error = Some(e);
                break;
            }
        }
    }
    drop(tx);
    let written = writer
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the zip writer stopped: {e}")))?;
    if let Some(e) = read_error {
        return Err(e.into());
    }
    written
}

/// A failure to write the zip, naming where it is written.
pub fn write_error(e: &dyn std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        format!(
            "cannot write the zip in the temporary directory {} (TMPDIR): {e}",
            std::env::temp_dir().display()
        ),
    )
}

/// A new file in the system's temporary directory, readable by this user only and already
/// unlinked (Unix): only this handle reaches it, and the space returns when it closes.
fn temp_file(what: &str) -> Result<File, ApiError> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir();
    let mut attempt = 0;
    loop {
        let path = dir.join(format!(
            "widget-studio-{what}-{}-{}-{}.zip",
            std::process::id(),
            now_ms(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let mut options = std::fs::OpenOptions::new();
        // `create_new` never opens a file (or a link) someone else put there.
        options.read(true).write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(file) => {
                // Elsewhere than Unix an open file cannot be removed; it is then left there.
                let _ = std::fs::remove_file(&path);
                return Ok(file);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 8 => {
                attempt += 1;
            }
            Err(e) => {
                return Err(ApiError::new(
                    ErrorCode::Internal,
                    format!(
                        "cannot write the {what}: no temporary file in {} (set TMPDIR to a writable directory with room for the zip): {e}",
                        dir.display()
                    ),
                ));
            }
        }
    }
}

/// The body that sends `file` from where it stands to its end, 64 KiB at a time.
fn file_body(file: tokio::fs::File) -> axum::body::Body {
    use tokio::io::AsyncReadExt;
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buf = vec![0; 64 << 10];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(bytes::Bytes::from(buf)), Some(file)))
            }
            // Cut short: the client sees a body shorter than its Content-Length.
            Err(e) => Some((Err(e), None)),
        }
    });
    axum::body::Body::from_stream(chunks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn a_temporary_file_is_private_and_has_no_name() {
        let Ok(mut f) = temp_file("test") else {
            panic!("no temporary file")
        };
        f.write_all(b"hello").unwrap();
        f.rewind().unwrap();
        let mut back = String::new();
        f.read_to_string(&mut back).unwrap();
        assert_eq!(back, "hello");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = f.metadata().unwrap();
            assert_eq!(meta.mode() & 0o777, 0o600);
            assert_eq!(meta.nlink(), 0, "unlinked while open");
        }
    }
}
