//! The body of an error answer, typed: as any JSON type ([`ApiError::body_as`]), or as the
//! enum a generated crate writes for operations whose error statuses have different schemas
//! ([`ApiError::typed_body`]). Nothing is decoded until asked: the error keeps the raw bytes.

use super::{decode_body, ApiError, DecodeError, Error};
use serde::de::DeserializeOwned;

/// The error bodies one or more operations document, one variant per status (or range, or
/// `default`) with a JSON schema. Generated crates implement it; read one with
/// [`Error::typed_body`].
pub trait ErrorBody: Sized {
    /// The operations documenting these bodies, as [`ApiError::operation`] names them: an
    /// error of any other operation has none of them.
    const OPERATIONS: &'static [&'static str];

    /// The body of `error` as the variant its status selects; `None` when the document gives
    /// no schema for that status.
    fn decode(error: &ApiError) -> Option<Result<Self, DecodeError>>;
}

impl ApiError {
    /// The body decoded as `T` (the schema the operation documents for this status). A body
    /// that is not a `T` (a proxy's HTML page, or one cut at 64 KiB) is a [`DecodeError`]
    /// naming the operation, the status and the JSON path at fault; [`ApiError::body`] still
    /// holds it as received.
    pub fn body_as<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        decode_body(&self.body, self.operation, self.status, self.request_id.as_deref())
    }

    /// The body as the variant of `B` its status selects (`B` is a generated enum, such as
    /// `GetPetError`); `None` when `B` is not of this operation or has no schema for this
    /// status.
    pub fn typed_body<B: ErrorBody>(&self) -> Option<Result<B, DecodeError>> {
        if !B::OPERATIONS.contains(&self.operation) {
            return None;
        }
        B::decode(self)
    }
}

impl Error {
    /// The body of an API error decoded as `T` (see [`ApiError::body_as`]); `None` when the
    /// server did not answer with an error status.
    pub fn body_as<T: DeserializeOwned>(&self) -> Option<Result<T, DecodeError>> {
        Some(self.as_api()?.body_as())
    }

    /// The body of an API error as the variant of `B` its status selects (see
    /// [`ApiError::typed_body`]); `None` when the server did not answer with an error status,
    /// or with one `B` has no schema for.
    pub fn typed_body<B: ErrorBody>(&self) -> Option<Result<B, DecodeError>> {
        self.as_api()?.typed_body()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use reqwest::header::HeaderMap;
    use reqwest::StatusCode;

    #[derive(Debug, PartialEq, runtime::Wire)]
    struct NotFound {
        resource: String,
    }

    #[derive(Debug, PartialEq, runtime::Wire)]
    struct Failure {
        code: i32,
        message: String,
    }

    /// What a crate generates for `getPet`: 404 → `NotFound`, `5XX` → `Failure`.
    #[derive(Debug, PartialEq)]
    enum GetPetError {
        NotFound(NotFound),
        ServerError(Failure),
    }

    impl ErrorBody for GetPetError {
        const OPERATIONS: &'static [&'static str] = &["getPet"];
        fn decode(error: &ApiError) -> Option<Result<Self, DecodeError>> {
            match error.status.as_u16() {
                404 => Some(error.body_as().map(Self::NotFound)),
                500..=599 => Some(error.body_as().map(Self::ServerError)),
                _ => None,
            }
        }
    }

    fn api_error(operation: &'static str, status: u16, body: &'static str) -> Error {
        let status = StatusCode::from_u16(status).unwrap();
        Error::Api(Box::new(ApiError::new(operation, status, HeaderMap::new(), Bytes::from(body), false)))
    }

    #[test]
    fn a_documented_status_decodes_as_its_variant_and_keeps_the_raw_body() {
        let err = api_error("getPet", 404, r#"{"resource":"pet 7"}"#);
        let body = err.typed_body::<GetPetError>().unwrap().unwrap();
        assert_eq!(body, GetPetError::NotFound(NotFound { resource: "pet 7".into() }));
        let err = api_error("getPet", 503, r#"{"code":7,"message":"down"}"#);
        let body = err.typed_body::<GetPetError>().unwrap().unwrap();
        assert_eq!(body, GetPetError::ServerError(Failure { code: 7, message: "down".into() }));
        assert_eq!(err.as_api().unwrap().body_text(), r#"{"code":7,"message":"down"}"#);
    }

    #[test]
    fn an_undocumented_status_or_another_operation_has_no_typed_body() {
        assert!(api_error("getPet", 400, r#"{"resource":"x"}"#).typed_body::<GetPetError>().is_none());
        assert!(api_error("listPets", 404, r#"{"resource":"x"}"#).typed_body::<GetPetError>().is_none());
        let timeout = Error::Timeout { operation: "getPet", after: std::time::Duration::from_secs(1) };
        assert!(timeout.typed_body::<GetPetError>().is_none());
        assert!(timeout.body_as::<Failure>().is_none());
    }

    #[test]
    fn a_body_that_does_not_fit_is_an_error_naming_operation_status_and_path() {
        let err = api_error("getPet", 502, "<html>Bad gateway</html>");
        let e = err.typed_body::<GetPetError>().unwrap().unwrap_err();
        assert_eq!((e.operation, e.status.as_u16()), ("getPet", 502));
        let text = e.to_string();
        assert!(text.contains("502 Bad Gateway") && text.contains("`getPet`"), "{text}");
        assert!(text.contains("<html>Bad gateway</html>"), "{text}");
        let e = api_error("getPet", 500, r#"{"code":"seven","message":"down"}"#).body_as::<Failure>().unwrap();
        assert_eq!(e.unwrap_err().path, "code");
    }

    #[test]
    fn any_json_type_reads_any_error_body() {
        let err = api_error("listPets", 418, r#"{"code":1,"message":"teapot"}"#);
        assert_eq!(err.body_as::<Failure>().unwrap().unwrap(), Failure { code: 1, message: "teapot".into() });
        assert_eq!(err.body_as::<serde_json::Value>().unwrap().unwrap()["code"], 1);
    }
}
