//! WebSocket channels to the IR: each gets a method of `Client` (named after the channel, a
//! name no operation took), a builder and a session type (named after it, unique among
//! types), an API group (its first tag, as for operations), its parameters, and the types of
//! the messages each side sends.

use super::naming::{self, Namespace};
use super::Lowerer;
use crate::error::{push_pointer, Error};
use crate::ir::{Channel, Group, Ident, Module, Operation, Param, ParamLocation, ParamStyle, TypeKind, TypeRef};
use crate::openapi;
use heck::ToUpperCamelCase;

impl Lowerer<'_> {
    /// The document's channels; groups that only channels name are added to `groups`.
    pub(crate) fn lower_channels(
        &mut self,
        groups: &mut Vec<Group>,
        operations: &[Operation],
    ) -> Result<Vec<Channel>, Error> {
        let doc = self.doc;
        let mut methods = Namespace::default();
        for m in crate::ir::CLIENT_METHODS {
            methods.claim(m);
        }
        for op in operations {
            methods.claim(op.method_name.as_str());
        }
        let mut out = Vec::with_capacity(doc.channels.len());
        for ch in &doc.channels {
            let snake = naming::snake_name(&ch.name, "channel");
            let method_name = Ident::new(&methods.claim(&snake));
            let base = naming::type_name(&ch.name);
            let builder_type = self.type_names.claim(&format!("{base}Channel"));
            let session_type = self.type_names.claim(&format!("{base}Session"));
            let group = channel_group(ch, groups);
            let params = self.channel_params(ch, &base)?;
            let send = self.lower_schema(&ch.send, &format!("{base}ClientMessage"), None)?;
            let receive = self.lower_schema(&ch.receive, &format!("{base}ServerMessage"), None)?;
            let tag = self.check_message_types(ch, &receive)?;
            let security =
                ch.security.as_ref().unwrap_or(&doc.security).iter().map(|req| req.keys().cloned().collect()).collect();
            out.push(Channel {
                name: ch.name.clone(),
                method_name,
                builder_type,
                session_type,
                group,
                summary: ch.summary.clone(),
                doc: ch.description.clone(),
                path: ch.path.clone(),
                params,
                headers: ch.headers.clone(),
                security,
                client_secret: ch.client_secret,
                send,
                receive,
                tag,
                response_started: ch.response_started.clone(),
                response_done: ch.response_done.clone(),
                errors: ch.errors.clone(),
                origin: ch.ptr.clone(),
            });
        }
        Ok(out)
    }

    fn channel_params(&mut self, ch: &openapi::Channel, base: &str) -> Result<Vec<Param>, Error> {
        let mut names = Namespace::default();
        // The builder's own methods.
        for taken in ["connect", "client_secret", "options"] {
            names.claim(taken);
        }
        let mut params = Vec::with_capacity(ch.parameters.len());
        for p in &ch.parameters {
            let ty = match &p.schema {
                Some(s) => self.lower_schema(s, &format!("{base}{}", p.name.to_upper_camel_case()), None)?,
                None => TypeRef::String,
            };
            let location = if p.location == "header" { ParamLocation::Header } else { ParamLocation::Query };
            params.push(Param {
                name: Ident::new(&names.claim(&naming::snake_name(&p.name, "param"))),
                wire: p.name.clone(),
                location,
                required: p.required,
                ty,
                style: ParamStyle::Form,
                explode: false,
                doc: p.description.clone(),
                deprecated: p.deprecated,
            });
        }
        Ok(params)
    }

    /// The property that names a received message's type: the receive union's tag (`type`
    /// where it has none). The message types the channel names must be values of it, so a
    /// misspelt one is an error rather than a response that never ends.
    fn check_message_types(&self, ch: &openapi::Channel, receive: &TypeRef) -> Result<String, Error> {
        let mut t = receive.non_null();
        for _ in 0..16 {
            match t {
                TypeRef::Named(id) => match &self.types[id.0].kind {
                    TypeKind::Alias(inner) => t = inner.non_null(),
                    TypeKind::Union(u) => {
                        let Some(tag) = &u.tag else { break };
                        let known: Vec<&String> = u.variants.iter().flat_map(|v| &v.tags).collect();
                        let named = [
                            ("response", &ch.response_started),
                            ("response", &ch.response_done),
                            ("errors", &ch.errors),
                        ];
                        for (key, list) in named {
                            if let Some(unknown) = list.iter().find(|m| !known.contains(m)) {
                                return Err(Error::at(
                                    push_pointer(&ch.ptr, key),
                                    format!(
                                        "`{unknown}` is not a `{tag}` of the messages the channel receives (`{}`)",
                                        self.types[id.0].name
                                    ),
                                ));
                            }
                        }
                        return Ok(tag.clone());
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        Ok("type".to_owned())
    }
}

/// The group of a channel: its first tag's (an operation's group, or a new one), or one
/// named after the channel.
fn channel_group(ch: &openapi::Channel, groups: &mut Vec<Group>) -> Ident {
    let key = ch.tags.first().cloned().unwrap_or_else(|| ch.name.clone());
    if let Some(g) = groups.iter().find(|g| g.wire == key) {
        return g.module.clone();
    }
    let mut names = Namespace::default();
    for r in Module::RESERVED {
        names.claim(r);
    }
    for g in groups.iter() {
        names.claim(g.module.as_str());
    }
    let mut module = Ident::new(&naming::snake_name(&key, "group"));
    // A module named by a keyword would need `r#` in every path; give it a suffix instead.
    if module.is_raw() || module.as_str().ends_with('_') {
        module = Ident::new(&format!("{}_api", module.as_str().trim_end_matches('_')));
    }
    let module = Ident::new(&names.claim(module.as_str()));
    groups.push(Group { module: module.clone(), wire: key, description: None });
    module
}
