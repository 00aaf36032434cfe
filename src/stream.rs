//! The run: reports linted in parallel, then compared with each other, as
//! one [`Lint`]. [`Linter::lint`] is the only pipeline; a run keeps each
//! report's text ([`Linter::check_files`], [`Linter::check_sources`], a
//! report on standard input) or reads it again when needed, which is how
//! `reportlint check` lints a folder without holding it.
//!
//! [`Linter::lint_files`] lints the files in parallel and keeps of each only
//! what the later steps need: its findings (data without text, their labels
//! in other reports naming them by [`FileId`], so the text is dropped as
//! soon as the file is linted), a [`Fingerprint`] and a
//! [`Stamp`] of what was linted, and, until the step over the whole run, the
//! digests of the rules that compare reports. That step reads again only
//! the reports its findings point into ([`SourceFile::deferred`]).
//!
//! Everything that needs the text again (rendering, baselines, fixes) goes
//! through [`Lint::visit`]: files are read again in path order, a chunk at a
//! time, the next chunk in parallel while the current one is used, and each
//! must still be what was linted; one that is not becomes an input error
//! ([`InputProblem::Changed`]) rather than findings at the wrong places.

use std::collections::HashMap;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Policy;
use crate::finding::{FileId, Finding, Shown};
use crate::rules::Rule;
use crate::source::{self, Fingerprint, InputError, InputProblem, SourceFile, Stamp};
use crate::suppress::Suppression;
use crate::timings::Step;
use crate::{Kept, Linter};

/// Files read again at a time (those that need it); the next chunk is read
/// while the current one is used.
const CHUNK: usize = 16;

/// One linted report with its text: what a run gives for output
/// ([`stream::Lint::visit`]).
pub struct Checked {
    /// The name findings use: the path as the user gave it.
    pub name: String,
    /// Its text; `None` for a file given by name only, which then has no
    /// findings.
    pub source: Option<SourceFile>,
    pub findings: Vec<Finding>,
    /// The other reports of the run its findings' labels point into.
    pub others: Vec<(FileId, SourceFile)>,
}

impl Checked {
    /// A report with its text and findings that point into it alone.
    pub fn new(source: SourceFile, findings: Vec<Finding>) -> Self {
        Checked {
            name: source.name().to_string(),
            source: Some(source),
            findings,
            others: Vec::new(),
        }
    }

    /// The findings, each with the texts it points into (none when the
    /// text was not read: then there are no findings).
    pub fn shown(&self) -> impl Iterator<Item = Shown<'_>> {
        self.source.iter().flat_map(move |source| {
            self.findings.iter().map(move |finding| Shown {
                finding,
                source,
                others: &self.others,
            })
        })
    }
}

/// Where the text of a linted file is to be had again.
#[derive(Debug)]
enum Text {
    /// Kept: a report given in memory (standard input), a file that cannot
    /// be read again the same (a pipe), a PDF's text, or every file of a
    /// run asked to keep them.
    Kept(SourceFile),
    /// Read again from this path when needed; it must still be what was
    /// linted.
    OnDisk(PathBuf),
}

/// What a run keeps of one linted file.
#[derive(Debug)]
pub struct Linted {
    /// The name findings use: the path as the user gave it.
    name: String,
    text: Text,
    /// Sorted.
    pub findings: Vec<Finding>,
    fingerprint: Fingerprint,
    stamp: Option<Stamp>,
    /// Found unusable since it was linted.
    trouble: Option<InputProblem>,
}

impl Linted {
    /// A file linted from disk: keeps its name, not its text.
    fn on_disk(path: &Path, source: &SourceFile, findings: Vec<Finding>, stamp: Stamp) -> Self {
        Self {
            name: source.name().to_string(),
            text: Text::OnDisk(path.to_path_buf()),
            fingerprint: Fingerprint::of(source.text()),
            findings,
            stamp: Some(stamp),
            trouble: None,
        }
    }

    /// A report whose text is kept whole (one given in memory cannot be
    /// read again).
    pub fn in_memory(source: SourceFile, findings: Vec<Finding>) -> Self {
        Self {
            name: source.name().to_string(),
            fingerprint: Fingerprint::of(source.text()),
            text: Text::Kept(source),
            findings,
            stamp: None,
            trouble: None,
        }
    }

