//! E-mail: alerts mailed through the operator's SMTP server (`--smtp-url`, `--smtp-from`), by
//! lettre.

use lettre::{
	message::{header::ContentType, Mailbox},
	AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use std::time::Duration;

/// How long one mail may take to hand over.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The operator's mail server, and the address alerts come from.
#[derive(Clone)]
pub struct Mailer {
	transport: AsyncSmtpTransport<Tokio1Executor>,
	from: Mailbox,
}

impl Mailer {
	/// A mailer through `url` (`smtp://host:port` in clear, `smtp://host?tls=required` with
	/// STARTTLS, `smtps://host` over TLS; user and password in the URL if the server asks),
	/// sending as `from`.
	pub fn new(url: &str, from: &str) -> Result<Mailer, String> {
		let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
			.map_err(|e| format!("--smtp-url: {e}"))?
			.timeout(Some(TIMEOUT))
			.build();
		let from = from.parse().map_err(|e| format!("--smtp-from {from}: {e}"))?;
		Ok(Mailer { transport, from })
	}

	/// Mails `text` to `to`.
	pub async fn send(&self, to: &str, subject: &str, text: String) -> Result<(), String> {
		let to: Mailbox = to.parse().map_err(|e| format!("{to}: {e}"))?;
		let message = Message::builder()
			.from(self.from.clone())
			.to(to)
			.subject(subject)
			.header(ContentType::TEXT_PLAIN)
			.body(text)
			.map_err(|e| e.to_string())?;
		self.transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
	}
}
