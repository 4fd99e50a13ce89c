//! Request twins: a schema reachable from both requests and responses is emitted twice.
//!
//! Responses need it lenient (every field optional, unknown kinds kept); requests need it
//! strict (a required field is a plain value, no `Unknown`), so a request the API would refuse
//! does not compile. Like the official SDKs' `AccessRuleParam`, requests get a twin named
//! `<Name>Param` and every request position refers to it; responses keep the original.

use std::collections::BTreeMap;

use super::{Builder, Model, Resource, SchemaId, SchemaKind, Type};

/// The suffix of a request twin's name.
pub const TWIN_SUFFIX: &str = "Param";

impl Builder<'_> {
    /// Adds the twins to `model` and points every request position at them.
    ///
    /// Reports a schema whose name a twin needs; returns `false` when there is one.
    pub(super) fn add_request_twins(&mut self, model: &mut Model) -> bool {
        let shared: Vec<SchemaId> = (0..model.schemas.len())
            .map(SchemaId)
            .filter(|id| {
                let schema = model.schema(*id);
                schema.in_request && schema.in_response && !matches!(schema.kind, SchemaKind::Enum(_))
            })
            .collect();
        let mut twins = BTreeMap::new();
        for id in &shared {
            let name = format!("{}{TWIN_SUFFIX}", model.schema(*id).name);
            if let Some((_, place)) = self.schema_ids.get(&name) {
                let place = place.clone();
                let original = &model.schema(*id).name;
                let message = format!(
                    "schema name `{name}` is taken by the request twin of `{original}`, \
                     which is used in both requests and responses"
                );
                self.error(&place, message, Some(format!("rename `{name}`")));
                continue;
            }
            twins.insert(*id, SchemaId(model.schemas.len() + twins.len()));
        }
        if twins.len() != shared.len() {
            return false;
        }
        for (original, twin) in &twins {
            let source = model.schema(*original);
            let mut kind = source.kind.clone();
            retarget_kind(&mut kind, &twins);
            let mut extra = source.extra.clone();
            if let Some(extra) = &mut extra {
                retarget(extra, &twins);
            }
            let schema = super::Schema {
                name: format!("{}{TWIN_SUFFIX}", source.name),
                module: source.module.clone(),
                docs: source.docs.clone(),
                deprecated: source.deprecated,
                kind,
                in_response: false,
                in_request: true,
                twin_of: Some(*original),
                extra,
            };
            debug_assert_eq!(twin.0, model.schemas.len());
            model.schemas.push(schema);
        }
        for schema in &mut model.schemas {
            if schema.in_request && !schema.in_response && schema.twin_of.is_none() {
                retarget_kind(&mut schema.kind, &twins);
                if let Some(extra) = &mut schema.extra {
                    retarget(extra, &twins);
                }
            }
        }
        for original in twins.keys() {
            model.schemas[original.0].in_request = false;
        }
        retarget_operations(&mut model.root, &twins);
        true
    }
}

fn retarget_operations(resource: &mut Resource, twins: &BTreeMap<SchemaId, SchemaId>) {
    for operation in &mut resource.operations {
        if let Some(body) = &mut operation.body {
            retarget(body, twins);
        }
        for param in operation.path_params.iter_mut().chain(&mut operation.query) {
            retarget(&mut param.ty, twins);
        }
    }
    for child in &mut resource.children {
        retarget_operations(child, twins);
    }
}

fn retarget_kind(kind: &mut SchemaKind, twins: &BTreeMap<SchemaId, SchemaId>) {
    match kind {
        SchemaKind::Object(fields) => fields.iter_mut().for_each(|field| retarget(&mut field.ty, twins)),
        SchemaKind::Enum(_) => {}
        kind => kind.variants_mut().iter_mut().for_each(|variant| retarget(&mut variant.ty, twins)),
    }
}

/// Points a request-side type at the twins of the shared schemas it names.
fn retarget(ty: &mut Type, twins: &BTreeMap<SchemaId, SchemaId>) {
    match ty {
        Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) | Type::Boxed(inner) => retarget(inner, twins),
        Type::Named(id) => {
            if let Some(twin) = twins.get(id) {
                *id = *twin;
            }
        }
        _ => {}
    }
}
