//! Issue 8, docs text: every summary in generated/ is a whole sentence.
//!
//! A summary is the first paragraph of an item's docs (what rustdoc shows in lists), and
//! each item of an `# Arguments` list. Each must end with a stop (`.`, `?` or `!`), so no
//! summary is half a sentence cut at a line break, or a title without its stop.

use std::path::{Path, PathBuf};

use zt_tests::workspace_root;

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The doc comment blocks of a file: runs of `///` or `//!` lines, their text without the
/// marker, with the line number where each starts.
fn doc_blocks(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut blocks: Vec<(usize, Vec<String>)> = Vec::new();
    let mut previous_was_doc = false;
    for (number, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let doc = trimmed.strip_prefix("///").or_else(|| trimmed.strip_prefix("//!"));
        match doc {
            Some(doc) => {
                let doc = doc.strip_prefix(' ').unwrap_or(doc).to_owned();
                if previous_was_doc {
                    blocks.last_mut().expect("a block").1.push(doc);
                } else {
                    blocks.push((number + 1, vec![doc]));
                }
            }
            None if trimmed.starts_with("#[") && previous_was_doc => continue,
            None => {}
        }
        previous_was_doc = doc.is_some();
    }
    blocks
}

/// The summaries of one doc block: its first paragraph, and each `# Arguments` item.
fn summaries(block: &[String]) -> Vec<String> {
    let first: Vec<&str> = block.iter().map(String::as_str).take_while(|line| !line.is_empty()).collect();
    let mut summaries = Vec::new();
    if !first.is_empty() && !first[0].starts_with("```") && !first[0].starts_with('#') {
        summaries.push(first.join(" "));
    }
    let mut in_arguments = false;
    for line in block {
        if line.starts_with('#') {
            in_arguments = line == "# Arguments";
        } else if in_arguments && line.starts_with("- ") {
            summaries.push(line.clone());
        } else if in_arguments && line.starts_with("  ") {
            let item = summaries.last_mut().expect("an item before its continuation");
            item.push(' ');
            item.push_str(line.trim());
        }
    }
    summaries
}

/// The one exception: an enum variant documented by its wire value alone (`` `low` ``),
/// written by `emit/types.rs` without the spec's help. It names the value rather than
/// saying something about it, so it is no half sentence.
fn is_wire_value(summary: &str) -> bool {
    let inner = summary.strip_prefix('`').and_then(|rest| rest.strip_suffix('`'));
    inner.is_some_and(|inner| !inner.is_empty() && !inner.contains(['`', ' ']))
}

#[test]
fn every_generated_summary_is_a_whole_sentence() {
    let root = workspace_root().join("generated/src");
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).expect("a readable file");
        for (line, block) in doc_blocks(&text) {
            for summary in summaries(&block) {
                checked += 1;
                if !summary.trim_end().ends_with(['.', '?', '!']) && !is_wire_value(&summary) {
                    let name = file.strip_prefix(workspace_root()).unwrap_or(&file).display().to_string();
                    problems.push(format!("{name}:{line}: {summary}"));
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} summaries found: the scan is broken");
    assert!(problems.is_empty(), "summaries that are no whole sentence:\n{}", problems.join("\n"));
}

#[test]
fn the_scan_finds_first_paragraphs_and_arguments() {
    let text = "/// A title\n/// on two lines.\n///\n/// # Arguments\n///\n/// - `a`: half\n///   a sentence\n#[doc(hidden)]\nfn f() {}\n";
    let blocks = doc_blocks(text);
    assert_eq!(blocks.len(), 1);
    assert_eq!(summaries(&blocks[0].1), ["A title on two lines.", "- `a`: half a sentence"]);
}
