//! The report's canonical form, signature and strict JSON parsing.

use crate::{json::*, *};
use sp_core::Pair;

fn node_pair() -> ed25519::Pair {
	ed25519::Pair::from_string("//Ferdie", None).unwrap()
}

/// The genesis hash of the chain the tests' reports are made for.
const GENESIS: H256 = H256([7; 32]);

/// What a verifier of node 3 expects, its health confirmed up to `confirmed_until`.
fn expected(node: NodeId, key: ed25519::Public, confirmed_until: BlockNumber) -> Expected {
	Expected { genesis: GENESIS, node, key, confirmed_until }
}

fn report(at_block: BlockNumber) -> Report {
	Report {
		version: VERSION,
		genesis: GENESIS,
		node: 3,
		at_block,
		healthy: true,
		contracts: vec![
			ContractReport {
				contract: 7,
				state: VolumeState::Deployed { since: 90 },
				used_bytes: 1 << 20,
			},
			ContractReport {
				contract: 8,
				state: VolumeState::Failed { reason: FailureReason::InsufficientDisk, at: 95 },
				used_bytes: 0,
			},
			ContractReport {
				contract: u64::MAX,
				state: VolumeState::Removed { at: 99 },
				used_bytes: u64::MAX,
			},
		]
		.try_into()
		.unwrap(),
	}
}

fn signed_json(at_block: BlockNumber) -> String {
	to_json(&report(at_block).sign(&node_pair()))
}

#[test]
fn a_signed_report_survives_its_json_form_and_checks() {
	let signed = report(100).sign(&node_pair());
	let parsed = from_json(to_json(&signed).as_bytes()).unwrap();
	assert_eq!(parsed, signed);
	assert_eq!(parsed.check(&expected(3, node_pair().public(), 99), 100), Ok(()));
	assert_eq!(parsed.id(), signed.id());
	assert_ne!(parsed.id(), report(101).sign(&node_pair()).id());
}

#[test]
fn check_refuses_wrong_node_stale_future_and_forged_reports() {
	let signed = report(100).sign(&node_pair());
	let key = node_pair().public();
	assert_eq!(signed.check(&expected(4, key, 0), 200), Err(ReportError::WrongNode));
	assert_eq!(signed.check(&expected(3, key, 100), 200), Err(ReportError::Stale));
	assert_eq!(signed.check(&expected(3, key, 0), 99), Err(ReportError::FromTheFuture));
	let other = ed25519::Pair::from_string("//Eve", None).unwrap().public();
	assert_eq!(signed.check(&expected(3, other, 0), 200), Err(ReportError::BadSignature));
	// Inflating the usage after signing breaks the signature.
	let inflated = signed_json(100).replace("\"1048576\"", "\"2097152\"");
	assert_eq!(
		from_json(inflated.as_bytes()).unwrap().check(&expected(3, key, 0), 200),
		Err(ReportError::BadSignature)
	);
	let mut newer = signed.clone();
	newer.report.version = VERSION + 1;
	assert_eq!(newer.check(&expected(3, key, 0), 200), Err(ReportError::UnsupportedVersion));
}

#[test]
fn a_report_made_for_another_chain_is_refused_by_name() {
	let key = node_pair().public();
	// Signed by the right key for the right node, but for a test network's genesis.
	let elsewhere = Report { genesis: H256([8; 32]), ..report(100) }.sign(&node_pair());
	assert!(elsewhere.verify(&key));
	assert_eq!(elsewhere.check(&expected(3, key, 0), 200), Err(ReportError::WrongChain));
	assert_eq!(
		elsewhere.signed_header().check(&expected(3, key, 0), 200),
		Err(ReportError::WrongChain)
	);
	// Claiming this chain's genesis afterwards breaks the signature.
	let mut relabelled = elsewhere.clone();
	relabelled.report.genesis = GENESIS;
	assert_eq!(relabelled.check(&expected(3, key, 0), 200), Err(ReportError::BadSignature));
}

