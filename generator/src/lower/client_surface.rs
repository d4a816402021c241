//! The client a crate offers its users, decided once for the emitter: the crate's name, the
//! base URL, the security schemes in the order `api_key()` and `Client::new` reach them, the
//! environment variables `Client::from_env` reads, and the methods that set the environment's
//! headers (unless an operation took the name). Emit reads [`ClientSurface`]; it decides none
//! of this.

use crate::error::Error;
use crate::ir::{Api, ClientSurface, EnvOptions, HeaderSetter, SecurityKind};
use heck::ToShoutySnakeCase;

/// What a caller chose, each `None` (or empty) for the default derived from the document.
#[derive(Debug, Clone, Copy, Default)]
pub struct SurfaceChoices<'a> {
    /// The package name; derived from the title when empty (`Ollama API` → `ollama-client`).
    pub crate_name: &'a str,
    /// The environment variables; derived from the API's name when `None`.
    pub env: Option<&'a EnvOptions>,
    /// The base URL; the first absolute server URL when `None`.
    pub base_url: Option<&'a str>,
}

/// The client surface of `api` under `choices`; a crate name cargo or Rust would refuse is
/// an error.
pub fn client_surface(api: &Api, choices: SurfaceChoices<'_>) -> Result<ClientSurface, Error> {
    let crate_name =
        if choices.crate_name.is_empty() { default_crate_name(&api.title) } else { choices.crate_name.to_owned() };
    check_crate_name(&crate_name)?;
    let prefix = env_prefix(&api.title, &crate_name);
    let env = choices.env.cloned().unwrap_or_else(|| EnvOptions::derived(api, &prefix));
    let base_url = match choices.base_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => api
            .servers
            .iter()
            .map(|s| s.url.trim_end_matches('/').to_owned())
            .find(|u| u.starts_with("http://") || u.starts_with("https://"))
            .unwrap_or_else(|| "http://localhost".to_owned()),
    };
    let header_setters = header_setters(api, &env, &prefix);
    let schemes = schemes_by_use(api).into_iter().cloned().collect();
    let credential_required = credential_required(api);
    Ok(ClientSurface { crate_name, base_url, schemes, env, credential_required, header_setters })
}

/// Whether every exchange needs a credential: a client without one could call nothing. An
/// API with none (no operation, no channel) or one whose some operation may be called
/// anonymously (no requirement, or an empty one among its alternatives) is usable without.
fn credential_required(api: &Api) -> bool {
    // Webhooks are called by the API, not by the client: their requirements say nothing here.
    let operations = api.operations.iter().filter(|o| !o.webhook).map(|o| &o.security);
    let exchanges: Vec<&Vec<Vec<String>>> = operations.chain(api.channels.iter().map(|c| &c.security)).collect();
    !exchanges.is_empty()
        && exchanges.iter().all(|security| !security.is_empty() && security.iter().all(|alt| !alt.is_empty()))
}

/// One method per header of the environment (`OPENAI_ORG_ID` → `OpenAI-Organization` gives
/// `client.organization(id)`), unless a client method, an operation or a channel took the name.
fn header_setters(api: &Api, env: &EnvOptions, prefix: &str) -> Vec<HeaderSetter> {
    let mut taken: std::collections::BTreeSet<String> =
        crate::ir::CLIENT_METHODS.iter().map(|m| (*m).to_owned()).collect();
    taken.extend(api.operations.iter().map(|o| o.method_name.to_string()));
    taken.extend(api.channels.iter().map(|c| c.method_name.to_string()));
    env.headers
        .iter()
        .filter_map(|(var, header)| {
            let method = super::naming::header_setter_name(header, prefix);
            taken.insert(method.clone()).then(|| HeaderSetter { method, var: var.clone(), header: header.clone() })
        })
        .collect()
}

