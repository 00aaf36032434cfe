//! Where the text of each paragraph sits in `word/document.xml`: recorded
//! while [`super::document`] reads the part, so that `annotate` can put a
//! comment's marks around the very runs that hold a finding's words.
//!
//! Recording is off for `check` (it costs a vector per run); the reader
//! calls these hooks only when it was asked for a layout. Positions are byte
//! offsets in the part's text; text offsets are bytes of the paragraph's
//! text as the reader built it (before it was trimmed into a block).

use std::ops::Range;

/// A child element of a run (`w:t`, `w:tab`, `w:rPr`, a drawing...).
#[derive(Debug, Clone)]
pub(super) struct Child {
    /// The element, start tag to end tag, in the part.
    pub(super) bytes: Range<usize>,
    /// Its local name (`t`, `tab`, `rPr`).
    pub(super) name: String,
    /// The paragraph text it gave, if any.
    pub(super) text: Option<Range<usize>>,
}

/// A run (`w:r`) read as text.
#[derive(Debug, Clone)]
pub(super) struct Run {
    /// The whole element in the part.
    pub(super) bytes: Range<usize>,
    /// Its start tag.
    pub(super) start_tag: Range<usize>,
    /// Its end tag (empty until the run is closed).
    pub(super) end_tag: Range<usize>,
    pub(super) children: Vec<Child>,
}

impl Run {
    /// The paragraph text the run gave: from its first text to its last.
    pub(super) fn text(&self) -> Option<Range<usize>> {
        let mut texts = self.children.iter().filter_map(|c| c.text.clone());
        let first = texts.next()?;
        let end = texts.next_back().map_or(first.end, |last| last.end);
        Some(first.start..end)
    }
}

/// A paragraph of the body (one the text view counts).
#[derive(Debug, Clone, Default)]
pub(super) struct Paragraph {
    /// Its number, as [`super::WordMap`] counts paragraphs.
    pub(super) number: usize,
    /// Where its content starts: after its properties (`w:pPr`), else after
    /// its start tag.
    pub(super) content: usize,
    /// Where its end tag starts; `None` for a paragraph cut short.
    pub(super) end: Option<usize>,
    /// Its text before trimming, as the reader built it.
    pub(super) text: String,
    pub(super) runs: Vec<Run>,
}

/// The paragraphs of a document part, in order.
#[derive(Debug, Default)]
pub(super) struct Layout {
    pub(super) paragraphs: Vec<Paragraph>,
    /// The run being read, and how deep inside it the reader is.
    run: Option<(Run, usize)>,
    /// The paragraph being read (the last of `paragraphs`).
    open: bool,
}

/// What an XML event is, for the depth a run is read at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    Start,
    End,
    Empty,
    /// Text, references, comments: no element.
    Other,
}

impl Layout {
    /// The paragraph numbered `number`.
    pub(super) fn paragraph(&self, number: usize) -> Option<&Paragraph> {
        let at = self
            .paragraphs
            .binary_search_by_key(&number, |p| p.number)
            .ok()?;
        self.paragraphs.get(at)
    }

    /// Every event of the part, before the reader handles it: the children
    /// of a run are told apart by depth, whatever they are.
    pub(super) fn event(&mut self, tag: Tag, local: &str, bytes: Range<usize>) {
        let Some((run, depth)) = &mut self.run else {
            return;
        };
        let mut closed = false;
        match tag {
            Tag::Start => {
                if *depth == 0 {
                    run.children.push(Child {
                        bytes: bytes.start..bytes.end,
                        name: local.to_string(),
                        text: None,
                    });
                }
                *depth += 1;
            }
            Tag::Empty if *depth == 0 => run.children.push(Child {
                bytes,
                name: local.to_string(),
                text: None,
            }),
            Tag::End if *depth == 0 => {
                // The run's own end tag.
                run.bytes.end = bytes.end;
                run.end_tag = bytes;
                closed = true;
            }
            Tag::End => {
                *depth -= 1;
                if let (0, Some(child)) = (*depth, run.children.last_mut()) {
                    child.bytes.end = bytes.end;
                }
            }
            Tag::Empty | Tag::Other => {}
        }
        if closed {
            self.close_run();
        }
    }

    /// A paragraph the reader counts as `number` starts; its start tag
    /// ends at `content`.
    pub(super) fn paragraph_start(&mut self, number: usize, content: usize) {
        self.close_run();
        self.paragraphs.push(Paragraph {
            number,
            content,
            ..Paragraph::default()
        });
        self.open = true;
    }

    /// The paragraph's properties end at `at`: its content starts there.
    pub(super) fn properties_end(&mut self, at: usize) {
        if let Some(p) = self.current() {
            p.content = at;
        }
    }

    /// The paragraph's end tag starts at `at`.
    pub(super) fn paragraph_end(&mut self, at: usize) {
        self.close_run();
        if let Some(p) = self.current() {
            p.end = Some(at);
        }
        self.open = false;
    }

    /// The reader is done with paragraph `number` (it may have been cut
    /// short, or closed already): its text, before trimming.
    pub(super) fn paragraph_text(&mut self, number: usize, text: &str) {
        if let Some(p) = self.paragraphs.last_mut().filter(|p| p.number == number) {
            p.text = text.to_string();
        }
    }

    /// A run of the paragraph starts; its start tag is `bytes`.
    pub(super) fn run_start(&mut self, bytes: Range<usize>) {
        self.close_run();
        if self.open {
            let run = Run {
                bytes: bytes.clone(),
                start_tag: bytes,
                end_tag: 0..0,
                children: Vec::new(),
            };
            self.run = Some((run, 0));
        }
    }

    /// The reader added `text` (a range of the paragraph's text) inside the
    /// run's last child.
    pub(super) fn text(&mut self, text: Range<usize>) {
        if text.is_empty() {
            return;
        }
        let Some((run, _)) = &mut self.run else {
            return;
        };
        if let Some(child) = run.children.last_mut() {
            child.text = Some(match child.text.take() {
                Some(had) => had.start..text.end,
                None => text,
            });
        }
    }

    fn current(&mut self) -> Option<&mut Paragraph> {
        self.paragraphs.last_mut().filter(|_| self.open)
    }

    /// Keeps the run being read, if it was closed by its end tag.
    fn close_run(&mut self) {
        let Some((run, _)) = self.run.take() else {
            return;
        };
        // A run never closed (a part cut short) has no end to split at.
        if run.end_tag.is_empty() {
            return;
        }
        if let Some(p) = self.paragraphs.last_mut().filter(|_| self.open) {
            p.runs.push(run);
        }
    }
}
