//! [`Page`], one page of a list, and the streams that walk every page.

use futures_core::stream::BoxStream;
use futures_util::StreamExt as _;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use serde::de::DeserializeOwned;

use super::body;
use super::decode::Decoded;
use super::transport::RawResponse;
use super::{Call, Error};
use crate::envelope::ResultInfo;

/// One page of a list operation: its items and the `result_info` the API sent with them.
///
/// Awaiting a list call gives the one page asked for; [`Call::into_stream`] walks them all.
///
/// ```no_run
/// # async fn run(client: cloudflare_zero_trust::Client) -> Result<(), cloudflare_zero_trust::Error> {
/// use cloudflare_zero_trust::resources::zero_trust::access::users::ListParams;
///
/// let page = client.zero_trust().access().users().list("account-id", &ListParams::default()).await?;
/// println!("{} users; totals: {:?}", page.items().len(), page.result_info());
/// for user in page {
///     println!("{:?}", user.email);
/// }
/// # Ok(()) }
/// ```
///
/// # When a stream ends
///
/// [`Call::into_stream`] and [`Call::into_pages`] request page after page and always end,
/// whatever the server answers. A stream ends:
///
/// - for a list walked by page number: after a page that is the last by the totals: `page`
///   reached `total_pages`, or `page * per_page` reached `total_count`; without totals,
///   after a page shorter than `per_page` (the one sent in `result_info`, else the one
///   asked for);
/// - for a list walked by cursor: after a page without a next cursor, or whose cursor is
///   the one it was asked with;
/// - for a list walked by offset: after a page shorter than the limit asked for (or
///   `result_info.per_page`), or once the offset reaches `result_info.total_count`;
/// - after an empty page;
/// - before a page whose `result_info.page` is not the number asked for (by page number):
///   a server that ignores `page` answers the same page again, and its items were already
///   yielded;
/// - before a page whose items equal the previous page's (the same number of items, the
///   same first and last), for the same reason when the server sends no page number;
/// - after page number `i64::MAX`, which has no successor;
/// - after [`Page::MAX_PAGES_PER_STREAM`] pages, even when every rule above says there is
///   more: a stream is never unbounded;
/// - after yielding an error.
///
/// `result_info` is read leniently: a number sent as `1.0` or `2.5e1` is read as the
/// integer it is, and a field that still does not decode is left out (`None`), so
/// pagination metadata never fails a call whose items decode.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    items: Vec<T>,
    result_info: Option<ResultInfo>,
    /// `result_info` as sent, for the fields a stream reads that the typed one lacks (a
    /// cursor).
    raw_info: Option<Value>,
    /// The rest of a `result` object the items were nested in, for a cursor beside them.
    raw_result: Option<Value>,
}

impl<T> Page<T> {
    /// The most pages one stream requests; see "When a stream ends".
    pub const MAX_PAGES_PER_STREAM: u32 = 100_000;

    /// A page of `items` with the raw `result_info` of its envelope, read leniently.
    pub(crate) fn new(items: Vec<T>, result_info: Option<Box<RawValue>>) -> Self {
        let raw_info = result_info.as_deref().and_then(|raw| serde_json::from_str(raw.get()).ok());
        Self { items, result_info: result_info.as_deref().and_then(lenient_result_info), raw_info, raw_result: None }
    }

    /// The items of this page.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items of this page, owned.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The page number, size and totals, when the API sent them.
    pub fn result_info(&self) -> Option<&ResultInfo> {
        self.result_info.as_ref()
    }

    /// The number of the page after this one (`number`), or `None` when this is the last.
    ///
    /// The totals decide when the API sent them (`total_pages`, else `total_count` with
    /// `per_page`); without them a short page is the last. An empty page always is.
    fn next_number(&self, number: i64, asked_per_page: Option<i64>) -> Option<i64> {
        if self.items.is_empty() {
            return None;
        }
        let info = self.result_info.clone().unwrap_or_default();
        let per_page = info.per_page.or(asked_per_page).filter(|n| *n > 0);
        let has_next = match (info.total_pages, info.total_count, per_page) {
            (Some(total_pages), _, _) => number < total_pages,
            (None, Some(total_count), Some(per_page)) => number.saturating_mul(per_page) < total_count,
            (None, _, Some(per_page)) => i64::try_from(self.items.len()).is_ok_and(|n| n >= per_page),
            (None, _, None) => true,
        };
        if has_next {
            number.checked_add(1)
        } else {
            None
        }
    }