    /// The name findings use: the path as the user gave it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its text, when the run kept it (a report given in memory, a run
    /// that keeps its reports: [`Linter::check_files`]); `None` for a file
    /// read again when needed ([`Lint::visit`]).
    pub fn kept(&self) -> Option<&SourceFile> {
        match &self.text {
            Text::Kept(source) => Some(source),
            Text::OnDisk(_) => None,
        }
    }

    /// Its text: kept, or read again (it must be what was linted).
    fn reread(&self) -> Result<SourceFile, InputError> {
        match &self.text {
            Text::Kept(source) => Ok(source.clone()),
            Text::OnDisk(path) => source::read_as_linted(path, &self.name, self.fingerprint),
        }
    }

    /// Its text for the step over the whole run: kept, or read when a rule
    /// first asks for it.
    fn deferred(&self) -> SourceFile {
        match &self.text {
            Text::Kept(source) => source.clone(),
            Text::OnDisk(path) => SourceFile::deferred(&self.name, path, self.fingerprint),
        }
    }

    fn error(&self, problem: InputProblem) -> InputError {
        InputError {
            path: self.name().to_string(),
            problem,
        }
    }

    /// The files of the run its findings point into, by index.
    fn points_into(&self) -> impl Iterator<Item = usize> + '_ {
        self.findings
            .iter()
            .flat_map(|finding| &finding.related)
            .filter_map(|label| label.file.map(|FileId(j)| j))
    }
}

/// A run of [`Linter::lint_files`]: files linted, in path order (a report
/// given in memory last), and files that could not be.
#[derive(Debug, Default)]
pub struct Lint {
    pub files: Vec<Linted>,
    /// In path order.
    pub input_errors: Vec<InputError>,
}

/// One report of a run: a file to read, or a report already in memory.
pub enum Input {
    File(PathBuf),
    Memory(SourceFile),
}

impl Linter {
    /// Lints files in parallel, then compares them with each other (rules
    /// that compare reports); the run keeps every report's text. The result
    /// is in path order whatever the scheduling.
    pub fn check_files(&self, files: &[PathBuf], enabled: &(dyn Fn(&Rule) -> bool + Sync)) -> Lint {
        self.check_files_with(files, &|_| Policy::default(), enabled)
    }

    /// [`Linter::check_files`], each file under the policy `policy_for`
    /// gives it.
    pub fn check_files_with(
        &self,
        files: &[PathBuf],
        policy_for: &(dyn Fn(&Path) -> Policy + Sync),
        enabled: &(dyn Fn(&Rule) -> bool + Sync),
    ) -> Lint {
        let inputs = files.iter().cloned().map(Input::File).collect();
        self.lint(inputs, true, policy_for, enabled, &|| {})
    }

    /// Lints reports already in memory as one run, as
    /// [`Linter::check_files`] does for files.
    pub fn check_sources(
        &self,
        sources: Vec<SourceFile>,
        enabled: &(dyn Fn(&Rule) -> bool + Sync),
    ) -> Lint {
        let inputs = sources.into_iter().map(Input::Memory).collect();
        self.lint(inputs, true, &|_| Policy::default(), enabled, &|| {})
    }

    /// Lints files in parallel and keeps no report's text: see the module
    /// documentation. `done` is called after each file (for a progress
    /// bar; the library itself never prints).
    pub fn lint_files(
        &self,
        files: &[PathBuf],
        policy_for: &(dyn Fn(&Path) -> Policy + Sync),
        enabled: &(dyn Fn(&Rule) -> bool + Sync),
        done: &(dyn Fn() + Sync),
    ) -> Lint {
        let inputs = files.iter().cloned().map(Input::File).collect();
        self.lint(inputs, false, policy_for, enabled, done)
    }

