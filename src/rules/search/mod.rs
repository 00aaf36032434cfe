//! How kinds find their text: the units a rule reads (`scope`), the
//! regexes its YAML gives (`pattern`) and the literal searches that pick the
//! few units worth a regex (`prefilter`). Shared by every kind; no kind
//! lives here.

pub mod pattern;
pub mod prefilter;
pub mod scope;
