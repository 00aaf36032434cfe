//! The progress bar of long runs: on stderr, only on a terminal and only
//! when the run is long enough to wait for, so that pipes, CI logs and
//! editors get clean output.

/// Runs of fewer reports than this finish before a bar would help.
const WORTH_SHOWING: usize = 200;

/// A bar for a run of `files` reports; hidden unless stderr is a terminal
/// (`terminal`) and the run is long.
pub fn bar(files: usize, terminal: bool) -> indicatif::ProgressBar {
    if files < WORTH_SHOWING || !terminal {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} reports ({per_sec}, {eta})")
    {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_runs_and_pipes_get_no_bar() {
        assert!(bar(10, true).is_hidden());
        assert!(bar(1000, false).is_hidden());
    }
}
