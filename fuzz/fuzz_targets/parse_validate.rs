#![no_main]
//! Parse + validate arbitrary bytes: never a panic, a hang or unbounded recursion, and the
//! located JSON round-trips (parse → print → parse gives the same tree).

use libfuzzer_sys::fuzz_target;
use widget::json::{self, Limits};

fuzz_target!(|data: &[u8]| {
    let report = widget::validate_bytes(data);
    for d in report.all() {
        // Every diagnostic is located within the input.
        assert!(d.span.start as usize <= data.len());
    }
    let limits = Limits::default();
    let parsed = json::parse_bytes(data, limits);
    if let Some(root) = parsed.root {
        let printed = json::to_string(&root, Some(2));
        let again = json::parse(&printed, limits);
        let root2 = again.root.expect("printed JSON parses");
        assert_eq!(json::to_string(&root2, None), json::to_string(&root, None));
    }
    let _ = widget::validate_input(data, widget::InputKind::WidgetFile);
});
