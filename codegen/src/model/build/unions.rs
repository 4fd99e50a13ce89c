//! The two unions beside the key-tagged one: tagged by a property (`discriminator`), and
//! untagged (`untagged`, tried in order).

use indexmap::IndexMap;

use super::{child, At, Builder, Kind, Type, UnionVariant};
use crate::naming;
use crate::spec::raw;

impl Builder<'_> {
    /// `union` with `discriminator: <property>`: each key is a value of the property and each
    /// variant an object schema that does not declare the property itself.
    pub(super) fn tagged(
        &mut self,
        place: &At,
        property: &str,
        variants: &IndexMap<String, raw::Type>,
    ) -> Vec<UnionVariant> {
        let mut result = self.union(place, variants);
        result.retain(|variant| {
            let name = variants.get(&variant.key).and_then(|raw| raw.reference.as_deref());
            self.tagged_variant_fits(place, property, variant, name)
        });
        for variant in &mut result {
            if variant.constructor.as_deref() == Some("tag") {
                variant.constructor = None;
            }
        }
        result
    }

    fn tagged_variant_fits(&mut self, place: &At, property: &str, variant: &UnionVariant, name: Option<&str>) -> bool {
        let variant_at = child(place, &["union", &variant.key]);
        let Type::Named(id) = variant.ty else {
            let message = "a variant of a union with a `discriminator` must be a `ref` to an object schema";
            self.error(&variant_at, message, None);
            return false;
        };
        if self.schema_kinds.get(&id) != Some(&Kind::Object) {
            let message = "a variant of a union with a `discriminator` must be a `ref` to an object schema";
            self.error(&child(&variant_at, &["ref"]), message, Some("a `fields` schema".into()));
            return false;
        }
        let declares = name.and_then(|name| self.raw_fields(name)).is_some_and(|fields| fields.contains_key(property));
        if declares {
            let name = name.unwrap_or_default();
            let message = format!("schema `{name}` declares `{property}`, the union's discriminator");
            let hint = format!("remove `{property}` from `{name}`: the union writes and reads it");
            self.error(&child(&variant_at, &["ref"]), message, Some(hint));
            return false;
        }
        true
    }

    /// The path back to the untagged union at `place` from its variant `target`, when every
    /// step is a variant of an untagged union: the same JSON value would be tried forever.
    fn untagged_loop(&self, place: &At, target: &str) -> Option<String> {
        let home = place.1.last()?;
        let mut path = vec![target.to_owned()];
        let mut stack = vec![(target.to_owned(), 0usize)];
        let mut seen = std::collections::BTreeSet::new();
        while let Some((name, depth)) = stack.pop() {
            path.truncate(depth);
            path.push(name.clone());
            if name == *home {
                // One report per loop: at the union of the loop whose name sorts first.
                let first = path.iter().min().is_some_and(|first| first == home);
                return first.then(|| path.join(" -> "));
            }
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(variants) = self.raw_schema(&name).and_then(|schema| schema.untagged.as_ref()) else { continue };
            for next in variants.values().filter_map(|raw| raw.reference.as_deref()) {
                stack.push((next.to_owned(), depth + 1));
            }
        }
        None
    }

    /// Whether an untagged kind of type `earlier` takes every value a later kind of type
    /// `later` would: `json` takes anything, `number` every integer, `string` every value of
    /// a string enum.
    fn takes_first(&self, earlier: &Type, later: &Type, later_ref: Option<&str>) -> bool {
        let string_enum = || {
            let values =
                later_ref.and_then(|name| self.raw_schema(name)).and_then(|schema| schema.enum_values.as_ref());
            values.is_some_and(|values| values.iter().all(|value| matches!(value, raw::EnumLiteral::String(_))))
        };
        match (earlier, later) {
            (Type::Json, _) => true,
            (Type::Number, Type::Integer | Type::Int32) => true,
            (Type::String, Type::Named(_)) => string_enum(),
            _ => false,
        }
    }

    fn raw_schema(&self, name: &str) -> Option<&raw::Schema> {
        let (_, (file, _)) = self.schema_ids.get(name)?;
        self.files.get(*file)?.file.schemas.get(name)
    }

    /// The raw `fields` of the schema `name`, as written.
    fn raw_fields(&self, name: &str) -> Option<&IndexMap<String, raw::Type>> {
        self.raw_schema(name)?.fields.as_ref()
    }

    /// `untagged`: each key is the variant's Rust name, each value its type.
    pub(super) fn untagged(&mut self, place: &At, variants: &IndexMap<String, raw::Type>) -> Vec<UnionVariant> {
        if variants.is_empty() {
            self.error(&child(place, &["untagged"]), "a union needs at least one variant", None);
        }
        let mut result = Vec::new();
        for (name, raw) in variants {
            let variant_at = child(place, &["untagged", name]);
            if !naming::is_camel(name) || naming::is_keyword(name) {
                let hint = Some(format!("untagged variants are named in UpperCamelCase: `{}`", naming::camel(name)));
                self.error(&variant_at, format!("`{name}` is not an UpperCamelCase Rust name"), hint);
                continue;
            }
            if naming::enum_variant(name) != *name {
                let message = format!("`{name}` is reserved: the generated union uses it itself");
                self.error(&variant_at, message, Some(format!("use `{name}Value`")));
                continue;
            }
            self.reject_field_keys(&variant_at, raw);
            if let Some(through) = raw.reference.as_deref().and_then(|target| self.untagged_loop(place, target)) {
                let message = format!("this variant leads back to the union through untagged unions only ({through})");
                let hint =
                    "its decoder would try itself forever: remove the variant, or tag one of the unions".to_owned();
                self.error(&child(&variant_at, &["ref"]), message, Some(hint));
                continue;
            }
            if let Some(ty) = self.ty(&variant_at, raw) {
                let later = raw.reference.as_deref();
                if let Some(earlier) =
                    result.iter().find(|earlier: &&UnionVariant| self.takes_first(&earlier.ty, &ty, later))
                {
                    let message = format!(
                        "`{name}` is never tried: every value it fits, `{}` before it fits too",
                        earlier.variant
                    );
                    let hint = format!("list `{name}` before `{}`", earlier.variant);
                    self.error(&variant_at, message, Some(hint));
                    continue;
                }
                let ty = self.boxed_if_cyclic(&variant_at, ty);
                let variant = UnionVariant {
                    variant: name.clone(),
                    key: name.clone(),
                    ty,
                    docs: raw.docs.clone(),
                    constructor: None,
                };
                result.push(variant);
            }
        }
        result
    }
}
