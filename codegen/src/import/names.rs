//! Names the importer gives: fixed points of codegen's own naming.
//!
//! `naming::camel` is not idempotent around digits (`R2R2Action` becomes `R2r2Action`), and
//! the checker rejects a schema name that casing would change; so a name is cased until it
//! no longer changes.

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

/// The snake_case name of a resource segment or method.
pub fn snake(raw: &str) -> String {
    naming::snake(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

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