#[test]
fn a_signature_is_over_the_context_and_the_encoding() {
	use codec::Encode;
	let r = report(100);
	// A signature over the header without the context does not verify.
	let bare = node_pair().sign(&r.header().encode());
	assert!(!SignedReport { report: r.clone(), signature: bare }.verify(&node_pair().public()));
	assert!(r.sign(&node_pair()).verify(&node_pair().public()));
}

#[test]
fn the_json_form_is_what_the_protocol_doc_shows() {
	let json = signed_json(1200);
	assert!(json.starts_with("{\"version\":\"2\",\"genesis\":\"0x0707070707070707070707070707070707070707070707070707070707070707\",\"node\":\"3\",\"at_block\":\"1200\",\"healthy\":true,\"contracts\":[{\"id\":\"7\",\"state\":\"deployed\",\"since\":\"90\",\"used_bytes\":\"1048576\"},"));
	assert!(json.contains(
		"{\"id\":\"8\",\"state\":\"failed\",\"reason\":\"insufficient_disk\",\"at\":\"95\",\"used_bytes\":\"0\"}"
	));
	assert!(json.contains(&format!(
		"{{\"id\":\"{}\",\"state\":\"removed\",\"at\":\"99\",\"used_bytes\":\"{}\"}}",
		u64::MAX,
		u64::MAX
	)));
}

#[test]
fn malformed_bodies_are_refused_before_lite_json_sees_them() {
	let good = signed_json(100);
	let cases: Vec<(String, ReportError)> = vec![
		// A bare number: lite-json's u64 arithmetic would overflow on this one.
		(
			good.replace("\"node\":\"3\"", "\"node\":99999999999999999999999999"),
			ReportError::Malformed,
		),
		(good.replace("\"node\":\"3\"", "\"node\":3"), ReportError::Malformed),
		(good.replace("\"healthy\":true", "\"healthy\":-1"), ReportError::Malformed),
		// Escapes, which lite-json decodes wrongly.
		(good.replace("\"deployed\"", "\"deploy\\u0065d\""), ReportError::Malformed),
		(good.replace("\"deployed\"", "\"d\\\"eployed\""), ReportError::Malformed),
		("{\"version\":\"2\",\u{e9}}".to_string(), ReportError::Malformed),
		(good[..good.len() / 2].to_string(), ReportError::Malformed),
		(String::new(), ReportError::Malformed),
		("[]".to_string(), ReportError::BadField),
		(format!("{good}{}", " ".repeat(MAX_BODY_BYTES)), ReportError::TooLarge),
	];
	for (body, expected) in cases {
		let shown: String = body.chars().take(80).collect();
		assert_eq!(from_json(body.as_bytes()), Err(expected), "{shown}");
	}
}

#[test]
fn fields_must_be_exact() {
	let good = signed_json(100);
	let cases: Vec<(String, ReportError)> = vec![
		(good.replace("\"at_block\":\"100\"", "\"at_block\":\"0100\""), ReportError::BadNumber),
		(
			good.replace("\"at_block\":\"100\"", "\"at_block\":\"4294967296\""),
			ReportError::BadNumber,
		),
		(good.replace("\"at_block\":\"100\"", "\"at_block\":\"\""), ReportError::BadNumber),
		(good.replace("\"at_block\":\"100\"", "\"at_block\":\"1e3\""), ReportError::BadNumber),
		(
			good.replace("\"used_bytes\":\"0\"", "\"used_bytes\":\"18446744073709551616\""),
			ReportError::BadNumber,
		),
		(good.replace("\"version\":\"2\"", "\"version\":\"1\""), ReportError::UnsupportedVersion),
		(good.replace("\"genesis\":\"0x07", "\"genesis\":\"0x7"), ReportError::BadField),
		(good.replace("\"genesis\":\"0x07", "\"genesis\":\"0x0Z"), ReportError::BadField),
		(good.replace("\"at\":\"95\",", ""), ReportError::BadField),
		(good.replace("\"healthy\":true", "\"healthy\":\"yes\""), ReportError::BadField),
		(good.replace("\"healthy\":true,", ""), ReportError::BadField),
		(
			good.replace("\"healthy\":true", "\"healthy\":true,\"healthy\":false"),
			ReportError::BadField,
		),
		(
			good.replace("\"healthy\":true", "\"healthy\":true,\"extra\":\"x\""),
			ReportError::BadField,
		),
		(good.replace("\"state\":\"deployed\"", "\"state\":\"lost\""), ReportError::BadField),
		(
			good.replace("\"reason\":\"insufficient_disk\"", "\"reason\":\"bored\""),
			ReportError::BadField,
		),
		(good.replace("\"since\":\"90\"", "\"since\":\"90\",\"at\":\"5\""), ReportError::BadField),
		(good.replace("\"since\":\"90\",", ""), ReportError::BadField),
		(good.replace("\"signature\":\"0x", "\"signature\":\"0xzz"), ReportError::BadField),
		(good.replace("\"signature\":\"0x", "\"signature\":\"0xab"), ReportError::BadField),
	];
	for (body, expected) in cases {
		assert_eq!(from_json(body.as_bytes()), Err(expected), "{body}");
	}
}