    /// The string or number at `path` (from `result_info` or `result`), as text; an empty
    /// string is none.
    fn cursor(&self, path: &[&str]) -> Option<String> {
        let (root, keys) = path.split_first()?;
        let root = match *root {
            "result_info" => self.raw_info.as_ref()?,
            "result" => self.raw_result.as_ref()?,
            _ => return None,
        };
        let value = keys.iter().try_fold(root, |value, key| value.get(key))?;
        match value {
            Value::String(text) if !text.is_empty() => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }

    /// Whether this page answers the request for page `number`: it does unless its
    /// `result_info` names another page.
    fn answers(&self, number: i64) -> bool {
        self.result_info.as_ref().and_then(|info| info.page).is_none_or(|page| page == number)
    }
}

/// Decodes a page whose items are the array at `key` of the `result` object (`{"result":
/// {"items": [...], "cursor": "..."}}`). An absent or `null` array is an empty page; the
/// rest of the object is kept for a cursor beside the items.
pub(crate) fn nested_page<T: DeserializeOwned>(response: &RawResponse, key: &str) -> Result<Decoded<Page<T>>, Error> {
    let Decoded { value: result, messages } = body::json_result::<Option<Map<String, Value>>>(response)?;
    let mut result = result.unwrap_or_default();
    let items = match result.remove(key) {
        None | Some(Value::Null) => Vec::new(),
        // Decoded as a `result` of its own, so a failure names its place as any other does.
        Some(items) => body::json_value::<Vec<T>>(response, &items)?,
    };
    let result_info = serde_json::from_slice::<InfoOnly>(&response.body).ok().and_then(|body| body.result_info);
    let mut page = Page::new(items, result_info);
    page.raw_result = Some(Value::Object(result));
    Ok(Decoded { value: page, messages })
}

/// The `result_info` of an envelope, nothing else.
#[derive(serde::Deserialize)]
struct InfoOnly {
    #[serde(default)]
    result_info: Option<Box<RawValue>>,
}

/// Reads `result_info` without ever failing: integral floats (`1.0`, `2.5e1`) become
/// integers, and a field that still does not decode is dropped rather than failing the rest.
fn lenient_result_info(raw: &RawValue) -> Option<ResultInfo> {
    if let Ok(info) = serde_json::from_str(raw.get()) {
        return Some(info);
    }
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(raw.get()) else {
        return None;
    };
    let mut kept = Map::new();
    for (name, value) in fields {
        let value = integral(value);
        let alone = Map::from_iter([(name.clone(), value.clone())]);
        if serde_json::from_value::<ResultInfo>(Value::Object(alone)).is_ok() {
            kept.insert(name, value);
        }
    }
    serde_json::from_value(Value::Object(kept)).ok()
}

/// A number with no fractional part that fits an `i64`, as an integer; anything else as is.
fn integral(value: Value) -> Value {
    let Value::Number(number) = &value else { return value };
    match number.as_f64() {
        // The bounds are exact powers of two, so the comparison is exact too.
        Some(float) if float.fract() == 0.0 && float >= -(2f64.powi(63)) && float < 2f64.powi(63) => {
            Value::from(float as i64)
        }
        _ => value,
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T: serde::de::DeserializeOwned + Clone + PartialEq + Send + 'static> Call<Page<T>> {
    /// Every item of every page, as a stream that requests page after page.
    ///
    /// It starts at the call's `page` parameter (or 1), keeps its `per_page` and every
    /// per-call option, and sets `page` on each request. It always ends: after the last
    /// page, after an error, or when the server answers a page already seen ([`Page`]
    /// lists every rule).
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_zero_trust::Client) -> Result<(), cloudflare_zero_trust::Error> {
    /// use cloudflare_zero_trust::resources::zero_trust::access::users::ListParams;
    /// use futures_util::TryStreamExt as _;
    ///
    /// let params = ListParams { per_page: Some(100), ..Default::default() };
    /// let mut users = client.zero_trust().access().users().list("account-id", &params).into_stream();
    /// while let Some(user) = users.try_next().await? {
    ///     println!("{:?}", user.email);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn into_stream(self) -> BoxStream<'static, Result<T, Error>> {
        let state = (self.into_pages(), Vec::new().into_iter());
        Box::pin(futures_util::stream::unfold(state, |(mut pages, mut items)| async move {
            loop {
                if let Some(item) = items.next() {
                    return Some((Ok(item), (pages, items)));
                }
                match pages.next().await? {
                    Ok(page) => items = page.into_items().into_iter(),
                    Err(err) => return Some((Err(err), (pages, items))),
                }
            }
        }))
    }

    /// Every page, as a stream that requests page after page, as
    /// [`into_stream`](Call::into_stream) does; for the `result_info` of each.
    pub fn into_pages(self) -> BoxStream<'static, Result<Page<T>, Error>> {
        let request = &self.request;
        let position = match request.paging {
            Paging::Page => Position::Page(request.query_value("page").and_then(|v| v.parse().ok()).unwrap_or(1)),
            Paging::Cursor { .. } => Position::Cursor(None),
            Paging::Offset { param, .. } => {
                Position::Offset(request.query_value(param).and_then(|v| v.parse().ok()).unwrap_or(0))
            }
        };
        let size = match request.paging {
            Paging::Page | Paging::Cursor { .. } => "per_page",
            Paging::Offset { limit_param, .. } => limit_param,
        };
        let per_page = request.query_value(size).and_then(|v| v.parse().ok());
        let walk = Walk { call: self, position, per_page, requested: 0, previous: None };
        Box::pin(futures_util::stream::unfold(Some(walk), |walk| async move { walk?.step().await }))
    }
}

