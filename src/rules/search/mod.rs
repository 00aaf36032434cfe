//! How kinds find their text: where a rule reads (`scope`), the units it
//! reads there, narrowed to those that may hold a match (`units`, the one
//! interface kinds use), the regexes its YAML gives (`pattern`) and the
//! literal searches that pick the few units worth a regex (`prefilter`). Shared by every kind; no kind
//! lives here.

pub mod narrowing;
pub mod pattern;
pub mod prefilter;
pub mod scope;
pub mod units;
