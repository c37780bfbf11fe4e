//! Webhooks: the URL a subscriber gives, checked when they subscribe, and the HTTP client that
//! POSTs the alerts to it. The URL is a stranger's: unless the operator allows private
//! addresses (`--alerts-allow-private`, for a private grid and for tests), the client connects
//! only to public addresses, checked after the name is resolved, so that no subscriber can make
//! the indexer call its own machine or network (a name that resolves to 127.0.0.1 included).

use futures::future::BoxFuture;
use http_body_util::Full;
use hyper::body::Bytes;
use hyper_util::{
	client::legacy::{
		connect::{dns::Name, HttpConnector},
		Client,
	},
	rt::TokioExecutor,
};
use sc4it_net::Reach;
use std::{
	net::{IpAddr, SocketAddr},
	task::{Context, Poll},
	time::Duration,
};

/// How long one delivery may take, connection to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Whether an address may be called: public, or any but "nowhere" when private ones are allowed.
fn allowed(ip: IpAddr, allow_private: bool) -> bool {
	match sc4it_net::reach(ip) {
		Reach::Public => true,
		Reach::Loopback | Reach::Private => allow_private,
		Reach::Nowhere => false,
	}
}

/// Checks a webhook URL as given: `http://` or `https://`, a host, at most
/// [`MAX_TARGET_LEN`](super::requests::MAX_TARGET_LEN) characters, and an address literal that
/// may be called. A name is checked when it is resolved, at each delivery.
pub fn check_url(url: &str, allow_private: bool) -> Result<(), String> {
	if url.len() > super::requests::MAX_TARGET_LEN {
		return Err(format!(
			"a webhook URL has at most {} characters",
			super::requests::MAX_TARGET_LEN
		));
	}
	let uri: hyper::Uri = url.parse().map_err(|e| format!("not a URL: {url}: {e}"))?;
	if !matches!(uri.scheme_str(), Some("http" | "https")) {
		return Err(format!("a webhook URL starts with http:// or https://: {url}"));
	}
	let host = uri.host().filter(|h| !h.is_empty()).ok_or_else(|| format!("no host in {url}"))?;
	if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
		return Err(format!("a webhook URL has no user or password: {url}"));
	}
	let literal = host.trim_start_matches('[').trim_end_matches(']');
	if let Ok(ip) = literal.parse::<IpAddr>() {
		if !allowed(ip, allow_private) {
			return Err(format!("{host} is not a public address"));
		}
	} else if host.eq_ignore_ascii_case("localhost") && !allow_private {
		return Err("localhost is not a public address".into());
	}
	Ok(())
}

/// A resolver that gives only the addresses that may be called.
#[derive(Clone)]
pub struct CallableOnly {
	allow_private: bool,
}

impl tower_service::Service<Name> for CallableOnly {
	type Response = std::vec::IntoIter<SocketAddr>;
	type Error = std::io::Error;
	type Future = BoxFuture<'static, Result<Self::Response, Self::Error>>;

	fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
		Poll::Ready(Ok(()))
	}

	fn call(&mut self, name: Name) -> Self::Future {
		let allow_private = self.allow_private;
		Box::pin(async move {
			let host = name.as_str().to_string();
			let found: Vec<SocketAddr> =
				tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
			let callable: Vec<SocketAddr> =
				found.iter().copied().filter(|a| allowed(a.ip(), allow_private)).collect();
			if callable.is_empty() {
				return Err(std::io::Error::new(
					std::io::ErrorKind::PermissionDenied,
					format!("{host} resolves to no public address"),
				));
			}
			Ok(callable.into_iter())
		})
	}
}

/// The webhooks' HTTP client.
#[derive(Clone)]
pub struct WebhookClient {
	client: Client<hyper_rustls::HttpsConnector<HttpConnector<CallableOnly>>, Full<Bytes>>,
	allow_private: bool,
}