#[test]
fn a_report_lists_at_most_max_contracts() {
	let entry = "{\"id\":\"1\",\"state\":\"removed\",\"at\":\"1\",\"used_bytes\":\"0\"}";
	let many = vec![entry; MAX_CONTRACTS as usize + 1].join(",");
	let good = signed_json(100);
	let start = good.find("\"contracts\":[").unwrap() + "\"contracts\":[".len();
	let end = good.find("],\"signature\"").unwrap();
	let body = format!("{}{many}{}", &good[..start], &good[end..]);
	assert_eq!(from_json(body.as_bytes()), Err(ReportError::TooManyContracts));
}

#[test]
fn each_entry_is_proven_by_the_signed_header_alone() {
	let signed = report(100).sign(&node_pair());
	let header = signed.signed_header();
	assert_eq!(header.check(&expected(3, node_pair().public(), 99), 100), Ok(()));
	assert_eq!(header.header.contract_count, 3);
	for index in 0..3 {
		let proven = signed.prove(index).unwrap();
		assert!(proven.verify(&header.header), "entry {index}");
		// The same entry claimed at another position is refused.
		let moved = ProvenEntry { index: (index + 1) % 3, ..proven.clone() };
		assert!(!moved.verify(&header.header));
		// So is an entry whose usage was altered.
		let mut inflated = proven.clone();
		inflated.entry.used_bytes ^= 1;
		assert!(!inflated.verify(&header.header));
	}
	assert!(signed.prove(3).is_none());
	// A proof from another report does not fit this header.
	let other = report(101).sign(&node_pair());
	let mut foreign = other.prove(0).unwrap();
	foreign.entry.used_bytes = 7;
	assert!(!foreign.verify(&header.header));
}

#[test]
fn a_full_report_has_proofs_within_the_bound() {
	let entries: Vec<ContractReport> = (0..MAX_CONTRACTS as u64)
		.map(|i| ContractReport {
			contract: i,
			state: VolumeState::Deployed { since: 1 },
			used_bytes: i,
		})
		.collect();
	let signed =
		Report { contracts: entries.try_into().unwrap(), ..report(100) }.sign(&node_pair());
	let header = signed.signed_header().header;
	for index in [0, 1, 511, MAX_CONTRACTS - 1] {
		let proven = signed.prove(index).expect("proof fits MaxProofDepth");
		assert!(proven.proof.len() <= 10);
		assert!(proven.verify(&header));
	}
}

#[test]
fn an_empty_report_has_a_header_and_no_entries() {
	let signed = Report { contracts: Default::default(), ..report(100) }.sign(&node_pair());
	assert_eq!(signed.check(&expected(3, node_pair().public(), 0), 100), Ok(()));
	assert_eq!(signed.signed_header().header.contract_count, 0);
	assert!(signed.prove(0).is_none());
}
