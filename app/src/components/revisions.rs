//! A design's revisions, as the history page and the editor's History panel list them: each
//! with its message and time, a link to view it, links to its changes and to compare it with
//! the latest, and a Restore button (a plain form: it works without JavaScript).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::designs::RestoreRevision;
use crate::api::types::RevisionInfo;
use crate::components::short_time;

/// Whether the history bears out a notice that came in the page's address (anyone can write
/// an address): revision `made` is there and, for a restore, is the one that restored `from`.
pub fn borne_out(revisions: &[RevisionInfo], made: i64, restored_from: Option<i64>) -> bool {
    let message = restored_from.map(crate::api::types::restored_message);
    revisions.iter().any(|r| {
        r.number == made
            && message
                .as_deref()
                .is_none_or(|m| r.message.as_deref() == Some(m))
    })
}

/// What a restore that made no revision says (the revision held what the latest holds), if
/// the history bears it out: revision `number` is there and is not the latest.
pub fn same_as_latest(revisions: &[RevisionInfo], number: i64) -> Option<String> {
    let latest = revisions.iter().map(|r| r.number).max()?;
    (number < latest && revisions.iter().any(|r| r.number == number)).then(|| {
        format!("Revision {number} holds what the latest revision ({latest}) holds: nothing to restore, and no revision was made.")
    })
}

/// Revision `number`'s document, when the address names one (`?same=N`, back from a restore
/// that made no revision): the page says so only if it does hold what the head holds (the
/// address alone is anyone's to write).
pub async fn revision_document(id: String, number: Option<i64>) -> Option<widget::Design> {
    let n = number?;
    crate::api::designs::view_revision(id, n)
        .await
        .ok()
        .map(|r| r.document)
}

/// The History heading: `History (1 revision)`, `History (3 revisions)`.
pub fn history_title(count: usize) -> String {
    match count {
        1 => "History (1 revision)".to_string(),
        n => format!("History ({n} revisions)"),
    }
}

#[component]
pub fn RevisionList(
    /// The design's id.
    id: String,
    revisions: Vec<RevisionInfo>,
    /// The head revision.
    latest: i64,
    /// The page a restore comes back to (a path of this studio).
    back: String,
) -> impl IntoView {
    let base = format!("/designs/{id}");
    let may_restore =
        crate::api::types::AccessConfig::current().allows(crate::api::types::Role::Editor);
    let rows: Vec<AnyView> = revisions
        .iter()
        .map(|r| {
            let n = r.number;
            let view_href = format!("{base}?rev={n}#revision");
            let compare = (n > 1).then(|| view! { <a class="text-indigo-700 hover:underline dark:text-indigo-300" href=format!("{base}?from={}&to={n}#diff", n - 1)>{format!("changes in {n}")}</a> });
            let vs_latest = (n < latest).then(|| view! { <a class="text-indigo-700 hover:underline dark:text-indigo-300" href=format!("{base}?from={n}&to={latest}#diff")
                aria-label=format!("compare with latest: revision {n} with {latest}")>"compare with latest"</a> });
            let restore = (may_restore && n < latest).then(|| view! {
                <form method="post" action={<RestoreRevision as ServerFn>::PATH}>
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="number" value=n.to_string()/>
                    <input type="hidden" name="back" value=back.clone()/>
                    <button type="submit" class="text-indigo-700 hover:underline dark:text-indigo-300" data-testid="restore-revision">
                        {format!("restore {n}")}
                    </button>
                </form>
            });
            view! {
                <li class="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2" data-testid="revision-row" data-revision=n.to_string()>
                    <a class="font-mono text-sm font-semibold text-indigo-700 hover:underline dark:text-indigo-300" href=view_href data-testid="view-revision"
                        aria-label=format!("View revision {n}")>{format!("#{n}")}</a>
                    <span class="text-sm">{r.message.clone().unwrap_or_else(|| if n == 1 { "Created" } else { "Saved" }.into())}</span>
                    <span class="text-xs text-slate-500 dark:text-slate-400">{match &r.author {
                        Some(a) => format!("{} · {a}", short_time(&r.created_at)),
                        None => short_time(&r.created_at),
                    }}</span>
                    <span class="ml-auto flex flex-wrap items-baseline gap-3 text-xs">{compare}{vs_latest}{restore}</span>
                </li>
            }
            .into_any()
        })
        .collect();
    view! { <ul class="divide-y divide-slate-200 dark:divide-slate-800" data-testid="revisions">{rows}</ul> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_from_the_address_is_said_only_when_the_history_bears_it_out() {
        let rev = |number: i64, message: Option<String>| RevisionInfo {
            number,
            created_at: String::new(),
            message,
            author: None,
        };
        let history = [
            rev(1, None),
            rev(2, Some(crate::api::types::restored_message(1))),
        ];
        assert!(borne_out(&history, 2, None));
        assert!(borne_out(&history, 2, Some(1)));
        // Another revision restored, a revision that is not there.
        assert!(!borne_out(&history, 2, Some(3)));
        assert!(!borne_out(&history, 1, Some(1)));
        assert!(!borne_out(&history, 7, None));
    }

    #[test]
    fn a_restore_that_made_nothing_is_said_only_for_an_older_revision_that_is_there() {
        let rev = |number: i64| RevisionInfo {
            number,
            created_at: String::new(),
            message: None,
            author: None,
        };
        let history = [rev(3), rev(2), rev(1)];
        assert_eq!(
            same_as_latest(&history, 1).as_deref(),
            Some(
                "Revision 1 holds what the latest revision (3) holds: nothing to restore, and no revision was made."
            )
        );
        // The latest itself, a revision that is not there, no history.
        assert_eq!(same_as_latest(&history, 3), None);
        assert_eq!(same_as_latest(&history, 9), None);
        assert_eq!(same_as_latest(&[], 1), None);
    }
}
