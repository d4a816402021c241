//! Cursor pagination: a page knows how to fetch the next one, and a list call can be read as
//! one stream of items across all pages.

use crate::call::Call;
use crate::error::Error;
use futures_util::stream::{self, BoxStream, StreamExt};
use serde::de::DeserializeOwned;
use std::collections::{HashSet, VecDeque};

/// Implemented by generated list responses (`data`, `has_more`, `last_id` or item ids).
pub trait CursorPage: DeserializeOwned + Send {
    /// The listed type.
    type Item: Send;
    /// The items of this page.
    fn items(&self) -> &[Self::Item];
    /// The items of this page, owned.
    fn into_items(self) -> Vec<Self::Item>;
    /// The cursor of the next page, or `None` on the last page.
    fn next_cursor(&self) -> Option<String>;
}

/// One page of a list, and the way to the next.
#[derive(Debug)]
pub struct Page<'a, P> {
    /// The page as the server sent it.
    pub data: P,
    next: Option<Call<'a, P>>,
}

impl<P> std::ops::Deref for Page<'_, P> {
    type Target = P;
    fn deref(&self) -> &P {
        &self.data
    }
}

impl<'a, P: CursorPage + 'a> Page<'a, P> {
    /// Whether there is a next page.
    pub fn has_next_page(&self) -> bool {
        self.next.is_some()
    }

    /// Fetch the next page, or `None` after the last.
    pub async fn next_page(&self) -> Result<Option<Page<'a, P>>, Error> {
        match &self.next {
            Some(call) => call.clone().first_page().await.map(Some),
            None => Ok(None),
        }
    }
}

impl<'a, P: CursorPage + 'a> Call<'a, P> {
    /// Send, and return the page with the way to the next one. A page whose next cursor is
    /// the cursor that fetched it is [`Error::Pagination`]: following it would fetch the
    /// same page forever.
    pub async fn first_page(self) -> Result<Page<'a, P>, Error> {
        let template = self.clone();
        let data = self.await?;
        let next = match (data.next_cursor(), template.cursor_param) {
            (Some(cursor), Some(param)) => {
                if template.spec.query_value(param) == Some(cursor.as_str()) {
                    return Err(repeated_cursor(template.spec.operation, &cursor));
                }
                let mut call = template;
                call.spec.set_query(param, cursor);
                Some(call)
            }
            _ => None,
        };
        Ok(Page { data, next })
    }

    /// Every item of every page, fetching pages as the stream is read. A cursor the server
    /// hands out a second time ends the stream with [`Error::Pagination`] instead of
    /// looping over the same pages forever.
    ///
    /// The stream is boxed, so it is `Unpin`: read it with
    /// `while let Some(item) = items.next().await` without pinning it first.
    pub fn items(self) -> BoxStream<'a, Result<P::Item, Error>> {
        let state = Walk { next: Some(self), buffered: VecDeque::new(), cursors: HashSet::new() };
        stream::unfold(state, |mut walk| async move {
            loop {
                if let Some(item) = walk.buffered.pop_front() {
                    return Some((Ok(item), walk));
                }
                let call = walk.next.take()?;
                let cursor = call.cursor_param.and_then(|param| call.spec.query_value(param)).map(str::to_owned);
                if let Some(cursor) = cursor.filter(|c| !walk.cursors.insert(c.clone())) {
                    return Some((Err(repeated_cursor(call.spec.operation, &cursor)), walk));
                }
                match call.first_page().await {
                    Ok(page) => {
                        walk.next = page.next;
                        walk.buffered.extend(page.data.into_items());
                    }
                    Err(e) => return Some((Err(e), walk)),
                }
            }
        })
        .boxed()
    }
}

/// Where [`Call::items`] is in the list.
struct Walk<'a, P: CursorPage> {
    next: Option<Call<'a, P>>,
    buffered: VecDeque<P::Item>,
    /// Every cursor sent so far.
    cursors: HashSet<String>,
}

fn repeated_cursor(operation: &'static str, cursor: &str) -> Error {
    Error::Pagination { operation, cursor: crate::error::excerpt(cursor, 100) }
}
