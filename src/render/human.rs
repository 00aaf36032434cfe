//! Human output: miette's graphical handler, with or without colour.

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::Run;

/// How the human format is drawn.
#[derive(Debug, Clone)]
pub struct HumanOptions {
    pub color: bool,
    /// Wrap width in columns.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
        }
    }
}

pub fn render(run: &Run, options: &HumanOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_context_lines(1)
        .with_links(false);
    let mut out = String::new();
    for error in &run.input_errors {
        out.push_str(&format!("error[input]: {error}\n\n"));
    }
    for finding in run.findings() {
        if handler.render_report(&mut out, finding).is_err() {
            out.push_str(&format!("{}: {}\n", finding.rule, finding.message));
        }
        out.push('\n');
    }
    let count = run.findings().count();
    let files = run.files.len();
    out.push_str(&format!(
        "{count} finding{} in {files} file{}{}\n",
        if count == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" },
        match run.input_errors.len() {
            0 => String::new(),
            n => format!(
                "; {n} file{} could not be read",
                if n == 1 { "" } else { "s" }
            ),
        }
    ));
    out
}
