//! Serde helpers the generated types call by path (`crate::runtime::codec::...`).

use serde::de::{DeserializeOwned, Error as _};

/// Reads a JSON object with exactly one key: the wire shape of a key-tagged union.
///
/// The caller matches on the key and decodes the value with [`from_value`], keeping an
/// unknown key as data instead of failing.
pub(crate) fn single_key<'de, D>(deserializer: D) -> Result<(String, serde_json::Value), D::Error>
where
    D: serde::Deserializer<'de>,
{
    deserializer.deserialize_map(SingleKey)
}

struct SingleKey;

impl<'de> serde::de::Visitor<'de> for SingleKey {
    type Value = (String, serde_json::Value);

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object with exactly one key")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? else {
            return Err(A::Error::invalid_length(0, &self));
        };
        if let Some(other) = map.next_key::<String>()? {
            return Err(A::Error::custom(format_args!(
                "expected an object with exactly one key, found `{key}` and `{other}`"
            )));
        }
        Ok((key, value))
    }
}

/// Decodes a value taken out of a union, reporting failure through the outer deserializer.
pub(crate) fn from_value<T, E>(value: serde_json::Value) -> Result<T, E>
where
    T: DeserializeOwned,
    E: serde::de::Error,
{
    T::deserialize(value).map_err(E::custom)
}

/// Reads the envelope's `errors[]` or `messages[]` leniently: an item of an unexpected
/// shape (a code given as `"E1001"`, say) keeps what can be read of it, and a list that is
/// not a list is empty. An odd item must never hide the API's error behind a decode error.
pub(crate) fn lenient_items<'de, D>(deserializer: D) -> Result<Vec<crate::envelope::ErrorItem>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::Deserialize as _;
    let serde_json::Value::Array(items) = serde_json::Value::deserialize(deserializer)? else {
        return Ok(Vec::new());
    };
    Ok(items.iter().filter_map(lenient_item).collect())
}

/// One item, read as the type says; else with `code` and `message` made readable (a
/// numeric string is a code, a message of another type is its JSON text); else with only
/// those two kept. Only the two fields the spec's envelope contract guarantees are named.
fn lenient_item(item: &serde_json::Value) -> Option<crate::envelope::ErrorItem> {
    use serde::Deserialize as _;
    use serde_json::Value;
    let read = |value: &Value| crate::envelope::ErrorItem::deserialize(value).ok();
    if let Some(item) = read(item) {
        return Some(item);
    }
    let mut fields = match item {
        Value::Object(fields) => fields.clone(),
        // A bare string or number is the message itself.
        other => serde_json::Map::from_iter([("message".to_owned(), other.clone())]),
    };
    let code = match fields.remove("code") {
        Some(Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let message = match fields.remove("message") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text),
        Some(other) => Some(other.to_string()),
    };
    let known = [("code", code.map(Value::from)), ("message", message.map(Value::from))];
    let known = known.into_iter().filter_map(|(key, value)| Some((key.to_owned(), value?)));
    let with_rest: serde_json::Map<String, Value> = fields.into_iter().chain(known.clone()).collect();
    read(&Value::Object(with_rest)).or_else(|| read(&Value::Object(known.collect())))
}

