//! A real HTTP server that receives webhooks for a test (hyper, on its own thread and tokio
//! runtime): it keeps every request, and answers each with the status a test's rule gives.

use http_body_util::{BodyExt, Full};
use hyper::{body::Bytes, server::conn::http1, service::service_fn, Request, Response};
use hyper_util::rt::TokioIo;
use std::{
	collections::BTreeMap,
	sync::{Arc, Mutex},
};

/// A request received.
#[derive(Debug, Clone)]
pub struct Received {
	pub path: String,
	/// Its headers, names in lower case.
	pub headers: BTreeMap<String, String>,
	pub body: Vec<u8>,
	/// The status it was answered with.
	pub status: u16,
}

impl Received {
	/// Its body as JSON (`Null` if it is not).
	pub fn json(&self) -> serde_json::Value {
		serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
	}
}

/// What status to answer a request with, given those received before it.
pub type Rule = dyn Fn(&[Received], &serde_json::Value) -> u16 + Send + Sync;

/// A running receiver, on 127.0.0.1; it stops with the test.
pub struct WebhookReceiver {
	received: Arc<Mutex<Vec<Received>>>,
	/// Its port.
	pub port: u16,
}

impl WebhookReceiver {
	/// A receiver that answers 200 to everything.
	pub fn start() -> WebhookReceiver {
		WebhookReceiver::start_with(Arc::new(|_, _| 200))
	}

	/// A receiver that answers what `rule` says.
	pub fn start_with(rule: Arc<Rule>) -> WebhookReceiver {
		let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
		listener.set_nonblocking(true).unwrap();
		let port = listener.local_addr().unwrap().port();
		let received = Arc::new(Mutex::new(Vec::new()));
		let kept = received.clone();
		std::thread::spawn(move || {
			let runtime =
				tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
			runtime.block_on(async move {
				let listener = tokio::net::TcpListener::from_std(listener).unwrap();
				loop {
					let Ok((stream, _)) = listener.accept().await else { continue };
					let (kept, rule) = (kept.clone(), rule.clone());
					tokio::spawn(async move {
						let service = service_fn(move |request: Request<hyper::body::Incoming>| {
							let (kept, rule) = (kept.clone(), rule.clone());
							async move {
								let path = request.uri().path().to_string();
								let headers = request
									.headers()
									.iter()
									.map(|(name, value)| {
										(
											name.as_str().to_string(),
											value.to_str().unwrap_or_default().to_string(),
										)
									})
									.collect();
								let body = request.into_body().collect().await?.to_bytes().to_vec();
								let json = serde_json::from_slice(&body).unwrap_or_default();
								let mut all = kept.lock().unwrap();
								let status = rule(&all, &json);
								all.push(Received { path, headers, body, status });
								Ok::<_, hyper::Error>(
									Response::builder()
										.status(status)
										.body(Full::new(Bytes::new()))
										.unwrap(),
								)
							}
						});
						let _ = http1::Builder::new()
							.serve_connection(TokioIo::new(stream), service)
							.await;
					});
				}
			});
		});
		WebhookReceiver { received, port }
	}

	/// `http://127.0.0.1:<port><path>`.
	pub fn url(&self, path: &str) -> String {
		format!("http://127.0.0.1:{}{path}", self.port)
	}

	/// Every request received so far, in order.
	pub fn received(&self) -> Vec<Received> {
		self.received.lock().unwrap().clone()
	}
}
