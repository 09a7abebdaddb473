//! The one error view every page uses: it sets the response status from [`AppError::status`]
//! and says what went wrong.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::AppError;

pub use crate::api::error::set_status;

/// The error page: a heading, the message, and a way back.
#[component]
pub fn ErrorPage(
    error: AppError,
    #[prop(into)] title: String,
    #[prop(into, default = "/".to_string())] back_href: String,
    #[prop(into, default = "Back to the studio".to_string())] back_label: String,
) -> impl IntoView {
    set_status(error.status());
    if let AppError::Internal { message } = &error {
        #[cfg(feature = "ssr")]
        leptos::logging::error!("internal error shown to a user: {message}");
        #[cfg(not(feature = "ssr"))]
        let _ = message;
    }
    view! {
        <Title text=format!("{title} · Widget Studio")/>
        <section class="space-y-4" data-testid="error-page" data-status=error.status().as_u16()>
            <h1 class="text-3xl font-bold">{title}</h1>
            <p class="text-slate-600 dark:text-slate-300">{error.to_string()}</p>
            <a href=back_href class="text-indigo-600 underline dark:text-indigo-400">{back_label}</a>
        </section>
    }
}
