//! Constructs today's spec format cannot carry, each lowered in exactly one function.
//!
//! Each function returns what is written instead and the report line saying so
//! ("lowered: <construct>: <what was done>"). When the format learns a construct, its
//! function here is the one place to change: return the real construct and drop the note.

use super::out::Type;

/// A lowering: the type written instead, and the report's note.
pub struct Lowered {
    pub written: Type,
    pub note: String,
}

fn lowered(written: Type, construct: &str, done: &str) -> Lowered {
    Lowered { written, note: format!("{construct}: {done}") }
}

/// `anyOf` beside the schema's own `properties` (a mixin) where a variant is not an object,
/// so the properties cannot be copied into it: any JSON.
pub fn union_beside_properties() -> Lowered {
    lowered(Type::scalar("json"), "union beside properties", "written as `type: json`")
}

/// `allOf` with a member that is not an object (a union, a scalar): any JSON.
pub fn all_of_non_object() -> Lowered {
    lowered(Type::scalar("json"), "allOf with a non-object member", "written as `type: json`")
}

/// An enum of numbers with a fraction (the format's enums hold integers): the number,
/// values documented.
pub fn number_enum(values: &[String]) -> Lowered {
    let mut written = Type::scalar("number");
    written.docs = Some(format!("One of {}.", values.join(", ")));
    lowered(written, "number enum", "written as `type: number`; the values are documented")
}

/// An enum with values that are neither strings, integers nor booleans (objects): any JSON.
pub fn mixed_enum(values: &[String]) -> Lowered {
    lowered(Type::scalar("json"), "mixed enum", &format!("[{}] written as `type: json`", values.join(", ")))
}

/// Enum values with the same text (`"1"` and `1`), which `rust_names` cannot tell apart: any
/// JSON, values documented.
pub fn enum_value_names(values: &[String]) -> Lowered {
    let mut written = Type::scalar("json");
    written.docs = Some(format!("One of {}.", values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")));
    lowered(written, "enum value names", "values alike as text: written as `type: json`, values documented")
}

/// Fixed fields beside `additionalProperties` where a field is itself called `extra` (the
/// name the map's field takes): the fields; extra entries are not kept.
pub fn fields_beside_map(name: &str) -> Lowered {
    lowered(
        Type::named(name),
        "fields beside an extra map",
        &format!("{name} has its fields only; extra keys are ignored in responses and cannot be sent"),
    )
}

/// `nullable` values of a map beside fields (`extra`), which the format cannot mark: the
/// flag is dropped (a null is left out of the map in responses and cannot be sent).
pub fn nullable_extra(name: &str) -> String {
    format!("nullable extra values: {name}'s other keys written without `nullable`")
}

/// A query parameter that is an array or object: left to `.query()` at call time.
pub fn structured_query_param(name: &str) -> String {
    format!("array query parameter: `{name}` left out; send it with `.query()` on the call")
}

/// A header parameter: left to `.header()` at call time.
pub fn header_param(name: &str) -> String {
    format!("header parameter: `{name}` left out; send it with `.header()` on the call")
}

/// A path parameter that is not a scalar or string enum: a string.
pub fn structured_path_param(name: &str) -> String {
    format!("path parameter: `{name}` written as `type: string`")
}

/// A path parameter in the template that the operation does not declare: a string.
pub fn undeclared_path_param(name: &str) -> String {
    format!("undeclared path parameter: `{name}` written as `type: string`")
}

/// A success status whose result differs from the first one's where the format cannot
/// carry a result per status (without the envelope, or beside a paginated list).
pub fn other_status(status: u16) -> String {
    format!("result per status: the {status} answer is read as the first success status's result")
}
