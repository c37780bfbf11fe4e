//! What a command prints: a table or sentences for people, the same data as one JSON object
//! with `--json` (as gh and kubectl do).

use comfy_table::{presets::NOTHING, Table};
use serde_json::Value;

/// A command's result, in both forms.
pub struct Reply {
	/// For scripts (`--json`): one JSON object.
	pub data: Value,
	/// For people: sentences, a table, or `field  value` lines.
	pub text: String,
}

impl Reply {
	pub fn new(text: impl Into<String>, data: Value) -> Self {
		Reply { data, text: text.into() }
	}
}

/// Columns under a header, aligned, without borders (as `kubectl get` prints them).
pub fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
	let mut table = Table::new();
	table.load_preset(NOTHING).set_header(header.iter().map(|h| h.to_uppercase()));
	for row in rows {
		table.add_row(row);
	}
	render(table)
}

/// `name  value` lines, the values aligned (as `kubectl describe` prints them).
pub fn fields(pairs: &[(&str, String)]) -> String {
	let mut table = Table::new();
	table.load_preset(NOTHING);
	for (name, value) in pairs {
		table.add_row(vec![format!("{name}:"), value.clone()]);
	}
	render(table)
}

fn render(mut table: Table) -> String {
	for column in table.column_iter_mut() {
		column.set_padding((0, 2));
	}
	table.to_string().lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn tables_are_aligned_columns_under_a_header() {
		let text = table(
			&["id", "state"],
			vec![vec!["0".into(), "deployed".into()], vec!["12".into(), "created".into()]],
		);
		assert_eq!(text, "ID  STATE\n0   deployed\n12  created");
	}

	#[test]
	fn fields_align_their_values() {
		let text = fields(&[("state", "deployed".into()), ("paid until", "block 9".into())]);
		assert_eq!(text, "state:       deployed\npaid until:  block 9");
	}
}
