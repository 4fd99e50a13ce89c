//! Finds where a document path (`resources.x.operations.list`) stands in YAML text.
//!
//! serde_yaml reports positions only for the errors it finds itself. Problems found later
//! (an unknown schema, a missing path parameter) know their path in the document, and
//! this scan turns it back into a line and column. It understands block-style YAML, which
//! is how spec files are written; inside flow style (`{ ref: X }`) it points at the
//! nearest enclosing key, which is still the right line.

/// The 1-based (line, column) of the deepest part of `path` found in `text`.
pub fn locate(text: &str, path: &[&str]) -> (usize, usize) {
    locate_nth(text, path, 0)
}

/// Like [`locate`], but finds the `occurrence`th (0-based) appearance of the last key of
/// `path` in its block: a duplicate key is the second appearance of its name.
///
/// Columns count characters, not bytes, as the caret under the source line does.
pub fn locate_nth(text: &str, path: &[&str], occurrence: usize) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = (1, 1);
    // The block being searched: lines [start, end) that are deeper than `parent_indent`.
    let mut start = 0;
    let mut parent_indent: isize = -1;
    for (depth, segment) in path.iter().enumerate() {
        let skip = if depth + 1 == path.len() { occurrence } else { 0 };
        let Some((index, column, indent)) = find_key(&lines, start, parent_indent, segment, skip) else {
            break;
        };
        found = (index + 1, char_column(lines[index], column));
        // An item's first key sits on the dash's own line: search from that line.
        start = if segment.parse::<usize>().is_ok() { index } else { index + 1 };
        parent_indent = indent as isize;
        // A flow collection as the value (`key: { ref: X }`, `enum: [a, b]`): look inside it, then stop.
        if let Some(open) = flow_value_start(lines[index], column) {
            let line = lines[index];
            let mut offset = open;
            for next in &path[depth + 1..] {
                let rest = &line[offset..];
                let at = match next.parse::<usize>() {
                    Ok(item) if rest.starts_with('[') => find_flow_item(rest, item),
                    _ => find_flow_key(rest, next),
                };
                let Some(at) = at else { break };
                offset += at;
                found = (index + 1, char_column(line, offset));
                offset += value_offset(&line[offset..]);
            }
            break;
        }
    }
    found
}

/// The byte offset of the `{` or `[` opening a flow collection that is the value of the key
/// (or the list item) at `column`.
fn flow_value_start(line: &str, column: usize) -> Option<usize> {
    let rest = line.get(column..)?;
    let value = match rest.strip_prefix('-') {
        Some(item) => item,
        None => &rest[rest.find(':')? + 1..],
    };
    let trimmed = value.trim_start();
    trimmed.starts_with(['{', '[']).then(|| line.len() - trimmed.len())
}

/// Where the value of the flow entry at the start of `entry` begins: after `key: `, or at
/// the entry itself when it is a plain item.
fn value_offset(entry: &str) -> usize {
    let before_end = entry.find([',', ']', '}']).unwrap_or(entry.len());
    match entry[..before_end].find(':') {
        Some(colon) => colon + 1 + (entry[colon + 1..].len() - entry[colon + 1..].trim_start().len()),
        None => 0,
    }
}

/// The byte offset of the `item`th entry of the flow sequence that `flow` starts with.
fn find_flow_item(flow: &str, item: usize) -> Option<usize> {
    let (mut depth, mut quote, mut index, mut pending) = (0usize, None, 0, true);
    for (at, c) in flow.char_indices().skip(1) {
        if let Some(open) = quote {
            quote = (c != open).then_some(open);
            continue;
        }
        if pending && !c.is_whitespace() && c != ']' {
            if index == item {
                return Some(at);
            }
            pending = false;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '[' | '{' => depth += 1,
            ']' | '}' if depth == 0 => return None,
            ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                index += 1;
                pending = true;
            }
            _ => {}
        }
    }
    None
}

/// The 1-based character column of the plain scalar value of the entry whose key starts at
/// character `column` of `line` (`method: get` -> the column of `get`), if it has one there.
pub fn scalar_value_column(line: &str, column: usize) -> Option<usize> {
    let key_start = line.char_indices().nth(column.checked_sub(1)?).map(|(at, _)| at)?;
    let rest = &line[key_start..];
    let colon = rest.find(": ")?;
    let value = rest[colon + 1..].trim_start();
    let plain = !value.is_empty() && !value.starts_with(['{', '[', '|', '>', '&', '*', '!', '#']);
    plain.then(|| char_column(line, line.len() - value.len()))
}

/// The 1-based character column of a byte offset in `line`.
fn char_column(line: &str, byte: usize) -> usize {
    line.get(..byte).map_or(byte, |before| before.chars().count()) + 1
}

