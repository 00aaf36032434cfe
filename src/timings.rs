//! Where a run spends its time: CPU time per rule and per step, summed over
//! the threads that linted files (`check --timings`). Pack authors use it to
//! find a slow pattern; it costs two clock reads per rule and file, and
//! nothing when off.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Time spent, in nanoseconds, per rule (by index in the rule set) and in
/// the steps every report goes through.
#[derive(Debug, Default)]
pub struct Timings {
    rules: Vec<AtomicU64>,
    corpus: Vec<AtomicU64>,
    read: AtomicU64,
    model: AtomicU64,
    suppress: AtomicU64,
}

/// A step that is not a rule.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    /// Reading and decoding files.
    Read,
    /// Grammar, family detection and the report model.
    Model,
    /// Inline suppressions, severities and sorting.
    Suppress,
}

impl Timings {
    pub fn new(rules: usize) -> Self {
        Timings {
            rules: (0..rules).map(|_| AtomicU64::new(0)).collect(),
            corpus: (0..rules).map(|_| AtomicU64::new(0)).collect(),
            ..Timings::default()
        }
    }

    fn add(counter: Option<&AtomicU64>, since: Instant) {
        if let Some(counter) = counter {
            let nanos = u64::try_from(since.elapsed().as_nanos()).unwrap_or(u64::MAX);
            counter.fetch_add(nanos, Ordering::Relaxed);
        }
    }

    /// Adds the time since `since` to rule `index` run on one report.
    pub fn rule(&self, index: usize, since: Instant) {
        Self::add(self.rules.get(index), since);
    }

    /// Adds the time since `since` to rule `index` comparing reports.
    pub fn corpus(&self, index: usize, since: Instant) {
        Self::add(self.corpus.get(index), since);
    }

    /// Adds the time since `since` to `step`.
    pub fn step(&self, step: Step, since: Instant) {
        let counter = match step {
            Step::Read => &self.read,
            Step::Model => &self.model,
            Step::Suppress => &self.suppress,
        };
        Self::add(Some(counter), since);
    }

    /// Rows of (what, time), slowest first; rules that took no time are
    /// left out. `id` names rule `index`.
    pub fn rows(&self, id: &dyn Fn(usize) -> String) -> Vec<(String, Duration)> {
        let load = |c: &AtomicU64| Duration::from_nanos(c.load(Ordering::Relaxed));
        let mut rows = vec![
            ("(reading files)".to_string(), load(&self.read)),
            ("(grammar and model)".to_string(), load(&self.model)),
            (
                "(suppressions and sorting)".to_string(),
                load(&self.suppress),
            ),
        ];
        for (index, counter) in self.rules.iter().enumerate() {
            rows.push((id(index), load(counter)));
        }
        for (index, counter) in self.corpus.iter().enumerate() {
            rows.push((format!("{} (across reports)", id(index)), load(counter)));
        }
        rows.retain(|(_, time)| !time.is_zero());
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        rows
    }

    /// The rows as the table `--timings` shows, each with its share of
    /// the whole.
    pub fn table(&self, id: &dyn Fn(usize) -> String) -> String {
        let rows = self.rows(id);
        let total: f64 = rows.iter().map(|(_, t)| t.as_secs_f64()).sum();
        let mut out = format!(
            "{:>10}  {:>6}  what (CPU time summed over threads)\n",
            "ms", "share"
        );
        for (what, time) in rows {
            let ms = time.as_secs_f64() * 1000.0;
            let share = if total > 0.0 {
                time.as_secs_f64() / total * 100.0
            } else {
                0.0
            };
            out.push_str(&format!("{ms:>10.1}  {share:>5.1}%  {what}\n"));
        }
        out
    }
}
