//! What narrows the units a rule reads: the contract between the units of
//! a scope (`units`) and the searches that say which may hold a match
//! (`needs`, terms, patterns, a regex). Imports nothing else of `search`,
//! so that those searches and the units can both use it.

use crate::rules::Context;
use crate::span::Span;

/// What narrows the units a rule reads to those that may hold a match.
pub trait Narrowing {
    /// For each of `units` (spans of the report `ctx` reads, in document
    /// order), whether it may hold a match: never `false` for one that
    /// does. Some narrowings are exact, marking exactly the units that
    /// hold a match (`needs`, an exclusion list): only an exact one can
    /// also cut units.
    fn marks(&self, ctx: &Context<'_>, units: &[Span]) -> Vec<bool>;
}
