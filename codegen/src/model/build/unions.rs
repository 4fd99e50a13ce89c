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

    /// The raw `fields` of the schema `name`, as written.
    fn raw_fields(&self, name: &str) -> Option<&IndexMap<String, raw::Type>> {
        let (_, (file, _)) = self.schema_ids.get(name)?;
        self.files.get(*file)?.file.schemas.get(name)?.fields.as_ref()
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
            if let Some(ty) = self.ty(&variant_at, raw) {
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
