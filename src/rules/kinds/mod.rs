//! Rule kinds: the generic checks that rules instantiate.
//!
//! Each kind is one file with a `Params` type (its YAML `params:`, read
//! strictly) that implements [`Kind`]: it compiles into the rule that runs,
//! a type implementing [`Run`] (the parameters themselves when nothing is
//! made of them, else a type that holds them with what is: word sets,
//! regexes). To add a kind, write the file and add one line to the
//! `kinds!` list below.

use serde::de::{self, MapAccess};

use super::{Context, CorpusReport, CorpusSink, Digest, Sink};

mod abbreviation;
mod abbreviation_order;
mod abbreviation_redefined;
mod abbreviation_unexplained;
mod aggregate;
mod agreement;
mod arithmetic;
mod balance;
mod comparison;
mod complement;
mod consistency;
mod contradiction;
mod dates;
mod duplication;
mod existence;
mod judgement_bounds;
mod judgement_era;
mod mapping;
mod name_forms;
mod names;
mod numbering;
mod quote_order;
mod repetition;
mod running_dates;
mod score_form;
mod split_sentence;
mod substitution;
mod template;
mod word_contents;
mod word_review;

/// A kind's parameters, as a pack's `params:` is read into them.
pub trait Kind {
    /// What a rule of this kind runs.
    type Rule: Run + 'static;

    /// Validates the parameters and makes the rule of them (word sets,
    /// regexes, made once); the error is shown at the rule in its YAML
    /// file. A rule holds only what this returns, so none runs unprepared.
    fn compile(self) -> Result<Self::Rule, String>;
}

/// Parameters too large to sit in [`Check`] unboxed compile as themselves.
impl<K: Kind> Kind for Box<K> {
    type Rule = K::Rule;

    fn compile(self) -> Result<K::Rule, String> {
        (*self).compile()
    }
}

/// What a compiled rule of any kind does.
pub trait Run: std::fmt::Debug + Send + Sync {
    /// Checks one report.
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>);

    /// For kinds that compare the reports of a run with each other: what to
    /// keep of one report (after [`Run::run`]) for [`Run::run_corpus`].
    fn digest(&self, _ctx: &Context<'_>) -> Option<Digest> {
        None
    }

    /// Compares the reports of a run (those this rule kept a digest of, in
    /// path order), after each was checked on its own.
    fn run_corpus(&self, _reports: &[CorpusReport<'_>], _sink: &mut CorpusSink<'_>) {}
}

macro_rules! kinds {
    ($($name:literal => $variant:ident($params:ty),)*) => {
        /// A rule's check: its kind with its parameters.
        #[derive(Debug, Clone)]
        pub enum Check {
            $($variant($params),)*
        }

        /// The kind names `kind:` accepts.
        pub const NAMES: &[&str] = &[$($name),*];

        /// Each kind's name and the JSON Schema of its `params:`.
        pub(crate) fn params_schemas(generator: &mut schemars::SchemaGenerator) -> Vec<(&'static str, schemars::Schema)> {
            vec![$(($name, generator.subschema_for::<$params>()),)*]
        }

        /// Reads `params:` for the kind called `name`.
        pub(super) fn read_params<'de, A: MapAccess<'de>>(name: &str, map: &mut A) -> Result<Check, A::Error> {
            match name {
                $($name => Ok(Check::$variant(map.next_value::<$params>()?)),)*
                other => Err(de::Error::unknown_variant(other, NAMES)),
            }
        }

        impl Check {
            /// Validates the parameters and makes the rule that runs: the
            /// only way to one.
            pub fn compile(self) -> Result<Compiled, String> {
                Ok(Compiled(match self {
                    $(Self::$variant(params) => Box::new(params.compile()?),)*
                }))
            }
        }
    };
}

/// A rule's check as [`Check::compile`] made it: the kind's own rule, the
/// only form that runs.
#[derive(Debug)]
pub struct Compiled(Box<dyn Run>);

impl Compiled {
    pub fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        self.0.run(ctx, sink);
    }

    pub fn digest(&self, ctx: &Context<'_>) -> Option<Digest> {
        self.0.digest(ctx)
    }

    pub fn run_corpus(&self, reports: &[CorpusReport<'_>], sink: &mut CorpusSink<'_>) {
        self.0.run_corpus(reports, sink);
    }
}

/// Kind names that packs once used, and what to write instead: a pack that
/// still uses one is refused with this message rather than the list of
/// kinds.
pub fn retired(name: &str) -> Option<&'static str> {
    match name {
        "agreement" => Some(
            "kind `agreement` is now one kind per thing that must agree: write \
             `score-agreement`, `field-agreement`, `claim-agreement` or `count-agreement` \
             for `values: scores`, `fields`, `claims` or `counts`, and leave `values:` out",
        ),
        _ => None,
    }
}

kinds! {
    "abbreviation" => Abbreviation(abbreviation::Params),
    "abbreviation-order" => AbbreviationOrder(abbreviation_order::Params),
    "abbreviation-redefined" => AbbreviationRedefined(abbreviation_redefined::Params),
    "abbreviation-unexplained" => AbbreviationUnexplained(abbreviation_unexplained::Params),
    "aggregate" => Aggregate(aggregate::Params),
    "arithmetic" => Arithmetic(arithmetic::Params),
    "balance" => Balance(balance::Params),
    "claim-agreement" => ClaimAgreement(Box<agreement::claims::Params>),
    "comparison" => Comparison(Box<comparison::Params>),
    "complement" => Complement(Box<complement::Params>),
    "consistency" => Consistency(consistency::Params),
    "count-agreement" => CountAgreement(Box<agreement::counts::Params>),
    "contradiction" => Contradiction(contradiction::Params),
    "dates" => Dates(dates::Params),
    "duplication" => Duplication(duplication::Params),
    "existence" => Existence(existence::Params),
    "field-agreement" => FieldAgreement(agreement::fields::Params),
    "judgement-bounds" => JudgementBounds(judgement_bounds::Params),
    "judgement-era" => JudgementEra(judgement_era::Params),
    "mapping" => Mapping(mapping::Params),
    "name-forms" => NameForms(name_forms::Params),
    "names" => Names(names::Params),
    "numbering" => Numbering(numbering::Params),
    "quote-order" => QuoteOrder(quote_order::Params),
    "repetition" => Repetition(repetition::Params),
    "running-dates" => RunningDates(running_dates::Params),
    "score-agreement" => ScoreAgreement(agreement::scores::Params),
    "score-form" => ScoreForm(score_form::Params),
    "split-sentence" => SplitSentence(split_sentence::Params),
    "substitution" => Substitution(substitution::Params),
    "template" => Template(template::Params),
    "word-contents" => WordContents(word_contents::Params),
    "word-review" => WordReview(word_review::Params),
}