impl WebhookClient {
	/// A client over the system's root certificates (none if they cannot be read: `https`
	/// webhooks then fail, each with the reason, and `http` ones work).
	pub fn new(allow_private: bool) -> WebhookClient {
		let mut http = HttpConnector::new_with_resolver(CallableOnly { allow_private });
		http.enforce_http(false);
		http.set_connect_timeout(Some(TIMEOUT));
		let builder = match hyper_rustls::HttpsConnectorBuilder::new().with_native_roots() {
			Ok(builder) => builder,
			Err(e) => {
				log::warn!("alerts: no root certificates ({e}): https webhooks will fail");
				let roots = rustls::RootCertStore::empty();
				hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(
					rustls::ClientConfig::builder()
						.with_root_certificates(roots)
						.with_no_client_auth(),
				)
			},
		};
		let https = builder.https_or_http().enable_http1().wrap_connector(http);
		let client = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(0).build(https);
		WebhookClient { client, allow_private }
	}

	/// POSTs `body` (JSON) to `url` with `headers`: `Ok` for a 2xx answer within [`TIMEOUT`],
	/// else why not.
	pub async fn post(
		&self,
		url: &str,
		headers: &[(&str, String)],
		body: Vec<u8>,
	) -> Result<(), String> {
		check_url(url, self.allow_private)?;
		let mut request = hyper::Request::post(url)
			.header(hyper::header::CONTENT_TYPE, "application/json")
			.header(
				hyper::header::USER_AGENT,
				concat!("sc4it-indexer/", env!("CARGO_PKG_VERSION")),
			);
		for (name, value) in headers {
			request = request.header(*name, value);
		}
		let request = request.body(Full::new(Bytes::from(body))).map_err(|e| e.to_string())?;
		let answer = tokio::time::timeout(TIMEOUT, self.client.request(request))
			.await
			.map_err(|_| format!("no answer in {}s", TIMEOUT.as_secs()))?
			.map_err(|e| match std::error::Error::source(&e) {
				Some(source) => format!("{e}: {source}"),
				None => e.to_string(),
			})?;
		// The answer's body is not read: only its status counts.
		let status = answer.status();
		if status.is_success() {
			Ok(())
		} else {
			Err(format!("answered {status}"))
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_webhook_goes_to_a_public_address_unless_private_ones_are_allowed() {
		assert_eq!(check_url("https://hooks.example.com/sc4it", false), Ok(()));
		assert_eq!(check_url("http://203.0.113.7:8080/x", false), Ok(()));
		for private in [
			"http://127.0.0.1:9/x",
			"http://localhost/x",
			"http://10.1.2.3/",
			"http://[::1]:80/",
			"http://169.254.169.254/latest/meta-data",
			"http://[::ffff:192.168.0.1]/",
		] {
			assert!(check_url(private, false).is_err(), "{private} refused");
			assert_eq!(check_url(private, true), Ok(()), "{private} allowed");
		}
		for bad in [
			"ftp://example.com/",
			"example.com/x",
			"http:///x",
			"http://user:pw@example.com/",
			"http://0.0.0.0/",
		] {
			assert!(check_url(bad, true).is_err(), "{bad} refused");
		}
		assert!(check_url(&format!("https://example.com/{}", "a".repeat(600)), false).is_err());
	}

	/// A name that resolves to loopback only is refused at delivery, the check of the URL as
	/// given notwithstanding.
	#[tokio::test]
	async fn a_name_that_resolves_to_loopback_is_not_called() {
		let mut resolver = CallableOnly { allow_private: false };
		let name: Name = "localhost".parse().unwrap();
		let error = tower_service::Service::call(&mut resolver, name).await.unwrap_err();
		assert_eq!(error.kind(), std::io::ErrorKind::PermissionDenied, "{error}");
		let mut allowing = CallableOnly { allow_private: true };
		let name: Name = "localhost".parse().unwrap();
		assert!(tower_service::Service::call(&mut allowing, name).await.is_ok());
	}
}