/// `Option<Option<T>>` for an optional, nullable request field.
///
/// `None` leaves the field out (with `skip_serializing_if = "Option::is_none"`),
/// `Some(None)` sends an explicit `null`, and `Some(Some(v))` sends `v`. Reading, a present
/// `null` is `Some(None)` (with `#[serde(default)]` an absent field is `None`).
pub(crate) mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<T, S>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: Serialize,
        S: Serializer,
    {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
    where
        T: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

/// A response object the generated code reads field by field (see [`object`]).
///
/// Each response type implements it in a few lines (its keys and one `match`); the reading
/// itself is written once, here, rather than derived for every type.
pub(crate) trait Object: Default {
    /// The type's name, for messages: "expected struct {NAME}".
    const NAME: &'static str;
    /// The index of the field `key` names, if any.
    fn index(key: &str) -> Option<usize>;

    /// Reads the value of field `index` from `map`.
    fn read<'de, A: serde::de::MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
}

/// Reads a response object: only from a JSON object (serde's derive would also read it from
/// an array, which the API never sends, and compile that reader for every type). A missing
/// field stays `None`, an unknown key is skipped, and a repeated key keeps its last value.
pub(crate) fn object<'de, T: Object, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Object> serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut object = T::default();
        while let Some(index) = map.next_key_seed(Key::<T>(std::marker::PhantomData))? {
            match index {
                Some(index) => object.read(index, &mut map)?,
                None => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(object)
    }
}

/// An object's key: the index of the field it names, or `None`.
struct Key<T>(std::marker::PhantomData<T>);

impl<'de, T: Object> serde::de::DeserializeSeed<'de> for Key<T> {
    type Value = Option<usize>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<T: Object> serde::de::Visitor<'_> for Key<T> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(T::index(key))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{object, Object};

    #[derive(Debug, Default, PartialEq)]
    struct Pair {
        a: Option<u32>,
        b: Option<String>,
    }

    impl Object for Pair {
        const NAME: &'static str = "Pair";
        fn index(key: &str) -> Option<usize> {
            match key {
                "a" => Some(0),
                "b-key" => Some(1),
                _ => None,
            }
        }

        fn read<'de, A: serde::de::MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
            match index {
                0 => self.a = map.next_value()?,
                _ => self.b = map.next_value()?,
            }
            Ok(())
        }
    }

    impl<'de> serde::Deserialize<'de> for Pair {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    #[test]
    fn objects_are_read_by_key_skipping_unknown_ones() {
        let pair: Pair = serde_json::from_str(r#"{"z": [1, {"x": 2}], "b-key": "x", "a": 7, "\u0061": 8}"#).unwrap();
        assert_eq!(pair, Pair { a: Some(8), b: Some("x".to_owned()) });
        assert_eq!(serde_json::from_str::<Pair>("{}").unwrap(), Pair::default());
        assert_eq!(serde_json::from_str::<Pair>(r#"{"a": null}"#).unwrap(), Pair::default());
    }

    #[test]
    fn an_object_is_not_read_from_an_array() {
        let err = serde_json::from_str::<Pair>(r#"[7, "x"]"#).unwrap_err().to_string();
        assert!(err.contains("expected struct Pair"), "{err}");
        let err = serde_json::from_str::<Pair>(r#"{"a": "seven"}"#).unwrap_err().to_string();
        assert!(err.contains("expected u32"), "{err}");
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Body {
        #[serde(default, skip_serializing_if = "Option::is_none", with = "super::double_option")]
        seat: Option<Option<String>>,
    }

    #[derive(Debug, PartialEq)]
    struct Union(String, serde_json::Value);

    impl<'de> serde::Deserialize<'de> for Union {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let (key, value) = super::single_key(d)?;
            Ok(Self(key, value))
        }
    }

    #[test]
    fn single_key_reads_one_key() {
        let union: Union = serde_json::from_value(json!({"email": {"email": "a@b.c"}})).unwrap();
        assert_eq!(union, Union("email".into(), json!({"email": "a@b.c"})));
    }

    #[test]
    fn single_key_rejects_zero_and_two_keys() {
        let empty = serde_json::from_value::<Union>(json!({})).unwrap_err();
        assert!(empty.to_string().contains("exactly one key"), "{empty}");
        let two = serde_json::from_str::<Union>(r#"{"a": 1, "b": 2}"#).unwrap_err();
        assert!(two.to_string().contains("found `a` and `b`"), "{two}");
        assert!(serde_json::from_str::<Union>("[1]").is_err());
    }

    #[test]
    fn from_value_reports_through_the_outer_error() {
        let err = super::from_value::<u8, serde_json::Error>(json!("x")).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }

    #[test]
    fn double_option_round_trips_all_three_states() {
        for (body, wire) in [
            (Body { seat: None }, json!({})),
            (Body { seat: Some(None) }, json!({"seat": null})),
            (Body { seat: Some(Some("s".into())) }, json!({"seat": "s"})),
        ] {
            assert_eq!(serde_json::to_value(&body).unwrap(), wire);
            assert_eq!(serde_json::from_value::<Body>(wire).unwrap(), body);
        }
    }
}
