//! The gallery's images: shipped in the repository (`public/gallery/img/`, embedded in the
//! binary by `app/build.rs`) and used by the gallery's designs as `asset:` references.
//!
//! The studio serves them at `/assets/<id>` even before any database holds them, so the
//! gallery works on a fresh studio with no internet access. A design made from the gallery
//! (or any design saved with one of their references) gets them stored as ordinary assets
//! ([`adopt`]): listed, exported, backed up and restored like an upload.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use widget::asset::{ImageInfo, SniffLimits};

use crate::asset_store::{self, AssetError, AssetLimits, NewAsset};
use crate::store::Store;

/// One shipped image.
pub struct Shipped {
    pub name: &'static str,
    pub bytes: &'static [u8],
    pub info: ImageInfo,
}

/// The shipped images by id (the SHA-256 of their bytes). A file that is not an image the
/// studio takes is left out, with a log line (the gallery test keeps them all valid).
pub fn shipped() -> &'static BTreeMap<String, Shipped> {
    static ALL: LazyLock<BTreeMap<String, Shipped>> = LazyLock::new(|| {
        app::api::gallery::catalog::IMAGES
            .iter()
            .filter_map(|&(name, bytes)| {
                match widget::asset::sniff(bytes, SniffLimits::default()) {
                    Ok(info) => Some((
                        asset_store::sha256_hex(bytes),
                        Shipped { name, bytes, info },
                    )),
                    Err(e) => {
                        tracing::warn!(file = name, "a gallery image is not an asset: {e}");
                        None
                    }
                }
            })
            .collect()
    });
    &ALL
}

/// Stores the shipped images a text refers to that the database does not hold yet. They are
/// the studio's own files: the quota does not turn them away.
pub async fn adopt(store: &Store, text: &str) -> Result<usize, AssetError> {
    let mut added = 0;
    for id in widget::asset::ids_in(text) {
        let Some(s) = shipped().get(&id) else {
            continue;
        };
        let (_, new) = asset_store::put(
            store,
            NewAsset {
                bytes: s.bytes,
                info: s.info,
                name: s.name,
                author: "gallery",
                created_at: None,
            },
            AssetLimits {
                max_bytes: u64::MAX,
                quota_bytes: u64::MAX,
            },
        )
        .await?;
        added += usize::from(new);
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_image_is_an_asset_and_every_gallery_reference_is_shipped() {
        assert_eq!(shipped().len(), app::api::gallery::catalog::IMAGES.len());
        for (slug, text) in app::api::gallery::catalog::FILES {
            let design = widget::Design::from_widget_file(text.as_bytes()).unwrap();
            let doc = serde_json::to_string(&design).unwrap();
            for id in widget::asset::ids_in(&doc) {
                assert!(
                    shipped().contains_key(&id),
                    "{slug}: asset:{id} is not shipped"
                );
            }
            assert!(
                !doc.contains("/gallery/img/"),
                "{slug} still points at a file path"
            );
        }
    }
}
