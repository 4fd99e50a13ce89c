//! Documentation from the spec, made safe for rustdoc.
//!
//! Spec docs are Markdown written for web pages. As rustdoc input they can break in quiet
//! ways: bare URLs and `[brackets]` warn, `<tags>` warn, indented lines become doctests
//! that fail to compile. This module rewrites just those constructs.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for an item: its docs, then notes, each paragraph separated.
pub fn attrs(docs: Option<&str>, notes: &[String]) -> TokenStream {
    let mut lines = lines(docs.unwrap_or_default());
    if !notes.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(notes.iter().map(|note| sanitize_line(note)));
    }
    doc_lines(&lines)
}

/// `#[doc]` attributes for the given lines, which must already be sanitised.
pub fn doc_lines(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// Inner `#![doc]` attributes, for module and crate docs.
pub fn inner_doc_lines(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#![doc = #text])
    });
    quote!(#(#attrs)*)
}

/// The sanitised lines of a docs text, without leading or trailing blank lines.
pub fn lines(text: &str) -> Vec<String> {
    let mut result = Vec::new();
    let mut in_fence = false;
    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with("```") {
            // An unlabelled fence would be compiled as a Rust doctest.
            let label = line.trim_start_matches('`').trim();
            result.push(if in_fence || label == "rust" { line.to_owned() } else { "```text".to_owned() });
            in_fence = !in_fence;
        } else if in_fence {
            result.push(raw.trim_end().to_owned());
        } else {
            result.push(sanitize_line(line));
        }
    }
    while result.last().is_some_and(String::is_empty) {
        result.pop();
    }
    let leading = result.iter().take_while(|line| line.is_empty()).count();
    result.drain(..leading);
    result
}

/// The first line of a docs text, for one-line summaries.
pub fn summary(text: Option<&str>) -> Option<String> {
    text.and_then(|text| text.lines().map(str::trim).find(|line| !line.is_empty())).map(sanitize_line)
}

/// Escapes brackets and angle brackets outside code spans and links; wraps bare URLs.
pub fn sanitize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code {
            if let Some(url_len) = bare_url_len(rest) {
                let already_wrapped = out.ends_with('<') || out.ends_with('(');
                if already_wrapped {
                    out.push_str(&rest[..url_len]);
                } else {
                    out.push('<');
                    out.push_str(&rest[..url_len]);
                    out.push('>');
                }
                rest = &rest[url_len..];
                continue;
            }
            if c == '[' {
                if let Some(link_len) = markdown_link_len(rest) {
                    out.push_str(&rest[..link_len]);
                    rest = &rest[link_len..];
                    continue;
                }
            }
            match c {
                '[' | ']' => out.push('\\'),
                '<' if !rest[1..].starts_with("http") => {
                    out.push_str("&lt;");
                    rest = &rest[1..];
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of a URL at the start of `text`, without trailing punctuation.
fn bare_url_len(text: &str) -> Option<usize> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    let end = text.find(|c: char| c.is_whitespace() || matches!(c, '>' | ')' | '"' | '`' | '<')).unwrap_or(text.len());
    let trimmed = text[..end].trim_end_matches(['.', ',', ';', ':', '\'']);
    Some(trimmed.len())
}

/// The length of `[text](target)` at the start of `text`.
fn markdown_link_len(text: &str) -> Option<usize> {
    let close = text.find("](")?;
    if text[1..close].contains(['[', ']']) {
        return None;
    }
    let end = text[close..].find(')')?;
    Some(close + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_bare_urls_and_keeps_links() {
        assert_eq!(sanitize_line("See https://a.b/c."), "See <https://a.b/c>.");
        assert_eq!(sanitize_line("[Create a token](https://x.y/z)."), "[Create a token](https://x.y/z).");
        assert_eq!(sanitize_line("<https://a.b>"), "<https://a.b>");
    }

    #[test]
    fn escapes_brackets_and_tags_outside_code() {
        assert_eq!(sanitize_line("a [b] <c> `[d] <e>`"), "a \\[b\\] &lt;c> `[d] <e>`");
    }

    #[test]
    fn labels_fences_and_unindents() {
        assert_eq!(lines("\n  a\n\n```\n  x\n```\n"), vec!["a", "", "```text", "  x", "```"]);
    }
}