    /// The run: lints `inputs` in parallel, then compares them with each
    /// other (rules that compare reports); the result is in input order
    /// whatever the scheduling. A file's text is kept when `keep` is set
    /// (or when it cannot be read again the same, as a pipe), else read
    /// again when needed; a report in memory is kept. Each file has the
    /// policy `policy_for` gives its path; a report in memory the default.
    pub fn lint(
        &self,
        inputs: Vec<Input>,
        keep: bool,
        policy_for: &(dyn Fn(&Path) -> Policy + Sync),
        enabled: &(dyn Fn(&Rule) -> bool + Sync),
        done: &(dyn Fn() + Sync),
    ) -> Lint {
        type One = (Linted, (Kept, Policy), Vec<Suppression>);
        let corpus = inputs.len() > 1;
        let results: Vec<Result<One, InputError>> = inputs
            .into_par_iter()
            .map(|input| {
                let read = match input {
                    Input::File(path) => {
                        let name = path.display().to_string();
                        let started = Instant::now();
                        let read = source::read_stamped(&path, &name);
                        self.time(Step::Read, started);
                        let policy = policy_for(&path);
                        read.map(|(source, stamp)| (source, Some((path, stamp)), policy))
                    }
                    Input::Memory(source) => Ok((source, None, Policy::default())),
                };
                let result = read.map(|(source, file, policy)| {
                    let (findings, kept, suppressions) =
                        self.check_one(&source, &policy, enabled, corpus);
                    let linted = match file {
                        // What cannot be read again the same (a pipe) is
                        // kept, and so is a PDF's text: extracting it again
                        // costs more than keeping it.
                        Some((path, stamp))
                            if stamp.regular && !keep && !source.from_pdf_text() =>
                        {
                            Linted::on_disk(&path, &source, findings, stamp)
                        }
                        _ => Linted::in_memory(source, findings),
                    };
                    (linted, (kept, policy), suppressions)
                });
                done();
                result
            })
            .collect();
        let mut lint = Lint::default();
        let mut kept = Vec::new();
        let mut suppressions = Vec::new();
        for result in results {
            match result {
                Ok((linted, digests, silenced)) => {
                    lint.files.push(linted);
                    kept.push(digests);
                    suppressions.push(silenced);
                }
                Err(error) => lint.input_errors.push(error),
            }
        }
        self.compare_lint(&mut lint, &kept, &mut suppressions);
        lint
    }

    /// The step over the whole run on files no longer in memory: the rules
    /// see every file as a deferred source, so only the files whose text
    /// they use (the other end of a finding) are read again.
    fn compare_lint(
        &self,
        lint: &mut Lint,
        kept: &[(Kept, Policy)],
        suppressions: &mut [Vec<Suppression>],
    ) {
        if kept.iter().all(|(digests, _)| digests.is_empty()) {
            return;
        }
        let sources: Vec<SourceFile> = lint.files.iter().map(Linted::deferred).collect();
        let refs: Vec<&SourceFile> = sources.iter().collect();
        let found = self.compare_sources(&refs, kept, &mut |file| {
            suppressions
                .get_mut(file)
                .map(std::mem::take)
                .unwrap_or_default()
        });
        let mut touched = Vec::new();
        for (file, finding) in found {
            if let Some(linted) = lint.files.get_mut(file) {
                linted.findings.push(finding);
                touched.push(file);
            }
        }
        touched.dedup();
        for file in touched {
            if let Some(linted) = lint.files.get_mut(file) {
                linted
                    .findings
                    .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            }
        }
        for (linted, source) in lint.files.iter_mut().zip(&sources) {
            if source.unavailable() {
                linted.trouble = Some(InputProblem::Changed);
            }
        }
    }
}

/// A chunk read again: per file of the chunk that was wanted (its index
/// first), the file with its findings attached to the text or why it
/// cannot be had, after the problems of the files its findings point into
/// (the index of the file each item is about second).
type Loaded = Vec<(usize, usize, Result<Checked, InputError>)>;

/// What [`Lint::visit`] gives for a chunk, in order: the index of the file
/// each item is about, and the item.
pub(crate) type Items = Vec<(usize, Result<Checked, InputError>)>;

