//! The indexer's HTTP API (`--indexer`), for what the chain's state no longer holds: a
//! contract's charges over its life, a farm's payouts over a date range.

use crate::failure::Failure;
use http_body_util::{BodyExt, Full};
use hyper::{body::Bytes, Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use std::time::Duration;

/// How long one request to the indexer may take.
const TIMEOUT: Duration = Duration::from_secs(30);
/// The largest answer read (a statement of many payouts fits easily).
const MAX_BODY: usize = 64 << 20;

/// `GET path` on the indexer at `base` (`http://host:port`): the body of a 200 answer; a 404
/// is [`Failure::NotFound`], a 400 [`Failure::Input`], with the indexer's message.
pub async fn get(base: &str, path: &str) -> Result<Vec<u8>, Failure> {
	request(base, Method::GET, path, None).await
}

/// `POST path` with a JSON body, as [`get`]; a 403 (a request the indexer would not take from
/// this signer) is [`Failure::Refused`].
pub async fn post_json<T: serde::de::DeserializeOwned>(
	base: &str,
	path: &str,
	body: &impl serde::Serialize,
) -> Result<T, Failure> {
	let body = serde_json::to_vec(body).map_err(|e| Failure::Input(e.to_string()))?;
	let answer = request(base, Method::POST, path, Some(body)).await?;
	serde_json::from_slice(&answer).map_err(|e| {
		Failure::Unreachable(format!("the indexer's answer is not what it should be: {e}"))
	})
}

/// A statement of the indexer's (`path` without its query) between two days: the typed answer,
/// its JSON for `--json`, and with `csv` the indexer's CSV to print instead of a table.
pub async fn statement<T: serde::de::DeserializeOwned + serde::Serialize>(
	base: &str,
	path: &str,
	from: chrono::NaiveDate,
	to: chrono::NaiveDate,
	csv: bool,
) -> Result<(T, serde_json::Value, Option<String>), Failure> {
	if from > to {
		return Err(Failure::Input(format!("--to {to} is before --from {from}")));
	}
	let path = format!("{path}?from={from}&to={to}");
	let statement: T = get_as(base, &path).await?;
	let data = serde_json::to_value(&statement).map_err(|e| Failure::Input(e.to_string()))?;
	let csv = if csv {
		let body = get(base, &format!("{path}&format=csv")).await?;
		Some(String::from_utf8_lossy(&body).trim_end().to_string())
	} else {
		None
	};
	Ok((statement, data, csv))
}

/// `GET path` read into the indexer's own type.
pub async fn get_as<T: serde::de::DeserializeOwned>(base: &str, path: &str) -> Result<T, Failure> {
	let answer = get(base, path).await?;
	serde_json::from_slice(&answer).map_err(|e| {
		Failure::Unreachable(format!("the indexer's answer is not what it should be: {e}"))
	})
}

async fn request(
	base: &str,
	method: Method,
	path: &str,
	body: Option<Vec<u8>>,
) -> Result<Vec<u8>, Failure> {
	tokio::time::timeout(TIMEOUT, fetch(base, method, path, body)).await.map_err(|_| {
		Failure::Unreachable(format!("the indexer at {base} did not answer in {TIMEOUT:?}"))
	})?
}

async fn fetch(
	base: &str,
	method: Method,
	path: &str,
	body: Option<Vec<u8>>,
) -> Result<Vec<u8>, Failure> {
	let unreachable = |e: &dyn std::fmt::Display| {
		Failure::Unreachable(format!("cannot reach the indexer at {base}: {e}"))
	};
	let (authority, prefix) = split_base(base)?;
	let stream = tokio::net::TcpStream::connect(authority).await.map_err(|e| unreachable(&e))?;
	let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
		.await
		.map_err(|e| unreachable(&e))?;
	tokio::spawn(connection);
	let mut request = Request::builder()
		.method(method)
		.uri(format!("{prefix}{path}"))
		.header(hyper::header::HOST, authority);
	if body.is_some() {
		request = request.header(hyper::header::CONTENT_TYPE, "application/json");
	}
	let request = request
		.body(Full::new(Bytes::from(body.unwrap_or_default())))
		.map_err(|e| Failure::Input(e.to_string()))?;
	let response = sender.send_request(request).await.map_err(|e| unreachable(&e))?;
	let status = response.status();
	let body = http_body_util::Limited::new(response.into_body(), MAX_BODY)
		.collect()
		.await
		.map_err(|e| unreachable(&e))?
		.to_bytes()
		.to_vec();
	let message = || {
		serde_json::from_slice::<serde_json::Value>(&body)
			.ok()
			.and_then(|v| v["error"].as_str().map(str::to_string))
			.unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned())
			// Another's server is not to write to this terminal: no control characters.
			.chars()
			.filter(|c| !c.is_control())
			.take(1_000)
			.collect::<String>()
	};
	match status {
		StatusCode::OK => Ok(body),
		StatusCode::NOT_FOUND => Err(Failure::NotFound(message())),
		StatusCode::BAD_REQUEST => Err(Failure::Input(message())),
		StatusCode::FORBIDDEN => Err(Failure::Refused(message())),
		other => Err(Failure::Unreachable(format!("the indexer answered {other}: {}", message()))),
	}
}

/// The indexer's `http://host:port[/prefix]` as the authority to connect to and the prefix of
/// every path (empty, or `/prefix` without a trailing slash: an indexer behind a reverse proxy
/// that serves it under a path).
fn split_base(base: &str) -> Result<(&str, &str), Failure> {
	let rest = base.strip_prefix("http://").ok_or_else(|| {
		Failure::Input(format!("the indexer's URL must start with http://: {base}"))
	})?;
	let (authority, prefix) = match rest.find('/') {
		Some(slash) => (&rest[..slash], rest[slash..].trim_end_matches('/')),
		None => (rest, ""),
	};
	if authority.is_empty() || prefix.contains(['?', '#']) {
		return Err(Failure::Input(format!(
			"the indexer's URL must be http://host:port, with a path if it is served under one: {base}"
		)));
	}
	Ok((authority, prefix))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_indexers_url_gives_the_authority_and_the_paths_prefix() {
		let split = |base| split_base(base).map_err(|e| e.to_string());
		assert_eq!(split("http://127.0.0.1:8090"), Ok(("127.0.0.1:8090", "")));
		assert_eq!(split("http://127.0.0.1:8090/"), Ok(("127.0.0.1:8090", "")));
		assert_eq!(split("http://grid.example/sc4it/"), Ok(("grid.example", "/sc4it")));
		assert_eq!(split("http://grid.example/a/b"), Ok(("grid.example", "/a/b")));
		for bad in
			["https://grid.example", "grid.example:8090", "http://", "http:///x", "http://h/p?q=1"]
		{
			assert!(split(bad).is_err(), "{bad} is refused");
		}
	}
}