/// How a stream asks for the page after the first; set by the generated operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Paging {
    /// `page=1, 2, ...`, until the totals of `result_info` say the last was reached.
    Page,
    /// The query parameter `param` takes the cursor found at `cursor` (keys from the
    /// body's root: `result_info`, or `result` when the items are nested) in the previous
    /// page, until a page has no cursor.
    Cursor { param: &'static str, cursor: &'static [&'static str] },
    /// The query parameter `param` takes the number of items before the page, and
    /// `limit_param` is the page size, until a short page.
    Offset { param: &'static str, limit_param: &'static str },
}

/// The page a stream asks for next.
#[derive(Clone, Debug, PartialEq)]
enum Position {
    Page(i64),
    /// `None`: the first page, asked for as the call was built.
    Cursor(Option<String>),
    Offset(i64),
}

/// Where a page stream is: the next page to ask for, and what ends the walk.
struct Walk<T> {
    call: Call<Page<T>>,
    position: Position,
    /// The page size the call asked for, for telling a short page without `result_info`.
    per_page: Option<i64>,
    requested: u32,
    /// The ends of the previous page, to tell a server that answers the same page again.
    previous: Option<Ends<T>>,
}

/// A page's length and its first and last items. A page that repeats the previous one
/// repeats these; keeping them, not the whole page, saves cloning every item of a stream.
#[derive(PartialEq)]
struct Ends<T> {
    len: usize,
    first: T,
    last: T,
}

impl<T: Clone> Ends<T> {
    /// `None` for an empty page.
    fn of(items: &[T]) -> Option<Self> {
        Some(Ends { len: items.len(), first: items.first()?.clone(), last: items.last()?.clone() })
    }
}

impl<T: serde::de::DeserializeOwned + Clone + PartialEq + Send + 'static> Walk<T> {
    /// Requests the next page: the page to yield and the walk after it, `None` to end.
    async fn step(mut self) -> Option<(Result<Page<T>, Error>, Option<Self>)> {
        if self.requested >= Page::<T>::MAX_PAGES_PER_STREAM {
            return None;
        }
        self.requested += 1;
        let mut this_page = self.call.clone();
        match (&self.position, self.call.request.paging) {
            (Position::Page(number), _) => this_page.request.set_query("page", number.to_string()),
            (Position::Cursor(Some(cursor)), Paging::Cursor { param, .. }) => {
                this_page.request.set_query(param, cursor.clone());
            }
            (Position::Offset(offset), Paging::Offset { param, .. }) => {
                this_page.request.set_query(param, offset.to_string());
            }
            _ => {}
        }
        let page = match this_page.await {
            Ok(page) => page,
            Err(err) => return Some((Err(err), None)),
        };
        let ends = Ends::of(&page.items);
        let repeated = ends.is_some() && self.previous == ends;
        let elsewhere = matches!(self.position, Position::Page(number) if !page.answers(number));
        if repeated || elsewhere {
            return None;
        }
        let next =
            self.next_position(&page).map(|position| Self { position, previous: ends, ..self });
        Some((Ok(page), next))
    }

    /// Where the page after `page` is, or `None` when `page` is the last.
    fn next_position(&self, page: &Page<T>) -> Option<Position> {
        if page.items.is_empty() {
            return None;
        }
        match (&self.position, self.call.request.paging) {
            (Position::Page(number), _) => page.next_number(*number, self.per_page).map(Position::Page),
            (Position::Cursor(used), Paging::Cursor { cursor, .. }) => {
                let next = page.cursor(cursor).filter(|next| used.as_ref() != Some(next))?;
                Some(Position::Cursor(Some(next)))
            }
            (Position::Offset(offset), Paging::Offset { .. }) => {
                let count = i64::try_from(page.items.len()).ok()?;
                let next = offset.checked_add(count)?;
                let info = page.result_info.clone().unwrap_or_default();
                let short = info.per_page.or(self.per_page).is_some_and(|limit| count < limit);
                let past_total = info.total_count.is_some_and(|total| next >= total);
                (!short && !past_total).then_some(Position::Offset(next))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: usize, info: ResultInfo) -> Page<u8> {
        Page { items: vec![0; items], result_info: Some(info), raw_info: None, raw_result: None }
    }

    #[test]
    fn total_pages_decides() {
        let info = ResultInfo { total_pages: Some(3), per_page: Some(2), ..Default::default() };
        assert_eq!(page(2, info.clone()).next_number(1, None), Some(2));
        assert_eq!(page(2, info.clone()).next_number(3, None), None);
        // A short page does not end a list whose totals say there is more.
        assert_eq!(page(1, info).next_number(2, None), Some(3));
    }

    #[test]
    fn total_count_with_per_page_decides() {
        let info = ResultInfo { total_count: Some(5), per_page: Some(2), ..Default::default() };
        assert_eq!(page(2, info.clone()).next_number(2, None), Some(3));
        assert_eq!(page(1, info).next_number(3, None), None);
    }

    #[test]
    fn without_totals_a_short_or_empty_page_is_the_last() {
        let info = ResultInfo { per_page: Some(2), ..Default::default() };
        assert_eq!(page(2, info.clone()).next_number(1, None), Some(2));
        assert_eq!(page(1, info).next_number(2, None), None);
        // The asked-for size counts when the API does not say.
        assert_eq!(page(3, ResultInfo::default()).next_number(1, Some(3)), Some(2));
        assert_eq!(page(2, ResultInfo::default()).next_number(1, Some(3)), None);
        assert_eq!(Page::<u8>::new(vec![1], None).next_number(1, None), Some(2));
        assert_eq!(Page::<u8>::new(vec![], None).next_number(1, None), None);
    }

    #[test]
    fn an_empty_page_ends_even_when_totals_disagree() {
        let info = ResultInfo { total_pages: Some(9), ..Default::default() };
        assert_eq!(page(0, info).next_number(1, None), None);
    }

    #[test]
    fn the_page_after_i64_max_does_not_exist() {
        let info = ResultInfo { total_pages: Some(i64::MAX), ..Default::default() };
        assert_eq!(page(1, info.clone()).next_number(i64::MAX - 1, None), Some(i64::MAX));
        assert_eq!(page(1, info).next_number(i64::MAX, None), None);
        assert_eq!(Page::<u8>::new(vec![1], None).next_number(i64::MAX, None), None);
    }

    #[test]
    fn a_page_answers_unless_it_names_another_number() {
        let numbered = |n| page(1, ResultInfo { page: Some(n), ..Default::default() });
        assert!(numbered(2).answers(2));
        assert!(!numbered(1).answers(2));
        assert!(Page::<u8>::new(vec![1], None).answers(7));
    }

    fn raw(json: &str) -> Option<Box<RawValue>> {
        Some(RawValue::from_string(json.to_owned()).unwrap())
    }

    #[test]
    fn result_info_numbers_are_read_leniently() {
        let info = Page::<u8>::new(vec![], raw(r#"{"page": 1.0, "per_page": 2.5e1, "count": 3, "total_count": 1e2}"#));
        let expected = ResultInfo {
            page: Some(1),
            per_page: Some(25),
            count: Some(3),
            total_count: Some(100),
            ..Default::default()
        };
        assert_eq!(info.result_info(), Some(&expected));
    }

    #[test]
    fn a_result_info_field_that_does_not_decode_is_dropped_alone() {
        let info =
            Page::<u8>::new(vec![], raw(r#"{"page": 2.5, "per_page": "ten", "count": 4, "total_pages": 1e300}"#));
        assert_eq!(info.result_info(), Some(&ResultInfo { count: Some(4), ..Default::default() }));
        assert_eq!(Page::<u8>::new(vec![], raw(r#""not an object""#)).result_info(), None);
        assert_eq!(Page::<u8>::new(vec![], raw("null")).result_info(), None);
    }
}
