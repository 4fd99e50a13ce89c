//! Problems found in a spec, and how they are shown to the maintainer.
//!
//! A diagnostic names the file, line and column, says what is wrong, and where it can,
//! shows the source line with a caret, the path inside the document and a hint.

use std::fmt;

/// One problem in a spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it, e.g. `spec/users.yaml`.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// Where in the document, e.g. `resources.zero_trust.access.users.operations.list`.
    pub doc_path: Option<String>,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
    /// What else the maintainer should know, e.g. that the rest of a file was not checked.
    pub note: Option<String>,
    /// The source line the position points into.
    pub source_line: Option<String>,
}

impl Diagnostic {
    fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.file, self.line, self.column, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            // A problem of the spec as a whole, not of a place in a file.
            write!(f, "{}: error: {}", self.file, self.message)?;
        } else {
            write!(f, "{}:{}:{}: error: {}", self.file, self.line, self.column, self.message)?;
        }
        if let Some(source) = &self.source_line {
            let gutter = self.line.to_string().len();
            let caret_pad: String = source
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{:gutter$} |\n{} | {}\n{:gutter$} | {}^", "", self.line, source, "", caret_pad)?;
        }
        if let Some(path) = &self.doc_path {
            write!(f, "\n  = in: {path}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        if let Some(note) = &self.note {
            write!(f, "\n  = note: {note}")?;
        }
        Ok(())
    }
}

/// Every problem found in a spec, sorted by position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Adds a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in file and position order, each once.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.0.dedup_by(|a, b| a.sort_key() == b.sort_key());
        self.0
    }

    /// Moves every problem of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sorted = self.clone().sorted();
        for diagnostic in &sorted {
            writeln!(f, "{diagnostic}\n")?;
        }
        let count = sorted.len();
        write!(f, "{count} error{}", if count == 1 { "" } else { "s" })
    }
}

/// The hint "did you mean `x`?" for the closest of `candidates` to `input`, if any is close.
pub fn did_you_mean_hint<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(input, candidates).map(|best| format!("did you mean `{best}`?"))
}

/// Suggests the closest of `candidates` to `input`, for did-you-mean hints.
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(&input_lower, &candidate.to_ascii_lowercase()), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len().max(input.len()) / 3).max(1))
        .min()
        .map(|(_, candidate)| candidate)
}

/// Edit distance counting a swap of two neighbours as one edit (optimal string alignment),
/// so `tpye` is one edit from `type`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("strng", ["string", "integer"]), Some("string"));
        assert_eq!(did_you_mean("tpye", ["type", "ref", "docs"]), Some("type"));
        assert_eq!(did_you_mean("zzzzzz", ["string", "integer"]), None);
    }
}
