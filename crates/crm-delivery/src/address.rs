//! The SSRF guard: the addresses a webhook may not reach (loopback, private, link-local
//! with the cloud metadata services, shared, unspecified, multicast, documentation),
//! unless the operator allows private addresses (`CRM_WEBHOOK_ALLOW_PRIVATE=1`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether a webhook may connect to `ip`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guard {
    /// The operator allows loopback and private addresses (tests, an intranet).
    pub allow_private: bool,
}

impl Guard {
    /// `true` when `ip` may be reached.
    pub fn allows(&self, ip: IpAddr) -> bool {
        self.allow_private || public(ip)
    }

    /// `true` when a URL's host, written as an address or `localhost`, may be reached;
    /// a name is checked again each time it is resolved.
    pub fn allows_host(&self, host: &url::Host<&str>) -> bool {
        match host {
            url::Host::Ipv4(ip) => self.allows(IpAddr::V4(*ip)),
            url::Host::Ipv6(ip) => self.allows(IpAddr::V6(*ip)),
            url::Host::Domain(d) => {
                let d = d.trim_end_matches('.').to_ascii_lowercase();
                self.allow_private || !(d == "localhost" || d.ends_with(".localhost"))
            }
        }
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local() // 169.254/16: the metadata services live here
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
        || (a == 192 && b == 0 && ip.octets()[2] == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

/// `true` for an address anyone on the internet could reach.
pub fn public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return public_v4(v4);
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local (fd00:ec2::254 among them)
                || (first & 0xffc0) == 0xfe80 // link-local
                || first == 0x2001 && v6.segments()[1] == 0x0db8 // documentation
                || v6 == Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0)
                || v6.segments()[..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible, deprecated
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn loopback_private_link_local_and_metadata_addresses_are_refused() {
        let g = Guard {
            allow_private: false,
        };
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fd00:ec2::254",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!g.allows(ip(bad)), "{bad} should be refused");
        }
        for good in ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"] {
            assert!(g.allows(ip(good)), "{good} should be allowed");
        }
    }

    #[test]
    fn an_operator_may_allow_private_addresses() {
        let g = Guard {
            allow_private: true,
        };
        assert!(g.allows(ip("127.0.0.1")));
        assert!(g.allows_host(&url::Host::Domain("localhost")));
    }

    #[test]
    fn localhost_by_name_is_refused_before_any_lookup() {
        let g = Guard {
            allow_private: false,
        };
        assert!(!g.allows_host(&url::Host::Domain("localhost")));
        assert!(!g.allows_host(&url::Host::Domain("api.LOCALHOST.")));
        assert!(g.allows_host(&url::Host::Domain("hooks.example.com")));
    }
}
