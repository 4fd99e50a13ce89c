//! [`Page`], one page of a list, and the streams that walk every page.

use futures_core::stream::BoxStream;
use futures_util::StreamExt as _;

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
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    items: Vec<T>,
    result_info: Option<ResultInfo>,
}

impl<T> Page<T> {
    pub(crate) fn new(items: Vec<T>, result_info: Option<ResultInfo>) -> Self {
        Self { items, result_info }
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
    /// `per_page`); without them a short page is the last. An empty page always is, so a
    /// server that ignores `page` cannot make a stream loop forever.
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
        has_next.then(|| number + 1)
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

impl<T: Send + 'static> Call<Page<T>> {
    /// Every item of every page, as a stream that requests page after page.
    ///
    /// It starts at the call's `page` parameter (or 1), keeps its `per_page` and every
    /// per-call option, and sets `page` on each request. It stops after the last page
    /// ([`Page`] says how that is told), or after yielding an error.
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
        let first = self.request.query_value("page").and_then(|v| v.parse().ok()).unwrap_or(1);
        let per_page = self.request.query_value("per_page").and_then(|v| v.parse().ok());
        Box::pin(futures_util::stream::unfold(Some((self, first)), move |state| async move {
            let (call, number) = state?;
            let mut this_page = call.clone();
            this_page.request.set_query("page", number.to_string());
            match this_page.await {
                Ok(page) => {
                    let next = page.next_number(number, per_page).map(|next| (call, next));
                    Some((Ok(page), next))
                }
                Err(err) => Some((Err(err), None)),
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: usize, info: ResultInfo) -> Page<u8> {
        Page::new(vec![0; items], Some(info))
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
}
