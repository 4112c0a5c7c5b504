//! The 18 Genesys Cloud regions (Platform API client `PureCloudRegionHosts`).
//! The API host is `api.<domain>` and the login host `login.<domain>`.

/// A Genesys Cloud region: its SDK name and its domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub name: &'static str,
    pub label: &'static str,
    pub domain: &'static str,
}

impl Region {
    /// `https://api.<domain>`, the base URL of the Platform API.
    pub fn api_base(&self) -> String {
        format!("https://api.{}", self.domain)
    }
    /// `api.<domain>`.
    pub fn api_host(&self) -> String {
        format!("api.{}", self.domain)
    }
    /// `login.<domain>`.
    pub fn login_host(&self) -> String {
        format!("login.{}", self.domain)
    }
}

pub const REGIONS: [Region; 18] = [
    Region { name: "us_east_1", label: "Americas (US East)", domain: "mypurecloud.com" },
    Region { name: "eu_west_1", label: "EMEA (Dublin)", domain: "mypurecloud.ie" },
    Region { name: "ap_southeast_2", label: "Asia Pacific (Sydney)", domain: "mypurecloud.com.au" },
    Region { name: "ap_northeast_1", label: "Asia Pacific (Tokyo)", domain: "mypurecloud.jp" },
    Region { name: "eu_central_1", label: "EMEA (Frankfurt)", domain: "mypurecloud.de" },
    Region { name: "us_west_2", label: "Americas (US West)", domain: "usw2.pure.cloud" },
    Region { name: "ca_central_1", label: "Americas (Canada)", domain: "cac1.pure.cloud" },
    Region { name: "ap_northeast_2", label: "Asia Pacific (Seoul)", domain: "apne2.pure.cloud" },
    Region { name: "eu_west_2", label: "EMEA (London)", domain: "euw2.pure.cloud" },
    Region { name: "ap_south_1", label: "Asia Pacific (Mumbai)", domain: "aps1.pure.cloud" },
    Region { name: "us_east_2", label: "Americas (US East 2, FedRAMP)", domain: "use2.us-gov-pure.cloud" },
    Region { name: "sa_east_1", label: "Americas (Sao Paulo)", domain: "sae1.pure.cloud" },
    Region { name: "me_central_1", label: "Middle East (UAE)", domain: "mec1.pure.cloud" },
    Region { name: "ap_northeast_3", label: "Asia Pacific (Osaka)", domain: "apne3.pure.cloud" },
    Region { name: "eu_central_2", label: "EMEA (Zurich)", domain: "euc2.pure.cloud" },
    Region { name: "mx_central_1", label: "Americas (Mexico)", domain: "mxc1.pure.cloud" },
    Region { name: "ap_southeast_1", label: "Asia Pacific (Jakarta)", domain: "apse1.pure.cloud" },
    Region { name: "eusc_de_east_1", label: "EU Sovereign Cloud (Germany)", domain: "edee1.eusc-pure.cloud" },
];

/// The region whose API base URL is `base` (scheme, host, optional trailing slash), if any.
pub fn region_for_api_base(base: &str) -> Option<&'static Region> {
    let host = base.trim().trim_end_matches('/').strip_prefix("https://")?.to_ascii_lowercase();
    REGIONS.iter().find(|r| r.api_host() == host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighteen_distinct_domains() {
        let mut d: Vec<_> = REGIONS.iter().map(|r| r.domain).collect();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 18);
    }

    #[test]
    fn finds_region_from_base() {
        assert_eq!(region_for_api_base("https://api.mypurecloud.ie/").unwrap().name, "eu_west_1");
        assert!(region_for_api_base("http://api.mypurecloud.ie").is_none());
        assert!(region_for_api_base("https://api.example.com").is_none());
    }
}
