//! Recursive types without indirection: a schema that contains itself through fields and
//! union variants alone would be an infinitely large Rust type, so one member of each such
//! cycle is boxed (`Box<T>`).
//!
//! Only an array or a map puts its items behind a pointer. An optional field does not:
//! `Option<T>` holds a `T` inline, and response types make every field optional anyway.

use std::collections::BTreeMap;

use super::{at, child, At, Builder};
use crate::spec::raw;

/// One edge of the containment graph: schema `from` holds `to` inline in `member`.
struct Edge<'f> {
    to: &'f str,
    place: At,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    Open,
    Done,
}

impl Builder<'_> {
    /// Finds every cycle of inline containment and boxes the member that closes it.
    pub(super) fn check_recursion(&mut self, files: &[&raw::File]) {
        let graph = graph(files);
        let mut state: BTreeMap<&str, Visit> = graph.keys().map(|name| (*name, Visit::New)).collect();
        for start in graph.keys() {
            if state[start] != Visit::New {
                continue;
            }
            // Depth-first, iteratively: the path of open schemas and the next edge of each.
            let mut path: Vec<(&str, usize)> = vec![(start, 0)];
            state.insert(start, Visit::Open);
            while let Some((node, next)) = path.last_mut() {
                let node: &str = node;
                let Some(edge) = graph[node].get(*next) else {
                    state.insert(node, Visit::Done);
                    path.pop();
                    continue;
                };
                *next += 1;
                match state.get(edge.to).copied() {
                    Some(Visit::New) => {
                        state.insert(edge.to, Visit::Open);
                        path.push((edge.to, 0));
                    }
                    Some(Visit::Open) => self.box_closing_member(edge),
                    _ => {}
                }
            }
        }
    }

    /// Boxes the member that closes a cycle: removing every such back edge of the depth-first
    /// search leaves no cycle, so each one boxed is enough and the choice is deterministic.
    fn box_closing_member(&mut self, closing: &Edge<'_>) {
        let mut member = closing.place.clone();
        member.1.pop(); // the `ref` key: the member itself is what holds the type
        self.boxed.insert(member);
    }
}

/// Each schema (its first definition) and the schemas it holds inline, in declaration order.
fn graph<'f>(files: &[&'f raw::File]) -> BTreeMap<&'f str, Vec<Edge<'f>>> {
    let mut graph: BTreeMap<&str, Vec<Edge<'_>>> = BTreeMap::new();
    for (index, file) in files.iter().enumerate() {
        for (name, schema) in &file.schemas {
            if graph.contains_key(name.as_str()) {
                continue;
            }
            let place = at(index, &["schemas", name]);
            let members = schema
                .fields
                .iter()
                .map(|fields| ("fields", fields))
                .chain(schema.union.iter().map(|union| ("union", union)))
                .chain(schema.untagged.iter().map(|untagged| ("untagged", untagged)));
            let mut edges = Vec::new();
            for (container, members) in members {
                for (member, ty) in members {
                    if let (Some(to), None) = (&ty.reference, &ty.kind) {
                        edges.push(Edge { to, place: child(&place, &[container, member, "ref"]) });
                    }
                }
            }
            graph.insert(name, edges);
        }
    }
    graph
}