impl Lint {
    /// The file of the run `id` names (a label in another report).
    pub fn file(&self, id: FileId) -> Option<&Linted> {
        self.files.get(id.0)
    }

    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| f.findings.iter())
    }

    /// Files whose findings no longer fit them become input errors, before
    /// anything is written: files found changed or unreadable since they
    /// were linted, and files with findings (or that findings point into)
    /// whose size or modification time is not what was read. Findings that
    /// point into such a file go with it.
    pub fn verify(&mut self) {
        let mut needed = vec![false; self.files.len()];
        for (i, file) in self.files.iter().enumerate() {
            if file.findings.is_empty() {
                continue;
            }
            needed[i] = true;
            for j in file.points_into() {
                if let Some(slot) = needed.get_mut(j) {
                    *slot = true;
                }
            }
        }
        let stamps: Vec<Option<InputProblem>> = self
            .files
            .par_iter()
            .zip(&needed)
            .map(|(file, needed)| match (&file.text, file.stamp, *needed) {
                (Text::OnDisk(path), Some(stamp), true) if file.trouble.is_none() => {
                    match Stamp::now(path) {
                        Err(e) => Some(InputProblem::Unreadable(e.to_string())),
                        Ok(now) if now != stamp => Some(InputProblem::Changed),
                        Ok(_) => None,
                    }
                }
                _ => None,
            })
            .collect();
        for (file, problem) in self.files.iter_mut().zip(stamps) {
            if problem.is_some() {
                file.trouble = problem;
            }
        }
        self.drop_troubled();
    }

    /// Moves the files with trouble to the input errors, with the findings
    /// of other files that point into them; the labels of the findings kept
    /// are given the files' new places in the run.
    fn drop_troubled(&mut self) {
        if self.files.iter().all(|f| f.trouble.is_none()) {
            return;
        }
        // Each file's place after the move, `None` for a file that goes.
        let mut moved: Vec<Option<usize>> = Vec::with_capacity(self.files.len());
        let mut files = Vec::with_capacity(self.files.len());
        for mut file in std::mem::take(&mut self.files) {
            match file.trouble.take() {
                Some(problem) => {
                    moved.push(None);
                    self.input_errors.push(file.error(problem));
                }
                None => {
                    moved.push(Some(files.len()));
                    files.push(file);
                }
            }
        }
        for file in &mut files {
            file.findings.retain_mut(|finding| {
                finding.related.iter_mut().all(|label| match label.file {
                    None => true,
                    Some(FileId(was)) => match moved.get(was).copied().flatten() {
                        Some(now) => {
                            label.file = Some(FileId(now));
                            true
                        }
                        None => false,
                    },
                })
            });
        }
        self.files = files;
        self.input_errors.sort_by(|a, b| a.path.cmp(&b.path));
    }

    /// Calls `each` for every file in path order with the file read again
    /// and its findings attached to the text, for the files `wanted` picks;
    /// the others come with their name only and no findings. A file that
    /// cannot be had as linted comes as an error, and so does a file that
    /// findings point into (those findings are left out). Files are read a
    /// chunk at a time, the next chunk in parallel while `each` goes
    /// through the current one; stops at the first error `each` returns.
    pub fn visit(
        &self,
        wanted: &(dyn Fn(&Linted) -> bool + Sync),
        each: &mut dyn FnMut(usize, Result<Checked, InputError>) -> io::Result<()>,
    ) -> io::Result<()> {
        self.visit_chunks(wanted, &mut |items| {
            for (about, item) in items {
                each(about, item)?;
            }
            Ok(())
        })
    }

    /// [`Lint::visit`] for the files `wanted` picks, until `each` returns
    /// false; the files that can no longer be had as linted are returned
    /// (each once) instead of given to `each`.
    pub fn reread(
        &self,
        wanted: &(dyn Fn(&Linted) -> bool + Sync),
        each: &mut dyn FnMut(&Checked) -> bool,
    ) -> Vec<InputError> {
        let mut late: Vec<InputError> = Vec::new();
        let _ = self.visit(wanted, &mut |_, item| match item {
            Ok(checked) if each(&checked) => Ok(()),
            Ok(_) => Err(io::Error::other("stopped")),
            Err(error) => {
                if !late.iter().any(|e| e.path == error.path) {
                    late.push(error);
                }
                Ok(())
            }
        });
        late
    }

    /// [`Lint::visit`] a chunk at a time: `each` gets the items of one
    /// chunk together.
    pub(crate) fn visit_chunks(
        &self,
        wanted: &(dyn Fn(&Linted) -> bool + Sync),
        each: &mut dyn FnMut(Items) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut chunks: Vec<Range<usize>> = Vec::new();
        let (mut start, mut count) = (0, 0);
        for (i, file) in self.files.iter().enumerate() {
            if wanted(file) {
                count += 1;
                if count == CHUNK {
                    chunks.push(start..i + 1);
                    (start, count) = (i + 1, 0);
                }
            }
        }
        if start < self.files.len() {
            chunks.push(start..self.files.len());
        }
        let mut next = chunks.first().map(|c| self.load(c.clone(), wanted));
        for (k, chunk) in chunks.iter().enumerate() {
            let current = next.take().unwrap_or_default();
            let mut result = Ok(());
            rayon::in_place_scope(|scope| {
                if let Some(following) = chunks.get(k + 1) {
                    let slot = &mut next;
                    let following = following.clone();
                    scope.spawn(move |_| *slot = Some(self.load(following, wanted)));
                }
                result = each(self.items(chunk.clone(), current));
            });
            result?;
        }
        Ok(())
    }

    /// The items of one chunk: loaded files as loaded, the others by name.
    fn items(&self, chunk: Range<usize>, loaded: Loaded) -> Items {
        let mut items = Vec::with_capacity(chunk.len());
        let mut loaded = loaded.into_iter().peekable();
        for i in chunk {
            let mut any = false;
            while let Some((_, about, item)) = loaded.next_if(|(at, _, _)| *at == i) {
                items.push((about, item));
                any = true;
            }
            if !any {
                if let Some(file) = self.files.get(i) {
                    let checked = Checked {
                        name: file.name.clone(),
                        source: None,
                        findings: Vec::new(),
                        others: Vec::new(),
                    };
                    items.push((i, Ok(checked)));
                }
            }
        }
        items
    }

    /// Reads the wanted files of `chunk` again, with the files their
    /// findings point into, in parallel.
    fn load(&self, chunk: Range<usize>, wanted: &(dyn Fn(&Linted) -> bool + Sync)) -> Loaded {
        let picked: Vec<usize> = chunk
            .filter(|&i| self.files.get(i).is_some_and(wanted))
            .collect();
        let mut needed: Vec<usize> = picked.clone();
        for &i in &picked {
            needed.extend(self.files[i].points_into());
        }
        needed.sort_unstable();
        needed.dedup();
        let read: HashMap<usize, Result<SourceFile, InputError>> = needed
            .par_iter()
            .filter_map(|&i| self.files.get(i).map(|f| (i, f.reread())))
            .collect();
        let mut out = Vec::with_capacity(picked.len());
        for i in picked {
            let Some(Ok(source)) = read.get(&i) else {
                if let Some(Err(error)) = read.get(&i) {
                    out.push((i, i, Err(error.clone())));
                }
                continue;
            };
            let file = &self.files[i];
            let mut findings = Vec::with_capacity(file.findings.len());
            let mut others: Vec<(FileId, SourceFile)> = Vec::new();
            'findings: for finding in &file.findings {
                for id in finding.related.iter().filter_map(|label| label.file) {
                    match read.get(&id.0) {
                        Some(Ok(other)) => {
                            if !others.iter().any(|(known, _)| *known == id) {
                                others.push((id, other.clone()));
                            }
                        }
                        Some(Err(error)) => {
                            out.push((i, id.0, Err(error.clone())));
                            continue 'findings;
                        }
                        None => continue 'findings,
                    }
                }
                findings.push(finding.clone());
            }
            let checked = Checked {
                name: file.name.clone(),
                source: Some(source.clone()),
                findings,
                others,
            };
            out.push((i, i, Ok(checked)));
        }
        out
    }

    /// Keeps the findings `keep` accepts, going through them in path order
    /// with their report's text (a baseline's fingerprints need it). Files
    /// that can no longer be had as linted become input errors.
    pub fn retain(&mut self, keep: &mut dyn FnMut(&Finding, &SourceFile) -> bool) {
        let mut decided: Vec<Option<Vec<Finding>>> = (0..self.files.len()).map(|_| None).collect();
        let mut trouble: Vec<(usize, InputProblem)> = Vec::new();
        let _ = self.visit(&|f| !f.findings.is_empty(), &mut |i, item| {
            match item {
                Ok(Checked {
                    source: Some(source),
                    findings,
                    ..
                }) if !findings.is_empty() => {
                    let findings = findings.into_iter().filter(|f| keep(f, &source)).collect();
                    if let Some(slot) = decided.get_mut(i) {
                        *slot = Some(findings);
                    }
                }
                Ok(_) => {}
                Err(error) => trouble.push((i, error.problem)),
            }
            Ok(())
        });
        for (file, decided) in self.files.iter_mut().zip(decided) {
            if !file.findings.is_empty() {
                // A file that could not be read again has trouble: it goes.
                file.findings = decided.unwrap_or_default();
            }
        }
        for (i, problem) in trouble {
            if let Some(file) = self.files.get_mut(i) {
                file.trouble.get_or_insert(problem);
            }
        }
        self.drop_troubled();
    }
}