/// Finds `key:` (or the `n`th `- ` item when `key` is a number) among the entries of the
/// block after `start`, skipping its first `skip` appearances.
///
/// Only the block's own entries count, not deeper ones: the first entry sets their column.
fn find_key(
    lines: &[&str],
    start: usize,
    parent_indent: isize,
    key: &str,
    skip: usize,
) -> Option<(usize, usize, usize)> {
    let item_index: Option<usize> = key.parse().ok();
    let wanted = item_index.unwrap_or(skip);
    let mut level = None;
    let mut seen = 0;
    for (index, line) in lines.iter().enumerate().skip(start) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let own_item_line = index == start && is_item(trimmed) && indent as isize == parent_indent;
        if (indent as isize) <= parent_indent && !own_item_line {
            return None;
        }
        // A key may follow a list dash on the same line: `- name: x`.
        let (content, column) = match trimmed.strip_prefix('-').filter(|_| is_item(trimmed)) {
            Some(after) if item_index.is_none() => (after.trim_start(), line.len() - after.trim_start().len()),
            _ => (trimmed, indent),
        };
        if *level.get_or_insert(column) != column {
            continue;
        }
        let matches = match item_index {
            Some(_) => is_item(trimmed),
            None => key_matches(content, key),
        };
        if matches {
            if seen == wanted {
                return Some((index, column, column));
            }
            seen += 1;
        }
    }
    None
}

fn is_item(trimmed: &str) -> bool {
    trimmed == "-" || trimmed.starts_with("- ")
}

fn key_matches(content: &str, key: &str) -> bool {
    [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .any(|spelled| content.strip_prefix(spelled.as_str()).is_some_and(|rest| rest.trim_start().starts_with(':')))
}

/// The byte offset of `key:` inside a flow mapping.
fn find_flow_key(flow: &str, key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    flow.match_indices(key).map(|(at, _)| at).find(|&at| {
        let before = flow[..at].chars().last();
        let after = flow[at + key.len()..].trim_start();
        matches!(before, Some('{' | ' ' | ',')) && after.starts_with(':')
    })
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
        assert_eq!(
            locate(TEXT, &["resources", "zero_trust.access.users", "operations", "list", "result", "ref"]),
            (7, 19)
        );
    }

    #[test]
    fn finds_list_items_by_index() {
        assert_eq!(locate(TEXT, &["api", "auth", "1", "name"]), (12, 7));
    }

    #[test]
    fn an_empty_key_is_not_found_inside_a_flow_mapping() {
        assert_eq!(locate("a: { b: 1 }\n", &["a", ""]), (1, 1));
    }

    #[test]
    fn finds_scalar_values() {
        use super::scalar_value_column;
        assert_eq!(scalar_value_column("    method: get", 5), Some(13));
        assert_eq!(scalar_value_column("  a: { type: strng }", 8), Some(14));
        assert_eq!(scalar_value_column("  a: { type: strng }", 3), None);
        assert_eq!(scalar_value_column("  docs: |", 3), None);
        assert_eq!(scalar_value_column("  É: x", 3), Some(6));
        assert_eq!(scalar_value_column("x", 9), None);
    }

    #[test]
    fn finds_items_of_flow_sequences() {
        let text = "schemas:\n  A:\n    enum: [red, 'g,b', [x, y], red]\n    fields: { a: { items: [p, q] } }\n";
        assert_eq!(locate(text, &["schemas", "A", "enum", "0"]), (3, 12));
        assert_eq!(locate(text, &["schemas", "A", "enum", "2"]), (3, 24));
        assert_eq!(locate(text, &["schemas", "A", "enum", "3"]), (3, 32));
        assert_eq!(locate(text, &["schemas", "A", "fields", "a", "items", "1"]), (4, 31));
    }

    #[test]
    fn finds_a_later_appearance_of_a_key() {
        let text = "schemas:\n  A:\n    docs: x\n  B:\n    docs: y\n  A:\n    docs: z\n";
        assert_eq!(super::locate_nth(text, &["schemas", "A"], 1), (6, 3));
        assert_eq!(super::locate_nth(text, &["schemas", "A", "docs"], 0), (3, 5));
    }

    #[test]
    fn finds_only_the_blocks_own_entries() {
        let text = "\
api:
  auth:
    - name: a
      headers:
        - header: x
        - header: y
    - name: b
schemas:
  A:
    fields:
      y:
        docs: deep
    docs: own
";
        assert_eq!(locate(text, &["api", "auth", "1", "name"]), (7, 7));
        assert_eq!(locate(text, &["api", "auth", "0", "headers", "1", "header"]), (6, 11));
        assert_eq!(locate(text, &["schemas", "A", "docs"]), (13, 5));
    }

    #[test]
    fn counts_columns_in_characters() {
        let text = "schemas:\n  É: { tpye: x }\n";
        assert_eq!(locate(text, &["schemas", "É", "tpye"]), (2, 8));
    }

    #[test]
    fn stops_at_the_deepest_key_found() {
        assert_eq!(locate(TEXT, &["resources", "zero_trust.access.users", "nope"]), (2, 3));
    }
}
