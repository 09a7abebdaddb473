//! The studio's own light/dark theme (not a widget's theme).
//!
//! The choice is stored in the `ws_theme` cookie. The server reads it while
//! rendering the shell and puts `class="dark"` on `<html>`, so there is no
//! flash of the wrong theme. The toggle is a plain form (`POST /theme`) that
//! works without JavaScript; once hydrated, it flips the class and the cookie
//! in place without a reload. Both labels are rendered and CSS shows the
//! right one, so rendering never needs to know the theme.

use leptos::prelude::*;

/// Name of the cookie that stores the studio theme.
pub const THEME_COOKIE: &str = "ws_theme";

/// The event the toggle sends on `window` after switching, for parts of the page that draw
/// the theme themselves (the code editor).
pub const THEME_EVENT: &str = "ws-theme";

/// The studio theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn html_class(self) -> &'static str {
        match self {
            Theme::Light => "",
            Theme::Dark => "dark",
        }
    }

    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    /// Parses a theme name; anything else is `None`.
    pub fn parse(s: &str) -> Option<Theme> {
        match s.trim() {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// Finds the theme in a `Cookie:` header value; light when absent or unknown.
    pub fn from_cookie_header(header: &str) -> Theme {
        header
            .split(';')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| name.trim() == THEME_COOKIE)
            .and_then(|(_, value)| Theme::parse(value))
            .unwrap_or_default()
    }

    /// The theme of the request being rendered (server side); light elsewhere.
    pub fn from_request() -> Theme {
        #[cfg(feature = "ssr")]
        {
            if let Some(parts) = use_context::<http::request::Parts>() {
                return parts
                    .headers
                    .get_all(http::header::COOKIE)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .map(Theme::from_cookie_header)
                    .find(|t| *t == Theme::Dark)
                    .unwrap_or_default();
            }
        }
        Theme::default()
    }

    /// The `Set-Cookie` value that stores this theme for a year.
    pub fn set_cookie_value(self) -> String {
        format!(
            "{THEME_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            self.as_str()
        )
    }
}

/// Whether the page is `/preview`, whose typed source must survive the switch without
/// JavaScript. Read from the request on the server and from the address in the browser, so
/// both draw the same button (an island prop would bring serde into the light bundle).
fn on_preview() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().is_some_and(|p| p.uri.path() == "/preview")
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        window()
            .location()
            .pathname()
            .is_ok_and(|p| p == "/preview")
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        false
    }
}

/// Switches the studio between light and dark (an island: it hydrates on every page). On
/// `/preview`, without JavaScript, the button sends the page's source form to
/// `/theme?keep=1`, which sends it on to the page (307) with the new theme, so what was typed
/// stays.
#[island]
pub fn ThemeToggle() -> impl IntoView {
    let keep_form = on_preview().then_some(crate::pages::preview::SOURCE_FORM);
    let keeps = keep_form.is_some();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        // With JavaScript the theme changes in place; the form is not sent.
        #[cfg(feature = "hydrate")]
        if keeps {
            ev.prevent_default();
            client::toggle();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, keeps);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            ev.prevent_default();
            client::toggle();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <form method="post" action="/theme" on:submit=on_submit>
            <button
                type="submit"
                form=keep_form
                formaction=keeps.then_some("/theme?keep=1")
                formmethod=keeps.then_some("post")
                on:click=on_click
                data-testid="theme-toggle"
                class="rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            >
                <span class="dark:hidden">"Dark theme"</span>
                <span class="hidden dark:inline">"Light theme"</span>
            </button>
        </form>
    }
}

#[cfg(feature = "hydrate")]
mod client {
    use super::Theme;
    use wasm_bindgen::JsCast;

    /// Flips the class on `<html>` and stores the new theme in the cookie.
    pub fn toggle() {
        let document = leptos::prelude::document();
        let Some(html) = document.document_element() else {
            return;
        };
        let now = if html.class_list().contains("dark") {
            Theme::Dark
        } else {
            Theme::Light
        };
        let next = now.toggled();
        let _ = html
            .class_list()
            .toggle_with_force("dark", next == Theme::Dark);
        let _ = html.set_attribute("data-theme", next.as_str());
        if let Ok(doc) = document.dyn_into::<web_sys::HtmlDocument>() {
            let _ = doc.set_cookie(&next.set_cookie_value());
        }
        if let Ok(ev) = web_sys::Event::new(super::THEME_EVENT) {
            let _ = leptos::prelude::window().dispatch_event(&ev);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_parsing() {
        assert_eq!(Theme::from_cookie_header("ws_theme=dark"), Theme::Dark);
        assert_eq!(
            Theme::from_cookie_header("a=b; ws_theme=dark; c=d"),
            Theme::Dark
        );
        assert_eq!(Theme::from_cookie_header("ws_theme=purple"), Theme::Light);
        assert_eq!(Theme::from_cookie_header(""), Theme::Light);
        assert_eq!(Theme::from_cookie_header("xws_theme=dark"), Theme::Light);
    }

    #[test]
    fn set_cookie_round_trips() {
        let v = Theme::Dark.set_cookie_value();
        let pair = v.split(';').next().unwrap();
        assert_eq!(Theme::from_cookie_header(pair), Theme::Dark);
    }
}
