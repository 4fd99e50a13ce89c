//! Documentation from the spec, made safe for rustdoc.
//!
//! Spec docs are Markdown written for web pages. As rustdoc input they can break in quiet
//! ways: bare URLs and `[brackets]` warn, `<tags>` warn, indented lines become doctests
//! that fail to compile. This module rewrites just those constructs.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for an item: its docs, then notes, each paragraph separated. The
/// first paragraph, rustdoc's summary of the item, is made to end with a stop.
pub fn attrs(docs: Option<&str>, notes: &[String]) -> TokenStream {
    let mut lines = lines(docs.unwrap_or_default());
    end_first_paragraph(&mut lines);
    if !notes.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(notes.iter().map(|note| sanitize_line(note)));
    }
    doc_lines(&lines)
}

/// Ends the first paragraph of `lines` with a stop when it ends in a word: spec docs are
/// often titles ("Matches a specific country"), and a summary reads as a sentence.
fn end_first_paragraph(lines: &mut [String]) {
    let end = lines.iter().position(String::is_empty).unwrap_or(lines.len());
    if let Some(last) = lines[..end].last_mut() {
        if !last.starts_with("```") && ends_in_a_word(last) {
            last.push('.');
        }
    }
}

/// Whether `text` ends in a letter, digit, code span, closing bracket, brace or autolink
/// (`<https://...>`): mid-sentence, or a title, either way without its stop.
pub fn ends_in_a_word(text: &str) -> bool {
    text.ends_with(|c: char| c.is_alphanumeric() || matches!(c, '`' | ')' | '"' | '\'' | '*' | '_' | '>' | '}'))
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

/// A one-line summary of a docs text, always a whole sentence ending with a stop: the
/// first sentence of the first paragraph (its lines joined), or the whole paragraph when
/// no sentence ends inside it. A paragraph is never cut mid-sentence: spec docs wrap lines
/// anywhere, so the first line alone may be half a sentence.
pub fn summary(text: Option<&str>) -> Option<String> {
    let text = text?;
    let paragraph: Vec<&str> = text
        .lines()
        .map(str::trim)
        .skip_while(|line| line.is_empty())
        .take_while(|line| !line.is_empty() && !line.starts_with("```"))
        .collect();
    if paragraph.is_empty() {
        return None;
    }
    let joined = paragraph.join(" ");
    let mut sentence = first_sentence(&joined).to_owned();
    if ends_in_a_word(&sentence) {
        sentence.push('.');
    }
    Some(sanitize_line(&sentence))
}

/// The text up to and including the first stop that ends a sentence: `.`, `?` or `!`
/// outside a code span, followed by a space and a capital letter, and not after an
/// abbreviation such as `e.g.`; the whole text when there is none.
fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut in_code = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            b'.' | b'?' | b'!' if !in_code => {
                let next_starts_sentence = bytes.get(i + 1) == Some(&b' ')
                    && bytes.get(i + 2).is_some_and(|c| c.is_ascii_uppercase());
                if next_starts_sentence && !after_abbreviation(&text[..i]) {
                    return &text[..=i];
                }
            }
            _ => {}
        }
    }
    text
}

/// Whether text ending just before a `.` ends in an abbreviation (`e.g`, `i.e`, `etc`, `vs`).
fn after_abbreviation(before: &str) -> bool {
    let word = before.rsplit(' ').next().unwrap_or_default().to_ascii_lowercase();
    matches!(word.as_str(), "e.g" | "i.e" | "etc" | "vs" | "cf" | "approx" | "incl")
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
                // A URL in parentheses is a link's target only right after `]`.
                let already_wrapped = out.ends_with('<') || out.ends_with("](");
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
        assert_eq!(sanitize_line("A [JSONata] (https://j.org/) expression"), "A \\[JSONata\\] (<https://j.org/>) expression");
        assert_eq!(sanitize_line("(see https://a.b)"), "(see <https://a.b>)");
    }

    #[test]
    fn escapes_brackets_and_tags_outside_code() {
        assert_eq!(sanitize_line("a [b] <c> `[d] <e>`"), "a \\[b\\] &lt;c> `[d] <e>`");
    }

    #[test]
    fn summaries_are_whole_sentences() {
        let wrapped = "Whether the path addresses an account or a zone: the first segment of paths such as\n`/{accounts_or_zones}/{id}/access/groups`. More text.\n\nAnother paragraph.";
        assert_eq!(
            summary(Some(wrapped)).unwrap(),
            "Whether the path addresses an account or a zone: the first segment of paths such as `/{accounts_or_zones}/{id}/access/groups`."
        );
        assert_eq!(summary(Some("Enforce different MFA options")).unwrap(), "Enforce different MFA options.");
        assert_eq!(summary(Some("Uses e.g. OIDC. Then more.")).unwrap(), "Uses e.g. OIDC.");
        assert_eq!(summary(Some("Version 1.2 is `a. B` here. Then")).unwrap(), "Version 1.2 is `a. B` here.");
        assert_eq!(summary(Some("Is it? Yes.")).unwrap(), "Is it?");
        assert_eq!(summary(Some("\n\n  Title\n\nBody.")).unwrap(), "Title.");
        assert_eq!(summary(Some("  \n")), None);
    }

    #[test]
    fn the_first_paragraph_of_item_docs_ends_with_a_stop() {
        let mut lines = lines("Matches a specific country\n\nMore");
        end_first_paragraph(&mut lines);
        assert_eq!(lines, ["Matches a specific country.", "", "More"]);
        let mut lines = lines_of("Ends well.\nsecond line with `code`");
        end_first_paragraph(&mut lines);
        assert_eq!(lines, ["Ends well.", "second line with `code`."]);
        let mut lines = lines_of("A list:");
        end_first_paragraph(&mut lines);
        assert_eq!(lines, ["A list:"]);
    }

    fn lines_of(text: &str) -> Vec<String> {
        lines(text)
    }

    #[test]
    fn labels_fences_and_unindents() {
        assert_eq!(lines("\n  a\n\n```\n  x\n```\n"), vec!["a", "", "```text", "  x", "```"]);
    }
}