impl EnvOptions {
    /// `PREFIX_BASE_URL`, and one variable per security scheme, each its own: `PREFIX_API_KEY`
    /// for the main scheme (the one named an API key, else the one most operations use;
    /// unless it is HTTP basic), `PREFIX_<SCHEME>` for the others, named by their keys
    /// (`bearerAuth` → `PREFIX_BEARER`, `OAuth2` → `PREFIX_OAUTH2`); two alike are numbered.
    pub fn derived(api: &Api, prefix: &str) -> EnvOptions {
        let base_url = format!("{prefix}_BASE_URL");
        let mut taken = std::collections::HashSet::from([base_url.clone()]);
        let credentials = schemes_by_use(api)
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let words =
                    if i == 0 && s.kind != SecurityKind::Basic { "API_KEY".to_owned() } else { scheme_words(&s.key) };
                let wanted = format!("{prefix}_{words}");
                let mut var = wanted.clone();
                for n in 2.. {
                    if taken.insert(var.clone()) {
                        break;
                    }
                    var = format!("{wanted}_{n}");
                }
                (s.key.clone(), var)
            })
            .collect();
        EnvOptions { base_url, credentials, headers: Vec::new() }
    }
}

/// A security scheme's key as the words of a variable name: SCREAMING_SNAKE_CASE, ASCII,
/// `OAuth` one word, and the filler words of scheme names (`auth`, `scheme`, `security`)
/// dropped when others remain: `ApiKeyAuth` → `API_KEY`, `OAuth2` → `OAUTH2`.
pub fn scheme_words(key: &str) -> String {
    const FILLER: [&str; 5] = ["AUTH", "AUTHENTICATION", "AUTHORIZATION", "SCHEME", "SECURITY"];
    let key = key.replace("OAuth", "Oauth").replace("oAuth", "oauth");
    let shouty = key.to_shouty_snake_case();
    let words: Vec<&str> =
        shouty.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty() && w.is_ascii()).collect();
    let kept: Vec<&str> = words.iter().copied().filter(|w| !FILLER.contains(w)).collect();
    let words = if kept.is_empty() { words } else { kept };
    match words.join("_") {
        joined if joined.is_empty() || joined.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("CREDENTIAL{}", if joined.is_empty() { String::new() } else { format!("_{joined}") })
        }
        joined => joined,
    }
}

/// The variable prefix: the API's own short name as its title gives it (`OpenAI API` →
/// `OPENAI`, `Stripe API` → `STRIPE`), which is how vendors name their variables; else the
/// crate name without a `-client`-like suffix (`petstore-client` → `PETSTORE`).
pub fn env_prefix(title: &str, crate_name: &str) -> String {
    let words = title_words(title);
    if (1..=2).contains(&words.len()) && words[0].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return words.iter().map(|w| w.to_ascii_uppercase()).collect::<Vec<_>>().join("_");
    }
    let base = ["-client", "-sdk", "-rs", "-api"]
        .iter()
        .find_map(|suffix| crate_name.strip_suffix(suffix))
        .unwrap_or(crate_name);
    base.to_shouty_snake_case()
}

/// The security schemes, the main one first: the one named an API key (`ApiKey`, `api_key`,
/// `ApiKeyAuth`) if there is one, else the one most operations use; then by use. `api_key()`,
/// `Client::new` and `PREFIX_API_KEY` set the main one.
pub fn schemes_by_use(api: &Api) -> Vec<&crate::ir::SecurityScheme> {
    let mut schemes: Vec<&crate::ir::SecurityScheme> = api.security_schemes.iter().collect();
    let uses = api.operations.iter().filter_map(|o| o.security.first().and_then(|a| a.first())).fold(
        std::collections::BTreeMap::<&str, usize>::new(),
        |mut m, k| {
            *m.entry(k.as_str()).or_default() += 1;
            m
        },
    );
    schemes.sort_by_key(|s| std::cmp::Reverse(uses.get(s.key.as_str()).copied().unwrap_or(0)));
    // A user holding "the API key" sets the variable and the method of that name: the scheme
    // called so is the one they reach, not a bearer scheme more operations list first.
    if let Some(i) = schemes.iter().position(|s| scheme_words(&s.key) == "API_KEY") {
        let named = schemes.remove(i);
        schemes.insert(0, named);
    }
    schemes
}

