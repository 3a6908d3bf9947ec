//! A context struct into Tera's context, field by field.
//!
//! `tera::Context::from_serialize` turns the whole struct into one template value (a hash map)
//! and then copies each key into the context; [`to_context`] inserts each field directly under
//! its name, a `&'static str` that is not copied. Every week of a printed plan renders with its
//! own context: for a 52-week plan the difference was 1.3 % of the instructions (callgrind).
//! Each field's value is still made by Tera's own serializer, so shared values (`tera::Value`s
//! inside a view) stay shared.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};
use tera::{Context, Value};

/// Why a value could not become a template context (only structs can).
#[derive(Debug)]
pub struct ContextError(String);

impl fmt::Display for ContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ContextError {}

impl ser::Error for ContextError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ContextError(msg.to_string())
    }
}

/// `ctx`, a struct, as a template context: each field a variable.
pub fn to_context(ctx: &impl Serialize) -> Result<Context, ContextError> {
    ctx.serialize(ContextSerializer)
}

/// Serialises a struct into a [`Context`]; anything else is an error.
struct ContextSerializer;

/// Fills a [`Context`] with a struct's fields.
struct Fields(Context);

impl ser::SerializeStruct for Fields {
    type Ok = Context;
    type Error = ContextError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ContextError> {
        let value = Value::try_from_serializable(value).map_err(ser::Error::custom)?;
        self.0.insert_value(key, value);
        Ok(())
    }

    fn end(self) -> Result<Context, ContextError> {
        Ok(self.0)
    }
}

/// The error for a value that is not a struct.
fn not_a_struct<T>(what: &str) -> Result<T, ContextError> {
    Err(ContextError(format!(
        "a template context must be a struct, not {what}"
    )))
}

/// Rejects every serde data type but structs (macro: one method per scalar type).
macro_rules! reject {
    ($($method:ident($ty:ty) => $what:literal;)*) => {
        $(fn $method(self, _v: $ty) -> Result<Context, ContextError> {
            not_a_struct($what)
        })*
    };
}

impl ser::Serializer for ContextSerializer {
    type Ok = Context;
    type Error = ContextError;
    type SerializeSeq = Impossible<Context, ContextError>;
    type SerializeTuple = Impossible<Context, ContextError>;
    type SerializeTupleStruct = Impossible<Context, ContextError>;
    type SerializeTupleVariant = Impossible<Context, ContextError>;
    type SerializeMap = Impossible<Context, ContextError>;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Impossible<Context, ContextError>;

    reject! {
        serialize_bool(bool) => "a boolean";
        serialize_i8(i8) => "a number";
        serialize_i16(i16) => "a number";
        serialize_i32(i32) => "a number";
        serialize_i64(i64) => "a number";
        serialize_u8(u8) => "a number";
        serialize_u16(u16) => "a number";
        serialize_u32(u32) => "a number";
        serialize_u64(u64) => "a number";
        serialize_f32(f32) => "a number";
        serialize_f64(f64) => "a number";
        serialize_char(char) => "a character";
        serialize_str(&str) => "a string";
        serialize_bytes(&[u8]) => "bytes";
        serialize_unit_struct(&'static str) => "a unit struct";
    }

    fn serialize_none(self) -> Result<Context, ContextError> {
        not_a_struct("none")
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Context, ContextError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Context, ContextError> {
        not_a_struct("nothing")
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
    ) -> Result<Context, ContextError> {
        not_a_struct("an enum")
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Context, ContextError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Context, ContextError> {
        not_a_struct("an enum")
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, ContextError> {
        not_a_struct("a list")
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, ContextError> {
        not_a_struct("a tuple")
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, ContextError> {
        not_a_struct("a tuple")
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, ContextError> {
        not_a_struct("an enum")
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, ContextError> {
        not_a_struct("a map")
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, ContextError> {
        Ok(Fields(Context::new()))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, ContextError> {
        not_a_struct("an enum")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Ctx<'a> {
        title: &'a str,
        count: u32,
        shared: Value,
    }

    #[test]
    fn fields_become_variables_and_shared_values_stay_shared() {
        let shared = Value::from(vec![Value::from("a"), Value::from("b")]);
        let ctx = Ctx {
            title: "Sleep",
            count: 3,
            shared: shared.clone(),
        };
        let Ok(c) = to_context(&ctx) else {
            panic!("a struct is a context");
        };
        assert_eq!(c.get("title"), Some(&Value::from("Sleep")));
        assert_eq!(c.get("count"), Some(&Value::from(3u32)));
        assert_eq!(c.get("shared"), Some(&shared));
        assert!(to_context(&vec![1, 2]).is_err());
        assert!(to_context(&"text").is_err());
    }
}
