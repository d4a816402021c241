//! From a JSON pointer back to the line and column where that node starts in the source.
//!
//! JSON is YAML flow syntax, so one marked YAML event parser serves both formats. When the
//! pointer names something that is not there (a missing key), the deepest existing ancestor
//! is reported, which is where the user has to add it.

use crate::error::pointer_tokens;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The 1-based line and column of the node at `pointer`, or of its deepest existing ancestor.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    if pointer.is_empty() {
        return Some((1, 1));
    }
    let mut finder = Finder { target: pointer_tokens(pointer), stack: Vec::new(), best: None, done: false };
    let mut parser = Parser::new_from_str(text);
    // A scan error after the node was found does not matter; before, we report what we have.
    let _ = parser.load(&mut finder, false);
    finder.best.map(|(_, line, col)| (line, col + 1))
}

enum Frame {
    Mapping { key: Option<(String, Marker)>, awaiting_key: bool },
    Sequence { index: usize },
}

struct Finder {
    target: Vec<String>,
    stack: Vec<Frame>,
    /// Depth matched, line, column (0-based) of the deepest match so far.
    best: Option<(usize, usize, usize)>,
    done: bool,
}

impl Finder {
    /// Length of the current path if it is a prefix of the target, else `None`.
    fn matched_depth(&self) -> Option<usize> {
        let mut depth = 0;
        for frame in &self.stack {
            let token = match frame {
                Frame::Mapping { key: Some((k, _)), awaiting_key: false } => k.clone(),
                Frame::Sequence { index } => index.to_string(),
                _ => return None,
            };
            if self.target.get(depth) != Some(&token) {
                return None;
            }
            depth += 1;
        }
        Some(depth)
    }

    /// Called when a node starts. Returns whether the node is a mapping key.
    fn node_start(&mut self, mark: Marker) -> bool {
        if let Some(Frame::Mapping { awaiting_key: true, .. }) = self.stack.last() {
            return true;
        }
        if let Some(depth) = self.matched_depth() {
            // A mapping value is reported where its key is: that is the line a user looks for.
            let mark = match self.stack.last() {
                Some(Frame::Mapping { key: Some((_, key_mark)), .. }) => *key_mark,
                _ => mark,
            };
            if self.best.is_none_or(|(d, _, _)| depth >= d) {
                self.best = Some((depth, mark.line(), mark.col()));
            }
            if depth == self.target.len() {
                self.done = true;
            }
        }
        false
    }

    /// Called when a node ends: advance the parent's position.
    fn node_end(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Mapping { awaiting_key, key }) => {
                if !*awaiting_key {
                    *key = None;
                }
                *awaiting_key = !*awaiting_key;
            }
            Some(Frame::Sequence { index }) => *index += 1,
            None => {}
        }
    }
}

impl MarkedEventReceiver for Finder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.done {
            return;
        }
        match ev {
            Event::Scalar(value, ..) => {
                if self.node_start(mark) {
                    if let Some(Frame::Mapping { key, .. }) = self.stack.last_mut() {
                        *key = Some((value, mark));
                    }
                }
                self.node_end();
            }
            Event::Alias(_) => {
                self.node_start(mark);
                self.node_end();
            }
            Event::MappingStart(..) => {
                self.node_start(mark);
                self.stack.push(Frame::Mapping { key: None, awaiting_key: true });
            }
            Event::SequenceStart(..) => {
                self.node_start(mark);
                self.stack.push(Frame::Sequence { index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.node_end();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    const YAML: &str = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n      tags: [x, y]\n";

    #[test]
    fn finds_nested_yaml_nodes() {
        assert_eq!(locate(YAML, "/paths/~1a/get"), Some((4, 5)));
        assert_eq!(locate(YAML, "/paths/~1a/get/responses/200/description"), Some((7, 11)));
        assert_eq!(locate(YAML, "/paths/~1a/get/tags/1"), Some((8, 17)));
    }

    #[test]
    fn a_missing_node_points_at_its_parent() {
        assert_eq!(locate(YAML, "/paths/~1a/get/parameters"), Some((4, 5)));
    }

    #[test]
    fn finds_json_nodes() {
        let json = "{\n  \"a\": {\n    \"b\": [1, 2]\n  }\n}";
        assert_eq!(locate(json, "/a/b/1"), Some((3, 14)));
    }
}