/// The words that name the API in a title: `Spotify Web API with fixes` gives `Spotify`; filler
/// (`API`, `REST`, `Web`, …), version words and what follows `with`, `for`, `from`, `by` or a
/// separator are left out.
fn title_words(title: &str) -> Vec<&str> {
    let head = title.split([':', '(', ',', '|']).next().unwrap_or_default();
    let head = head.split(" - ").next().unwrap_or_default();
    const FILLER: [&str; 9] = ["api", "apis", "rest", "http", "openapi", "service", "spec", "the", "web"];
    const CONNECTIVES: [&str; 4] = ["with", "for", "from", "by"];
    head.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take_while(|w| !CONNECTIVES.contains(&w.to_ascii_lowercase().as_str()))
        .filter(|w| !FILLER.contains(&w.to_ascii_lowercase().as_str()))
        // Versions (`v3`, `2.0`) are not part of a name.
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()) && !is_version(w))
        .collect()
}

/// `v3`, `V2`: a version word.
fn is_version(word: &str) -> bool {
    let rest = word.strip_prefix(['v', 'V']).unwrap_or("");
    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
}

/// When none is given, a crate is named after its API: `Ollama API` gives `ollama-client`,
/// `AnythingLLM Developer API` `anythingllm-developer-client`; a title with nothing but
/// filler (`REST API`) gives `api-client`.
pub fn default_crate_name(title: &str) -> String {
    let words = title_words(title);
    // A crate name starts with a letter.
    let words: Vec<&str> =
        words.into_iter().skip_while(|w| !w.starts_with(|c: char| c.is_ascii_alphabetic())).collect();
    if words.is_empty() {
        return "api-client".to_owned();
    }
    // Words are kept whole: `OpenAI` is `openai`, not `open-ai`. Cargo allows 64 characters:
    // a long title keeps the words that fit (a first word alone is cut).
    const SUFFIX: &str = "-client";
    let mut name = String::new();
    for word in words.iter().map(|w| w.to_ascii_lowercase()) {
        let sep = usize::from(!name.is_empty());
        if name.len() + sep + word.len() + SUFFIX.len() > 64 {
            if name.is_empty() {
                name = word.chars().take(64 - SUFFIX.len()).collect();
            }
            break;
        }
        if sep == 1 {
            name.push('-');
        }
        name.push_str(&word);
    }
    format!("{name}{SUFFIX}")
}

