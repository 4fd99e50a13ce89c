//! Which operations the overlay's `select_by` rules pick, and which rules (or parts of a
//! rule) picked nothing: a rule that matches nothing is stale, an error like any other.

use std::collections::BTreeSet;

use serde_yaml::Value;

use super::doc::text;
use super::error::Problem;
use super::overlay::SelectRule;

/// What the rules matched so far: (rule index, the group or path segment it matched by),
/// and the operations selected by a rule.
#[derive(Debug, Default)]
pub struct RuleUse {
    matched: BTreeSet<(usize, String)>,
    operations: BTreeSet<String>,
}

impl RuleUse {
    /// Whether a rule selects the operation `key` (recording which one did).
    pub fn record(&mut self, rules: &[SelectRule], key: &str, path: &str, node: &Value) -> bool {
        let group = text(node, "x-fern-sdk-group-name");
        let mut selected = false;
        for (index, rule) in rules.iter().enumerate() {
            if let Some(by) = rule.matches(path, group) {
                self.matched.insert((index, by));
                selected = true;
            }
        }
        if selected {
            self.operations.insert(key.to_owned());
        }
        selected
    }

    /// Malformed rules, rules (or path segments of one) that matched nothing, and single
    /// selections a rule already makes.
    pub fn problems(&self, rules: &[SelectRule], selected: &BTreeSet<&str>) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            let at = format!("overlay: select_by[{index}]");
            match (&rule.group, rule.path_segments.is_empty()) {
                (Some(_), false) | (None, true) => {
                    problems.push(Problem::new(at.clone(), "a rule has either `group` or `path_segments`, not both or neither"));
                }
                (Some(group), true) if !self.matched.contains(&(index, group.clone())) => {
                    problems.push(Problem::new(at.clone(), format!("no operation has an SDK group starting with `{group}`")));
                }
                _ => {}
            }
            for segment in rule.path_segments.iter().filter(|segment| !self.matched.contains(&(index, (*segment).clone()))) {
                let message = format!("no operation without an SDK group has the path segment `{segment}`");
                problems.push(Problem::new(at.clone(), message));
            }
        }
        for key in selected.iter().filter(|key| self.operations.contains(**key)) {
            problems.push(Problem::new(format!("overlay: select: {key}"), "a `select_by` rule selects it already"));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(group: Option<&str>, segments: &[&str]) -> SelectRule {
        let path_segments = segments.iter().map(|segment| (*segment).to_owned()).collect();
        SelectRule { group: group.map(str::to_owned), path_segments, why: String::new() }
    }

    fn node(group: Option<&str>) -> Value {
        let mut map = serde_yaml::Mapping::new();
        if let Some(group) = group {
            map.insert("x-fern-sdk-group-name".into(), group.into());
        }
        Value::Mapping(map)
    }

    #[test]
    fn groups_match_by_whole_segments_and_paths_only_without_a_group() {
        let rules = [rule(Some("zero-trust"), &[]), rule(None, &["dlp", "access"])];
        let mut used = RuleUse::default();
        assert!(used.record(&rules, "a", "/accounts/{id}/x", &node(Some("zero-trust.access"))));
        assert!(!used.record(&rules, "b", "/accounts/{id}/x", &node(Some("zero-trustee"))));
        assert!(used.record(&rules, "c", "/accounts/{id}/dlp/entries", &node(None)));
        assert!(!used.record(&rules, "d", "/accounts/{id}/dlp/entries", &node(Some("dlp"))));
        assert!(!used.record(&rules, "e", "/zones/{id}/dlp/entries", &node(None)));
        let selected: BTreeSet<&str> = ["c", "z"].into_iter().collect();
        let problems: Vec<String> = used.problems(&rules, &selected).iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("`access`"), "{problems:?}");
        assert!(problems[1].contains("select: c"), "{problems:?}");
    }

    #[test]
    fn a_rule_that_matches_nothing_or_is_malformed_is_a_problem() {
        let rules = [rule(Some("nothing"), &[]), rule(Some("a"), &["b"]), rule(None, &[])];
        let used = RuleUse::default();
        let problems = used.problems(&rules, &BTreeSet::new());
        assert_eq!(problems.len(), 4, "{problems:?}");
    }
}
