//! Query strings and paged listings as the Platform API has them.

use flowsim_core::wire::genesys::EntityListing;

use crate::error::FakeError;

/// The decoded `name=value` pairs of a query string, in order (repeated names kept).
#[derive(Debug, Clone, Default)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn parse(query: Option<&str>) -> Self {
        Params(form_urlencoded::parse(query.unwrap_or_default().as_bytes()).into_owned().collect())
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, each split on commas (`type=a&type=b` and `type=a,b` alike), empty ones dropped.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// An integer parameter with a default.
    pub fn int(&self, name: &str, default: u64) -> Result<u64, FakeError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v.trim().parse::<u64>().map_err(|_| {
                FakeError::bad_request(format!(
                    "Value [{v}] is not valid for field type [Integer] of parameter [{name}]."
                ))
            }),
        }
    }
}

/// Page size and number of a listing request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub size: u64,
    pub number: u64,
}

impl Page {
    /// Reads `pageSize` (1..=`max_size`) and `pageNumber` (≥ 1).
    pub fn read(params: &Params, default_size: u64, max_size: u64) -> Result<Page, FakeError> {
        let size = params.int("pageSize", default_size)?;
        let number = params.int("pageNumber", 1)?;
        if size == 0 || size > max_size {
            return Err(FakeError::bad_request(format!("The page size [{size}] must be between 1 and {max_size}.")));
        }
        if number == 0 {
            return Err(FakeError::bad_request("The page number must be 1 or more."));
        }
        Ok(Page { size, number })
    }
}

/// Cuts page `page` out of `all` as the core model of a listing (`FlowEntityListing`, `ContactListing`); the URIs
/// repeat the request's other parameters.
pub fn listing_page<T: Clone>(all: &[T], page: Page, path: &str, params: &Params) -> EntityListing<T> {
    let total = all.len() as u64;
    let page_count = total.div_ceil(page.size);
    let start = page.size.saturating_mul(page.number - 1);
    let entities = if start >= total {
        Vec::new()
    } else {
        let end = start.saturating_add(page.size).min(total);
        all[start as usize..end as usize].to_vec()
    };
    let uri = |n: u64| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("pageSize", &page.size.to_string());
        q.append_pair("pageNumber", &n.to_string());
        for (k, v) in &params.0 {
            if k != "pageSize" && k != "pageNumber" {
                q.append_pair(k, v);
            }
        }
        format!("{path}?{}", q.finish())
    };
    let last = page_count.max(1);
    let small = |n: u64| Some(u32::try_from(n).unwrap_or(u32::MAX));
    EntityListing {
        entities,
        page_size: small(page.size),
        page_number: small(page.number),
        total: Some(total),
        page_count: small(page_count),
        first_uri: Some(uri(1)),
        self_uri: Some(uri(page.number)),
        previous_uri: (page.number > 1).then(|| uri((page.number - 1).min(last))),
        next_uri: (page.number < page_count).then(|| uri(page.number + 1)),
        last_uri: Some(uri(last)),
    }
}

/// Case-insensitive match where `*` stands for any text and the pattern may match anywhere in `text`.
pub fn wildcard_contains(pattern: &str, text: &str) -> bool {
    let text = text.to_lowercase();
    let mut at = 0;
    for piece in pattern.to_lowercase().split('*').filter(|p| !p.is_empty()) {
        match text[at..].find(piece) {
            Some(i) => at += i + piece.len(),
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_contains("caller", "Caller Lookup"));
        assert!(wildcard_contains("Call*up", "Caller Lookup"));
        assert!(wildcard_contains("*", "x"));
        assert!(!wildcard_contains("up*Call", "Caller Lookup"));
        assert!(wildcard_contains("İ*", "İstanbul"));
    }

    #[test]
    fn paging() {
        let all: Vec<u32> = (0..44).collect();
        let p = Params::parse(Some("type=inboundcall&pageNumber=2"));
        let l = listing_page(&all, Page { size: 25, number: 2 }, "/api/v2/flows", &p);
        assert_eq!(l.entities.len(), 19);
        assert_eq!(l.page_count, Some(2));
        assert!(l.next_uri.is_none());
        assert_eq!(l.previous_uri.as_deref(), Some("/api/v2/flows?pageSize=25&pageNumber=1&type=inboundcall"));
        let l = listing_page(&all, Page { size: 25, number: u64::MAX }, "/x", &p);
        assert!(l.entities.is_empty());
        let l = listing_page(&all[..0], Page { size: 25, number: 1 }, "/x", &p);
        assert_eq!((l.total, l.page_count), (Some(0), Some(0)));
        assert!(Page::read(&Params::parse(Some("pageSize=abc")), 25, 100).is_err());
        assert!(Page::read(&Params::parse(Some("pageSize=99999999999999999999999")), 25, 100).is_err());
    }
}
