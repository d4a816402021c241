//! The `encoding` map of a `multipart/form-data` body: how each object-valued property is
//! written into the form. OpenAPI 3.1 (§4.8.15, Encoding Object) applies `style` and
//! `explode` only when the document sets one of them; otherwise an object is one part whose
//! content type defaults to `application/json`, which is what the runtime's plain
//! `Form::field` does. Only the departures from that default are recorded on the type.

use crate::error::Error;
use crate::ir::{struct_of, PartEncoding, TypeDef, TypeRef};
use crate::openapi::{Encoding, MediaType};

/// The encoding one Encoding Object asks for.
fn part_encoding(e: &Encoding) -> Result<PartEncoding, Error> {
    if e.style.is_none() && e.explode.is_none() {
        return Ok(PartEncoding::Json);
    }
    // As for query parameters, `style` defaults to `form`, whose `explode` defaults to true.
    match e.style.as_deref().unwrap_or("form") {
        "form" if e.explode.unwrap_or(true) => Ok(PartEncoding::FormExploded),
        "form" => Ok(PartEncoding::Form),
        "deepObject" => Ok(PartEncoding::DeepObject),
        other => Err(Error::at(
            format!("{}/style", e.ptr),
            format!("style `{other}` is not supported in a multipart body (use `form` or `deepObject`)"),
        )),
    }
}

/// Record on the body's struct how its fields are encoded. A property the struct does not
/// have is a warning: OpenAPI says it must exist, and nothing would use its encoding.
pub(crate) fn apply(
    types: &mut [TypeDef],
    media: &MediaType,
    body: &TypeRef,
    warnings: &mut Vec<Error>,
) -> Result<(), Error> {
    if media.encoding.is_empty() {
        return Ok(());
    }
    let Some((id, s)) = struct_of(types, body) else {
        // A body that is a union (`allOf` of a `oneOf` and an object, PeerTube's import) has its
        // properties in its variants: an encoding that changes nothing (a part's content type)
        // is fine; a style has no one struct to go on, and is ignored with a warning.
        for e in media.encoding.values() {
            if part_encoding(e)? != PartEncoding::Json {
                warnings.push(Error::at(
                    e.ptr.clone(),
                    "the multipart body is not one object with properties; this encoding's style is ignored",
                ));
            }
        }
        return Ok(());
    };
    let mut found = Vec::new();
    for (property, e) in &media.encoding {
        let encoding = part_encoding(e)?;
        if !s.fields.iter().any(|f| f.wire == *property) {
            warnings.push(Error::at(
                e.ptr.clone(),
                format!("the multipart body has no property `{property}`; its encoding is ignored"),
            ));
            continue;
        }
        if encoding != PartEncoding::Json {
            found.push((property.clone(), encoding));
        }
    }
    let def = &mut types[id.0];
    for (property, encoding) in found {
        match def.part_encodings.iter().find(|(p, _)| *p == property) {
            Some((_, earlier)) if *earlier != encoding => {
                let ptr = &media.encoding[property.as_str()].ptr;
                return Err(Error::at(
                    ptr.clone(),
                    format!(
                        "`{}` is sent by another operation with another encoding of `{property}`; one type \
                         has one encoding",
                        def.name
                    ),
                ));
            }
            Some(_) => {}
            None => def.part_encodings.push((property, encoding)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(style: Option<&str>, explode: Option<bool>) -> Encoding {
        Encoding { ptr: "/e".into(), content_type: None, style: style.map(str::to_owned), explode }
    }

    #[test]
    fn style_applies_only_when_given() {
        assert_eq!(part_encoding(&enc(None, None)).unwrap(), PartEncoding::Json);
        assert_eq!(part_encoding(&enc(Some("deepObject"), Some(true))).unwrap(), PartEncoding::DeepObject);
        assert_eq!(part_encoding(&enc(Some("form"), None)).unwrap(), PartEncoding::FormExploded);
        assert_eq!(part_encoding(&enc(None, Some(false))).unwrap(), PartEncoding::Form);
        let e = part_encoding(&enc(Some("pipeDelimited"), None)).unwrap_err();
        assert_eq!(e.pointer(), Some("/e/style"));
    }
}
