//! Problems found while importing, each tied to the place of the document it is about.

use std::fmt;

/// One problem of the published description or the overlay.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// Where: a JSON pointer into the description (`#/paths/~1accounts/get`), a line and
    /// column of a file that does not parse, or an overlay key.
    pub at: String,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    pub fn new(at: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { at: at.into(), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.at, self.message)
    }
}

/// Every problem that stopped the import, sorted and without duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn one(at: impl Into<String>, message: impl Into<String>) -> Self {
        Problems(vec![Problem::new(at, message)])
    }

    pub fn sorted(mut problems: Vec<Problem>) -> Self {
        problems.sort();
        problems.dedup();
        Problems(problems)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{problem}")?;
        }
        write!(f, "import failed: {} problem(s)", self.0.len())
    }
}

impl std::error::Error for Problems {}
