//! The cargo feature of each family: the `[features]` table and the `#[cfg(...)]` attributes
//! that compile a family's resources and types only when it is enabled.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Model, Resource, Schema};
use crate::naming::ident;

/// `#[cfg(feature = "x")]` on the module and accessor of a family's root resource.
pub fn resource_gate(model: &Model, resource: &Resource) -> Option<TokenStream> {
    let feature = model.families.feature_of(&resource.module_path)?;
    Some(quote!(#[cfg(feature = #feature)]))
}

/// On the `client` field of a handle with no operations of its own whose children are all
/// families: the field is unused when none of them is enabled.
pub fn client_field_allowance(model: &Model, resource: &Resource) -> Option<TokenStream> {
    if !resource.operations.is_empty() || resource.children.is_empty() {
        return None;
    }
    let features: Option<Vec<&str>> =
        resource.children.iter().map(|child| model.families.feature_of(&child.module_path)).collect();
    let features = features?;
    Some(quote! {
        #[cfg_attr(not(any(#(feature = #features),*)), allow(dead_code, reason = "read only by the accessors of families, none of which is enabled"))]
    })
}

/// The attribute gating a schema: one feature, `any(..)` of several, or none (always compiled).
pub fn schema_gate(model: &Model, schema: &Schema) -> Option<TokenStream> {
    let features = model.families.schema_gates.get(&schema.name)?;
    let mut each = features.iter().map(|feature| quote!(feature = #feature));
    if features.len() == 1 {
        let only = each.next();
        return Some(quote!(#[cfg(#only)]));
    }
    Some(quote!(#[cfg(any(#(#each),*))]))
}

/// The items of one schema (its type and every `impl` of it), each gated like the schema.
pub fn gate_schema_items(model: &Model, schema: &Schema, items: TokenStream) -> TokenStream {
    let Some(gate) = schema_gate(model, schema) else {
        return items;
    };
    // The emitters return several items per schema; the attribute goes on each. Splitting the
    // tokens at item boundaries (rather than parsing them with syn) keeps this linear and cheap:
    // it ran on every schema and cost a sixth of the generator's time.
    let items = split_items(items);
    quote!(#(#gate #items)*)
}

/// Splits a sequence of items at their ends: a top-level `;`, or a top-level `{ .. }` not
/// followed by `;` (which ends the item instead, as in `const X: T = T { .. };`).
///
/// Attributes (`#[..]`) stay with the item they precede. The emitters produce only items
/// whose bodies are in braces or that end with `;`, which is all this needs to know.
fn split_items(tokens: TokenStream) -> Vec<TokenStream> {
    use proc_macro2::{Delimiter, TokenTree};
    let mut items = Vec::new();
    let mut current = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let ends = match &token {
            TokenTree::Punct(punct) => punct.as_char() == ';',
            TokenTree::Group(group) => {
                group.delimiter() == Delimiter::Brace
                    && !matches!(tokens.peek(), Some(TokenTree::Punct(next)) if next.as_char() == ';')
            }
            _ => false,
        };
        current.push(token);
        if ends {
            items.push(current.drain(..).collect());
        }
    }
    if !current.is_empty() {
        items.push(current.into_iter().collect());
    }
    items
}

/// The gate of one `pub use` and the names it re-exports.
type Reexport = (Option<TokenStream>, Vec<proc_macro2::Ident>);

/// `pub use self::<module>::{..}` of a types module: the always-compiled names together, then
/// one `pub use` per set of features, gated by it.
pub fn reexports(model: &Model, module: &str, schemas: &[&Schema]) -> TokenStream {
    let module = ident(module);
    let mut groups: BTreeMap<Option<&BTreeSet<String>>, Reexport> = BTreeMap::new();
    for schema in schemas {
        let features = model.families.schema_gates.get(&schema.name);
        let group = groups.entry(features).or_insert_with(|| (schema_gate(model, schema), Vec::new()));
        group.1.push(ident(&schema.name));
    }
    let uses = groups.values().map(|(gate, names)| quote!(#gate pub use self::#module::{#(#names),*};));
    quote!(#(#uses)*)
}

/// The families' lines of `[features]`: each documented, all in `default`.
pub fn cargo_features(model: &Model) -> (String, String) {
    let mut defaults = String::new();
    let mut table = String::new();
    for family in &model.families.families {
        defaults.push_str(&format!(", \"{}\"", family.feature));
        let summary = family.docs.as_deref().and_then(|docs| docs.lines().next()).unwrap_or("");
        let summary = if summary.is_empty() { format!("The `{}` resources.", family.feature) } else { summary.to_owned() };
        let plural = if family.operations == 1 { "" } else { "s" };
        table.push_str(&format!(
            "# `client.{}()` ({} operation{plural}): {summary}\n{} = []\n",
            family.module_path.join("()."),
            family.operations,
            family.feature
        ));
    }
    (defaults, table)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::split_items;

    #[test]
    fn items_split_at_their_ends_with_their_attributes() {
        let items = split_items(quote! {
            /// Docs.
            #[derive(Debug)]
            pub struct A { a: u8 }
            pub struct B(u8);
            impl A { fn f() {} }
            const C: A = A { a: 1 };
            pub use self::a::{A, B};
        });
        let items: Vec<String> = items.iter().map(ToString::to_string).collect();
        assert_eq!(
            items,
            [
                "# [doc = r\" Docs.\"] # [derive (Debug)] pub struct A { a : u8 }",
                "pub struct B (u8) ;",
                "impl A { fn f () { } }",
                "const C : A = A { a : 1 } ;",
                "pub use self :: a :: { A , B } ;",
            ]
        );
    }
}
