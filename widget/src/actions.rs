//! Action round-trips in ChatKit's own shapes: what a server sends back when a widget changes.
//!
//! [`diff`] is the SDK's `diff_widget`: the updates a ChatKit server streams when a widget it
//! sent goes from one state to the next. [`form`] is what a submit collects, checks and
//! sends: the fields' values in the action's payload, `required` and `pattern`. [`rules`]
//! are a design's handler rules: which action a rule answers and the pure parts of its steps;
//! [`run`] turns one action into the ChatKit events a server sends for it. [`inventory`] lists
//! the actions a widget binds, [`fire`] finds what a gesture in the preview fires, and
//! [`stubs`] writes the handler code a user needs next. [`log`] is what the studio records of each
//! round-trip, and [`check`] flags what is wrong in an answer from the user's own server.

pub mod check;
pub mod diff;
pub mod fire;
pub mod form;
pub mod inventory;
pub mod log;
pub mod path;
pub mod rules;
pub mod run;
pub mod stubs;
