//! Which wasm bundle a page loads.
//!
//! Most pages hydrate only the theme toggle and the hydration mark. Shipping them the editor,
//! the widget language and the renderer (about 900 KB gzipped) would make every page pay for
//! three. So the site has three bundles, built from the same `frontend` crate:
//!
//! - **full** (`widget-studio`, built by cargo-leptos): every island;
//! - **live** (`widget-studio-live`, built by `scripts/build-bundles` with the `live` feature):
//!   every island bar the editor, which that feature turns into a plain component, for the live
//!   preview (`/preview`) and the bench (`/bench`);
//! - **lite** (`widget-studio-lite`, the `lite` feature): the same islands bar the heavy ones
//!   (the editor, the live preview, the bench).
//!
//! A plain component's code is left out by the linker, with everything only it uses.
//!
//! The shell picks by path ([`Bundle::for_path`]) before the page renders. A page that draws
//! a heavy island must be listed there: under a bundle without it the island would stay server
//! HTML (the island script warns "Could not find WASM function", which the Playwright
//! fixture fails on). Without a smaller bundle's files (`cargo leptos watch` does not build
//! them) its pages load the full bundle.

/// A wasm bundle of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// The theme toggle and the hydration mark only.
    Lite,
    /// Also the live preview and the bench: every island but the editor.
    Live,
    /// Every island: the editor too.
    Full,
}

impl Bundle {
    /// The bundle for a request path. The routes with a heavy island: `/preview` (the live
    /// preview) and `/bench`, and `/designs/{id}/edit` (the editor). `/new` is a form that
    /// creates the design and goes to its editor: light.
    pub fn for_path(path: &str) -> Bundle {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = path
            .strip_suffix('/')
            .filter(|p| !p.is_empty())
            .unwrap_or(path);
        let editor = path
            .strip_prefix("/designs/")
            .and_then(|rest| rest.strip_suffix("/edit"))
            .is_some_and(|id| !id.is_empty() && !id.contains('/'));
        if editor {
            Bundle::Full
        } else if matches!(path, "/preview" | "/bench") {
            Bundle::Live
        } else {
            Bundle::Lite
        }
    }

    /// The bundle's file stem in the site's `pkg/` directory (`.js` and `.wasm`), given the
    /// full bundle's (cargo-leptos's `output-name`).
    pub fn output_name(self, full: &str) -> String {
        match self {
            Bundle::Full => full.to_string(),
            Bundle::Live => format!("{full}-live"),
            Bundle::Lite => format!("{full}-lite"),
        }
    }
}

/// The options `HydrationScripts` gets for this request: a smaller bundle's name where the
/// path allows it and its files exist.
#[cfg(feature = "ssr")]
pub fn hydration_options(
    options: leptos::prelude::LeptosOptions,
) -> leptos::prelude::LeptosOptions {
    use leptos::prelude::use_context;

    let Some(parts) = use_context::<http::request::Parts>() else {
        return options;
    };
    let bundle = Bundle::for_path(parts.uri.path());
    if bundle == Bundle::Full {
        return options;
    }
    let name = bundle.output_name(&options.output_name);
    // Looked up on each page (two `stat`s): `cargo leptos build` and `watch` empty `pkg/`.
    let pkg = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let built =
        pkg.join(format!("{name}.wasm")).is_file() && pkg.join(format!("{name}.js")).is_file();
    if !built {
        return options;
    }
    let mut options = options;
    options.output_name = name.into();
    options
}

#[cfg(test)]
mod tests {
    use super::Bundle;

    #[test]
    fn the_editor_gets_the_full_bundle() {
        for path in [
            "/designs/abc/edit",
            "/designs/abc/edit/",
            "/designs/abc/edit?theme=dark",
        ] {
            assert_eq!(Bundle::for_path(path), Bundle::Full, "{path}");
        }
    }

    #[test]
    fn the_preview_and_the_bench_get_the_live_bundle() {
        for path in [
            "/preview",
            "/preview/",
            "/preview?source=x",
            "/bench",
            "/bench#x",
        ] {
            assert_eq!(Bundle::for_path(path), Bundle::Live, "{path}");
        }
    }

    #[test]
    fn other_routes_get_the_light_bundle() {
        for path in [
            "/",
            "",
            "/designs",
            "/designs/abc",
            "/new",
            "/new?kind=list",
            "/designs//edit",
            "/designs/a/b/edit",
            "/gallery",
            "/components",
            "/s/token",
            "/login",
            "/settings/users",
            "/previews",
            "/preview/x",
            "/benchmarks",
            "/nope",
        ] {
            assert_eq!(Bundle::for_path(path), Bundle::Lite, "{path}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(Bundle::Full.output_name("widget-studio"), "widget-studio");
        assert_eq!(
            Bundle::Lite.output_name("widget-studio"),
            "widget-studio-lite"
        );
        assert_eq!(
            Bundle::Live.output_name("widget-studio"),
            "widget-studio-live"
        );
    }
}
