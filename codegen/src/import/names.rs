//! Names the importer gives: fixed points of codegen's own naming.
//!
//! `naming::camel` is not idempotent around digits (`R2R2Action` becomes `R2r2Action`), and
//! the checker rejects a schema name that casing would change; so a name is cased until it
//! no longer changes.

use std::collections::BTreeMap;

use crate::naming;

/// The UpperCamelCase schema name for `raw` that codegen's checks accept as is.
pub fn camel(raw: &str) -> String {
    let mut name = naming::camel(raw);
    for _ in 0..4 {
        let again = naming::camel(&name);
        if again == name {
            break;
        }
        name = again;
    }
    name
}

/// A component's name with the longest of `prefixes` that starts it replaced
/// (`digital-experience-monitoring_tests` -> `dex_tests`); unchanged without one.
pub fn component_stem(name: &str, prefixes: &BTreeMap<String, String>) -> String {
    let matching = prefixes.iter().filter(|(prefix, _)| name.starts_with(prefix.as_str()));
    match matching.max_by_key(|(prefix, _)| prefix.len()) {
        Some((prefix, to)) => format!("{to}{}", &name[prefix.len()..]),
        None => name.to_owned(),
    }
}

/// The snake_case name of a resource segment or method.
pub fn snake(raw: &str) -> String {
    naming::snake(raw)
}

/// Words of resource segments written otherwise than in lower case.
const WORDS: [(&str, &str); 26] = [
    ("aaguids", "AAGUIDs"),
    ("ai", "AI"),
    ("ca", "CA"),
    ("cas", "CAs"),
    ("casb", "CASB"),
    ("cidr", "CIDR"),
    ("cloudflared", "cloudflared"),
    ("dex", "DEX"),
    ("dlp", "DLP"),
    ("dns", "DNS"),
    ("doh", "DoH"),
    ("http", "HTTP"),
    ("idp", "IdP"),
    ("ip", "IP"),
    ("ips", "IPs"),
    ("isps", "ISPs"),
    ("jit", "JIT"),
    ("mcp", "MCP"),
    ("mfa", "MFA"),
    ("pacfiles", "PAC files"),
    ("pem", "PEM"),
    ("saml", "SAML"),
    ("scim", "SCIM"),
    ("ssh", "SSH"),
    ("warp", "WARP"),
    ("zt", "Zero Trust"),
];

/// A snake_case resource segment as words (`fallback_domains` -> `fallback domains`,
/// `dlp` -> `DLP`).
fn words(segment: &str) -> String {
    let word = |word: &str| match WORDS.iter().find(|(raw, _)| *raw == word) {
        Some((_, written)) => (*written).to_owned(),
        None => word.to_owned(),
    };
    segment.split('_').filter(|part| !part.is_empty()).map(word).collect::<Vec<_>>().join(" ")
}

/// Docs for a handle the overlay does not document, from its path: its own name, then where
/// it sits (`zero_trust.access.applications.policies` -> "Policies of Zero Trust access
/// applications.").
pub fn handle_docs(path: &str) -> String {
    let segments: Vec<String> = path.split('.').map(|segment| words(&segment.replace("zero_trust", "Zero Trust"))).collect();
    let Some((last, parents)) = segments.split_last() else { return String::new() };
    let mut text: String = last.chars().take(1).flat_map(char::to_uppercase).chain(last.chars().skip(1)).collect();
    if !parents.is_empty() {
        text.push_str(" of ");
        text.push_str(&parents.join(" "));
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_prefixes_are_shortened_by_the_longest_match() {
        let prefixes = BTreeMap::from([("teams-devices_".to_owned(), "devices_".to_owned()), ("teams-".to_owned(), "t_".to_owned())]);
        assert_eq!(component_stem("teams-devices_input", &prefixes), "devices_input");
        assert_eq!(component_stem("teams-other", &prefixes), "t_other");
        assert_eq!(component_stem("access_rule", &prefixes), "access_rule");
    }

    #[test]
    fn handles_are_documented_from_their_path_in_a_sentence() {
        assert_eq!(handle_docs("zero_trust.access.applications.policies"), "Policies of Zero Trust access applications.");
        assert_eq!(handle_docs("zero_trust.dlp.entries"), "Entries of Zero Trust DLP.");
        assert_eq!(handle_docs("zero_trust.gateway.pacfiles"), "PAC files of Zero Trust gateway.");
        assert_eq!(handle_docs("dns"), "DNS.");
    }

    #[test]
    fn names_are_fixed_points_of_the_generators_casing() {
        // `naming::camel` turns `R2R2Action` into `R2r2Action`: the importer must not
        // produce the former, which the checker would reject.
        for raw in ["r2_R2Action", "R2R2Action", "access_groups-2", "stream_liveInput", "aaa_audit-logs", "", "2fa"] {
            let name = camel(raw);
            assert_eq!(naming::camel(&name), name, "{raw} -> {name} is not a fixed point");
        }
        assert_eq!(camel("access_groups-2"), "AccessGroups2");
    }
}
