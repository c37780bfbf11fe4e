//! The node's HTTP server: `GET /sc4it/v1/report[?at=<block>]` (the report protocol,
//! docs/report-protocol.md) and `GET /health`. A fixed pool of worker threads takes connections
//! from a bounded queue; when the queue is full a connection is answered 503 at once, so many
//! concurrent requests slow nobody down for long and never exhaust the agent. Requests are read
//! with a deadline and a size bound.

use crate::{
	report::{healthy, report},
	Shared,
};
use sc4it_report::REPORT_PATH;
use std::{
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	sync::{atomic::Ordering, mpsc, Arc, Mutex},
	time::Duration,
};

const WORKERS: usize = 8;
const QUEUE: usize = 64;
const MAX_REQUEST: usize = 8 * 1024;

/// Serves on `listener` until the process ends.
pub fn serve(listener: TcpListener, shared: Arc<Shared>) {
	let (queue, jobs) = mpsc::sync_channel::<TcpStream>(QUEUE);
	let jobs = Arc::new(Mutex::new(jobs));
	for _ in 0..WORKERS {
		let jobs = jobs.clone();
		let shared = shared.clone();
		std::thread::spawn(move || loop {
			let next = jobs.lock().map(|rx| rx.recv());
			match next {
				Ok(Ok(stream)) => handle(stream, &shared),
				_ => return,
			}
		});
	}
	for stream in listener.incoming().flatten() {
		if let Err(mpsc::TrySendError::Full(mut stream)) = queue.try_send(stream) {
			let _ = stream.write_all(
				b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
			);
		}
	}
}

fn handle(mut stream: TcpStream, shared: &Shared) {
	let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
	let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
	let mut request = Vec::new();
	let mut buffer = [0u8; 1024];
	while !request.windows(4).any(|w| w == b"\r\n\r\n") {
		match stream.read(&mut buffer) {
			Ok(0) | Err(_) => return,
			Ok(n) => request.extend_from_slice(&buffer[..n]),
		}
		if request.len() > MAX_REQUEST {
			return respond(&mut stream, "431 Request Header Fields Too Large", "text/plain", "");
		}
	}
	let head = String::from_utf8_lossy(&request);
	let mut parts = head.lines().next().unwrap_or("").split_whitespace();
	let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
	if method != "GET" {
		return respond(&mut stream, "405 Method Not Allowed", "text/plain", "only GET\n");
	}
	let (path, query) = target.split_once('?').unwrap_or((target, ""));
	match path {
		"/health" => {
			let body = serde_json::json!({
				"node": shared.config.node,
				"latest_block": shared.latest.load(Ordering::SeqCst),
				"healthy": healthy(shared),
				"volumes": shared.state.lock().map(|s| s.volumes.len()).unwrap_or(0),
			});
			respond(&mut stream, "200 OK", "application/json", &body.to_string())
		},
		p if p == REPORT_PATH => {
			let at = query.split('&').find_map(|kv| kv.strip_prefix("at="));
			let at = match at.map(str::parse::<u32>) {
				None => None,
				Some(Ok(n)) => Some(n),
				Some(Err(_)) => {
					return respond(
						&mut stream,
						"400 Bad Request",
						"text/plain",
						"at: a block number\n",
					)
				},
			};
			match report(shared, at) {
				Some(body) => respond(&mut stream, "200 OK", "application/json", &body),
				None => respond(
					&mut stream,
					"503 Service Unavailable",
					"text/plain",
					"not synced yet\n",
				),
			}
		},
		_ => respond(&mut stream, "404 Not Found", "text/plain", "not found\n"),
	}
}

fn respond(stream: &mut TcpStream, status: &str, content_type: &str, body: &str) {
	let _ = stream.write_all(
		format!(
			"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
			body.len()
		)
		.as_bytes(),
	);
}