/// Cargo's rule for package names, checked before anything is written: ASCII letters,
/// digits, `-` and `_`, starting with a letter, at most 64 characters. The name also becomes
/// a Rust path (`use my_client::Client`), file contents and environment variable prefixes.
///
/// Some names pass that rule and still break the crate: a Rust keyword (`self`, `crate`,
/// `fn`) cannot be the library's name; `std`, `core`, `alloc`, `test` and `proc_macro` are
/// the standard crates every crate can name, which the library's name would shadow; cargo
/// keeps `build`, `deps`, `examples` and `incremental` for its own folders; and `con`,
/// `aux`, `nul`, `com1`... cannot be file names on Windows. Each is refused, saying why.
pub fn check_crate_name(name: &str) -> Result<(), Error> {
    let valid = name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(Error::msg(format!(
            "{name:?} is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter (at most 64 characters)"
        )));
    }
    let library = name.replace('-', "_");
    let why = if syn::parse_str::<syn::Ident>(&library).is_err() || library == "gen" {
        Some("it is a Rust keyword, which cannot name a library (`use self::Client` means something else)")
    } else if ["std", "core", "alloc", "test", "proc_macro"].contains(&library.as_str()) {
        Some("it is the name of a standard library crate, which the crate would shadow")
    } else if ["build", "deps", "examples", "incremental"].contains(&library.as_str()) {
        Some("cargo keeps it for a folder of its own")
    } else if super::naming::is_windows_device_name(&library) {
        Some("it is a device name on Windows, where no file or folder can have it")
    } else {
        None
    };
    match why {
        Some(why) => Err(Error::msg(format!("`{name}` cannot be the crate's name: {why}; choose another with --name"))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(security: &str, public_security: &str) -> Api {
        let yaml = format!(
            r#"
openapi: 3.0.3
info: {{title: t, version: "1"}}
security: {security}
paths:
  /private:
    get:
      operationId: private
      responses: {{'204': {{description: ok}}}}
  /public:
    get:
      operationId: public
      security: {public_security}
      responses: {{'204': {{description: ok}}}}
components:
  securitySchemes:
    ApiKey: {{type: http, scheme: bearer}}
"#
        );
        let source = crate::load::Source::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        crate::Spec::from_source(source).unwrap().lower().unwrap()
    }

    #[test]
    fn a_credential_is_required_only_when_every_operation_needs_one() {
        let cases = [
            ("[{ApiKey: []}]", "[{ApiKey: []}]", true),
            // One operation takes anonymous calls: no requirement, or an empty one.
            ("[{ApiKey: []}]", "[]", false),
            ("[{ApiKey: []}]", "[{ApiKey: []}, {}]", false),
            ("[{ApiKey: []}, {}]", "[{}]", false),
            ("[]", "[]", false),
        ];
        for (security, public, required) in cases {
            assert_eq!(credential_required(&api(security, public)), required, "{security} / {public}");
        }
    }

    #[test]
    fn webhooks_the_api_calls_do_not_count() {
        let yaml = r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /private:
    get:
      operationId: private
      security: [{ApiKey: []}]
      responses: {'204': {description: ok}}
webhooks:
  ping:
    post:
      operationId: ping
      security: []
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    ApiKey: {type: http, scheme: bearer}
"#;
        let source = crate::load::Source::parse(std::path::Path::new("t.yaml"), yaml.to_owned()).unwrap();
        let api = crate::Spec::from_source(source).unwrap().lower().unwrap();
        assert!(api.operations.iter().any(|o| o.webhook && o.security.is_empty()));
        assert!(credential_required(&api));
    }

    #[test]
    fn a_crate_without_a_name_is_named_after_its_title() {
        let cases = [
            ("OpenAI API", "openai-client"),
            ("Ollama API", "ollama-client"),
            ("AnythingLLM Developer API", "anythingllm-developer-client"),
            ("Spotify Web API with fixes and improvements from sonallux", "spotify-client"),
            ("Swagger Petstore", "swagger-petstore-client"),
            ("Pinecone assistant data plane API", "pinecone-assistant-data-plane-client"),
            ("REST API", "api-client"),
            ("", "api-client"),
            ("3D Shapes", "shapes-client"),
            // Cargo's 64 characters: the words that fit (APIs.guru's apisetu.gov.in/gbshse).
            (
                "Goa State Board of Secondary and Higher Secondary Education, Goa",
                "goa-state-board-of-secondary-and-higher-secondary-client",
            ),
            (&"x".repeat(80), &format!("{}-client", "x".repeat(57))),
        ];
        for (title, name) in cases {
            assert_eq!(default_crate_name(title), name, "{title:?}");
            check_crate_name(name).unwrap();
        }
    }

    #[test]
    fn crate_names_cargo_would_refuse_are_refused() {
        for bad in ["../../evil", "a b", "x\"\nbuild = \"build.rs\"", "", "1abc", "é"] {
            let err = check_crate_name(bad).unwrap_err().to_string();
            assert!(err.contains(&format!("{bad:?}")), "{err}");
        }
        for good in ["openai-client", "nimbus_ai", "a1", "self-client", "std-api", "console"] {
            check_crate_name(good).unwrap();
        }
        for (bad, why) in [
            ("self", "keyword"),
            ("crate", "keyword"),
            ("fn", "keyword"),
            ("std", "standard library"),
            ("core", "standard library"),
            ("alloc", "standard library"),
            ("test", "standard library"),
            ("proc-macro", "standard library"),
            ("proc_macro", "standard library"),
            ("build", "folder"),
            ("con", "Windows"),
            ("COM1", "Windows"),
        ] {
            let err = check_crate_name(bad).unwrap_err().to_string();
            assert!(err.contains(&format!("`{bad}` cannot be the crate's name")) && err.contains(why), "{err}");
        }
    }

    #[test]
    fn variables_are_named_after_the_api() {
        assert_eq!(env_prefix("OpenAI API", "openai-full"), "OPENAI");
        assert_eq!(env_prefix("Stripe API", "x"), "STRIPE");
        assert_eq!(env_prefix("Swagger Petstore - OpenAPI 3.0", "petstore"), "SWAGGER_PETSTORE");
        assert_eq!(env_prefix("GitHub v3 REST API", "gh"), "GITHUB");
        // No short name in the title: the crate's name.
        assert_eq!(env_prefix("A very long title of some service", "acme-client"), "ACME");
        assert_eq!(env_prefix("", "acme-sdk"), "ACME");
    }
}
