//! The store as the pages see it: [`DesignsLookup`] for `/designs` and `/designs/{id}`.

use std::future::Future;
use std::pin::Pin;

use app::designs_page::{
    DesignInfo, DesignItem, DesignPage, DesignsError, DesignsLookup, FieldChange, ListParams,
    RevisionDiff, RevisionRow, ShareRow,
};

use crate::store::{ListQuery, Store, StoreError};

pub struct StoreDesigns(pub Store);

/// Page size of the designs list.
pub const PAGE: i64 = 25;

fn err(e: StoreError) -> DesignsError {
    match e {
        StoreError::NotFound(id) => DesignsError::NotFound(id),
        StoreError::NoRevision(id, n) => {
            DesignsError::Invalid(format!("design {id} has no revision {n}"))
        }
        StoreError::Invalid(m) => DesignsError::Invalid(m),
        other => {
            tracing::error!(%other, "designs page: store error");
            DesignsError::Unavailable("the database is unavailable".into())
        }
    }
}

type Boxed<'a, T> = Pin<Box<dyn Future<Output = Result<T, DesignsError>> + Send + 'a>>;

impl DesignsLookup for StoreDesigns {
    fn list(&self, p: ListParams) -> Boxed<'_, DesignPage> {
        Box::pin(async move {
            let q = ListQuery {
                q: p.q,
                tag: p.tag,
                sort: p.sort,
                order: None,
                limit: Some(PAGE),
                offset: p.offset,
                deleted: p.trash,
            };
            let (items, total) = self.0.list(&q).await.map_err(err)?;
            Ok(DesignPage {
                items: items
                    .into_iter()
                    .map(|d| DesignItem {
                        id: d.id,
                        name: d.name,
                        description: d.description,
                        tags: d.tags,
                        kind: d.kind,
                        revision: d.revision,
                        updated_at: d.updated_at,
                    })
                    .collect(),
                total,
                offset: q.offset.unwrap_or(0),
                limit: PAGE,
            })
        })
    }

    fn design(&self, id: String) -> Boxed<'_, DesignInfo> {
        Box::pin(async move {
            let rec = self.0.get(&id, true).await.map_err(err)?;
            let revisions = self.0.revisions(&id).await.map_err(err)?;
            let shares = self.0.shares(&id).await.map_err(err)?;
            Ok(DesignInfo {
                id: rec.id,
                name: rec.document.name.clone(),
                description: rec.document.description.clone(),
                tags: rec.document.tags.clone(),
                kind: serde_json::to_value(rec.document.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
                revision: rec.revision,
                created_at: rec.created_at,
                updated_at: rec.updated_at,
                deleted: rec.deleted_at.is_some(),
                document: serde_json::to_string(&rec.document.to_design()).unwrap_or_default(),
                revisions: revisions
                    .into_iter()
                    .map(|r| RevisionRow {
                        number: r.number,
                        created_at: r.created_at,
                        message: r.message,
                    })
                    .collect(),
                shares: shares
                    .into_iter()
                    .map(|s| ShareRow {
                        token: s.token,
                        revision: s.revision,
                        created_at: s.created_at,
                        revoked: s.revoked_at.is_some(),
                    })
                    .collect(),
            })
        })
    }

    fn diff(&self, id: String, from: i64, to: i64) -> Boxed<'_, RevisionDiff> {
        Box::pin(async move {
            let (_, a) = self.0.revision(&id, from).await.map_err(err)?;
            let (_, b) = self.0.revision(&id, to).await.map_err(err)?;
            let source = widget::diff::line_diff(&a.source, &b.source);
            let source = if source.iter().all(|l| l.op == ' ') {
                Vec::new()
            } else {
                source.into_iter().map(|l| (l.op, l.text)).collect()
            };
            let mut av = serde_json::to_value(&a).unwrap_or_default();
            let mut bv = serde_json::to_value(&b).unwrap_or_default();
            for v in [&mut av, &mut bv] {
                if let Some(m) = v.as_object_mut() {
                    m.remove("source");
                }
            }
            let text = |v: Option<serde_json::Value>| {
                v.map(|v| match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                })
            };
            let fields = widget::diff::diff(&av, &bv)
                .into_iter()
                .map(|c| FieldChange {
                    path: c.path,
                    op: c.op.to_string(),
                    before: text(c.before),
                    after: text(c.after),
                })
                .collect();
            Ok(RevisionDiff {
                from,
                to,
                source,
                fields,
            })
        })
    }
}
