//! Finds where a document path (`resources.x.operations.list`) stands in YAML text.
//!
//! serde_yaml reports positions only for the errors it finds itself. Problems found later
//! (an unknown schema, a missing path parameter) know their path in the document, and
//! this scan turns it back into a line and column. It understands block-style YAML, which
//! is how spec files are written; inside flow style (`{ ref: X }`) it points at the
//! nearest enclosing key, which is still the right line.

/// The 1-based (line, column) of the deepest part of `path` found in `text`.
pub fn locate(text: &str, path: &[&str]) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = (1, 1);
    // The block being searched: lines [start, end) that are deeper than `parent_indent`.
    let mut start = 0;
    let mut parent_indent: isize = -1;
    for segment in path {
        let Some((index, column, indent)) = find_key(&lines, start, parent_indent, segment) else {
            break;
        };
        found = (index + 1, column + 1);
        // An item's first key sits on the dash's own line: search from that line.
        start = if segment.parse::<usize>().is_ok() { index } else { index + 1 };
        parent_indent = indent as isize;
        // A flow mapping on the same line (`key: { ref: X }`): look inside it, then stop.
        let rest = &lines[index][column..];
        if let Some(open) = rest.find('{') {
            let inner = &rest[open..];
            for next in path.iter().skip_while(|s| *s != segment).skip(1) {
                if let Some(offset) = find_flow_key(inner, next) {
                    found = (index + 1, column + open + offset + 1);
                }
            }
            break;
        }
    }
    found
}

/// Finds `key:` (or the `n`th `- ` item when `key` is a number) in the block after `start`.
fn find_key(lines: &[&str], start: usize, parent_indent: isize, key: &str) -> Option<(usize, usize, usize)> {
    let item_index: Option<usize> = key.parse().ok();
    let mut items_seen = 0;
    for (index, line) in lines.iter().enumerate().skip(start) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let own_item_line = index == start && trimmed.starts_with("- ") && indent as isize == parent_indent;
        if (indent as isize) <= parent_indent && !own_item_line {
            return None;
        }
        match item_index {
            Some(wanted) if trimmed.starts_with("- ") || trimmed == "-" => {
                if items_seen == wanted {
                    return Some((index, indent, indent));
                }
                items_seen += 1;
            }
            Some(_) => {}
            None => {
                // A key may follow a list dash on the same line: `- name: x`.
                let (content, column) = match trimmed.strip_prefix("- ") {
                    Some(after) => (after.trim_start(), line.len() - after.trim_start().len()),
                    None => (trimmed, indent),
                };
                if key_matches(content, key) {
                    return Some((index, column, column));
                }
            }
        }
    }
    None
}

fn key_matches(content: &str, key: &str) -> bool {
    [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .any(|spelled| content.strip_prefix(spelled.as_str()).is_some_and(|rest| rest.trim_start().starts_with(':')))
}

/// The byte offset of `key:` inside a flow mapping.
fn find_flow_key(flow: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    while let Some(found) = flow[offset..].find(key) {
        let at = offset + found;
        let before = flow[..at].chars().last();
        let after = flow[at + key.len()..].trim_start();
        if matches!(before, Some('{' | ' ' | ',')) && after.starts_with(':') {
            return Some(at);
        }
        offset = at + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::locate;

    const TEXT: &str = "\
resources:
  zero_trust.access.users:
    docs: Users.
    operations:
      list:
        method: GET
        result: { ref: AccessUser }
api:
  auth:
    - name: api_token
      docs: x
    - name: api_key
";

    #[test]
    fn finds_nested_block_keys() {
        assert_eq!(locate(TEXT, &["resources", "zero_trust.access.users", "operations", "list", "method"]), (6, 9));
    }

    #[test]
    fn finds_keys_inside_flow_mappings() {
        assert_eq!(locate(TEXT, &["resources", "zero_trust.access.users", "operations", "list", "result", "ref"]), (7, 19));
    }

    #[test]
    fn finds_list_items_by_index() {
        assert_eq!(locate(TEXT, &["api", "auth", "1", "name"]), (12, 7));
    }

    #[test]
    fn stops_at_the_deepest_key_found() {
        assert_eq!(locate(TEXT, &["resources", "zero_trust.access.users", "nope"]), (2, 3));
    }
}
