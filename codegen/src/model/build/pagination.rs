//! How the pages of a paginated operation are walked: page numbers, a cursor, an offset.

use super::{child, At, Builder};
use crate::diagnostics::did_you_mean_hint;
use crate::model::{Field, Pagination};
use crate::spec::raw;

impl Builder<'_> {
    /// `pagination`: how `.into_stream()` asks for the next page.
    pub(super) fn pagination(
        &mut self,
        place: &At,
        raw: &raw::Operation,
        query: &[(Field, bool)],
    ) -> Option<Pagination> {
        let Some(pagination) = &raw.pagination else { return Some(Pagination::Page) };
        let at = child(place, &["pagination"]);
        if !raw.paginated {
            self.key_error(&at, "`pagination` applies to `paginated: true` operations");
        }
        let declared = |name: &str| query.iter().any(|(field, _)| field.wire == name);
        let require = |builder: &mut Self, key: &str, value: &Option<String>, query_param: bool| -> Option<String> {
            let Some(value) = value else {
                let message = format!("`style: {}` needs `{key}`", pagination.style.as_deref().unwrap_or("page"));
                builder.error(&at, message, None);
                return None;
            };
            if query_param && !declared(value) {
                let message = format!("`{value}` is not one of this operation's query parameters");
                builder.error(&child(&at, &[key]), message, Some(format!("declare `{value}` under `query`")));
                return None;
            }
            Some(value.clone())
        };
        let nested = pagination.items.is_some();
        match pagination.style.as_deref().unwrap_or("page") {
            "page" => Some(Pagination::Page),
            "cursor" => {
                let param = require(self, "param", &pagination.param, true);
                let cursor = require(self, "cursor", &pagination.cursor, false)?;
                let keys: Vec<String> = cursor.split('.').map(str::to_owned).collect();
                let inside = match keys.first().map(String::as_str) {
                    Some("result_info") => true,
                    Some("result") => nested,
                    _ => false,
                };
                if !inside || keys.len() < 2 || keys.iter().any(String::is_empty) {
                    let within = if nested { "`result_info` or `result`" } else { "`result_info`" };
                    let message = format!("the cursor `{cursor}` must be inside {within}");
                    self.error(&child(&at, &["cursor"]), message, Some("e.g. `result_info.cursor`".into()));
                    return None;
                }
                Some(Pagination::Cursor { param: param?, cursor: keys })
            }
            "offset" => {
                let param = require(self, "param", &pagination.param, true);
                let limit_param = require(self, "limit_param", &pagination.limit_param, true);
                Some(Pagination::Offset { param: param?, limit_param: limit_param? })
            }
            other => {
                let hint = did_you_mean_hint(other, ["page", "cursor", "offset"]);
                let message = format!("unknown pagination style `{other}`, expected page, cursor or offset");
                self.error(&child(&at, &["style"]), message, hint);
                None
            }
        }
    }
}
