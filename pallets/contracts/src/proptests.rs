//! Property test: random sequences of create, top-up, cancel, deploy, fail, remove, node health
//! (up and down), node removal and block production over several users, farms and nodes.
//!
//! After every step it checks:
//! - total issuance is unchanged;
//! - every planck is accounted for: users' free balance + their funds in the escrow
//!   (`escrow_of`) + everything ever charged is what they started with; the escrow holds the
//!   users' funds and what was charged and not paid to farms and the treasury;
//! - the pallet's invariants (`try_state`): every node's summed rate is its streaming
//!   contracts', and the pot is every contract's balance, node's earnings and pending payout;
//! - every contract has been charged (paid + owed) exactly its rate times the number of blocks,
//!   counted by the model from the health it reported, in which it was deployed and its node was
//!   healthy: so no block twice, none while undeployed or down, and none missed;
//! - each node's reserved capacity is the sum of its live contracts' volumes.

use crate::{mock::*, *};
use alloc::collections::BTreeMap;
use frame_support::traits::fungible::Inspect;
use proptest::prelude::*;
use sc4it_primitives::{ContractId, DiskType, FailureReason, NodeHealth, NodeId, Volume};

fn health_of(healthy: bool) -> NodeHealth {
	if healthy {
		NodeHealth::Healthy
	} else {
		NodeHealth::Down
	}
}

const USERS: [AccountId; 3] = [ALICE, BOB, CHARLIE];
const NODES: [NodeId; 2] = [0, 1];

#[derive(Clone, Debug)]
enum Op {
	Create {
		user: usize,
		node: usize,
		ssd: bool,
		size: u64,
		blocks: u64,
		extra: u64,
	},
	TopUp {
		payer: usize,
		contract: usize,
		amount: u128,
	},
	Cancel {
		contract: usize,
		by_owner: bool,
	},
	Deploy {
		contract: usize,
		now: bool,
		pick: u64,
	},
	Fail {
		contract: usize,
	},
	/// The node removed the volume now.
	Remove {
		contract: usize,
	},
	/// A report: the node's health for some blocks, and maybe a volume removed inside them.
	Health {
		node: usize,
		blocks: u64,
		healthy: bool,
		removed: Option<(usize, u64)>,
	},
	Advance {
		blocks: u64,
	},
	RemoveNode {
		node: usize,
	},
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		4 => (0..3usize, 0..2usize, any::<bool>(), 1..40u64, 10..60u64, 0..100u64)
			.prop_map(|(user, node, ssd, size, blocks, extra)| Op::Create { user, node, ssd, size, blocks, extra }),
		2 => (0..3usize, 0..8usize, 1..3_000u128).prop_map(|(payer, contract, amount)| Op::TopUp { payer, contract, amount }),
		2 => (0..8usize, prop::bool::weighted(0.9)).prop_map(|(contract, by_owner)| Op::Cancel { contract, by_owner }),
		4 => (0..8usize, any::<bool>(), any::<u64>()).prop_map(|(contract, now, pick)| Op::Deploy { contract, now, pick }),
		1 => (0..8usize).prop_map(|contract| Op::Fail { contract }),
		1 => (0..8usize).prop_map(|contract| Op::Remove { contract }),
		6 => (0..2usize, 1..25u64, prop::bool::weighted(0.75), prop::option::weighted(0.1, (0..8usize, any::<u64>())))
			.prop_map(|(node, blocks, healthy, removed)| Op::Health { node, blocks, healthy, removed }),
		5 => (1..20u64).prop_map(|blocks| Op::Advance { blocks }),
		1 => prop::bool::weighted(0.15).prop_map(|remove| if remove { Op::RemoveNode { node: 0 } } else { Op::Advance { blocks: 1 } }),
	]
}

/// What the model knows of a node: the health it reported, block by block.
#[derive(Default)]
struct NodeModel {
	health: Vec<bool>,
	segment_start: u64,
	removed: bool,
}

impl NodeModel {
	fn confirmed_until(&self) -> u64 {
		self.health.len() as u64
	}
	fn healthy_in(&self, from: u64, to: u64) -> u64 {
		let to = to.min(self.confirmed_until());
		(from..to).filter(|b| self.health[*b as usize]).count() as u64
	}
}

struct ContractModel {
	id: ContractId,
	owner: AccountId,
	node: NodeId,
	rate: u128,
	volume: Volume,
	start: Option<u64>,
	end: Option<u64>,
	closed: bool,
}

impl ContractModel {
	fn expected(&self, nodes: &BTreeMap<NodeId, NodeModel>) -> u128 {
		let Some(start) = self.start else { return 0 };
		let end = self.end.unwrap_or(u64::MAX);
		if end <= start {
			return 0;
		}
		self.rate * nodes[&self.node].healthy_in(start, end) as u128
	}
}

struct Model {
	nodes: BTreeMap<NodeId, NodeModel>,
	contracts: Vec<ContractModel>,
	closed_charged: u128,
	events_seen: usize,
}

impl Model {
	fn new() -> Self {
		Self {
			nodes: NODES.iter().map(|n| (*n, NodeModel::default())).collect(),
			contracts: Vec::new(),
			closed_charged: 0,
			events_seen: 0,
		}
	}

	fn contract(&self, i: usize) -> Option<&ContractModel> {
		if self.contracts.is_empty() {
			None
		} else {
			self.contracts.get(i % self.contracts.len())
		}
	}

	/// Reads the events since the last step: the blocks contracts ended at, and the totals of
	/// the ones that closed, which are checked against the model.
	fn observe_events(&mut self) -> Result<(), TestCaseError> {
		let all = events();
		for e in &all[self.events_seen..] {
			match e {
				Event::ContractDeleted { contract, at, .. }
				| Event::VolumeRemoved { contract, at, .. } => {
					if let Some(m) = self.contracts.iter_mut().find(|m| m.id == *contract) {
						m.end = Some(m.end.map_or(*at, |e| e.min(*at)));
					}
				},
				Event::ContractClosed { contract, charged, owed } => {
					let nodes = &self.nodes;
					let m = self
						.contracts
						.iter_mut()
						.find(|m| m.id == *contract)
						.expect("known contract");
					// A contract closed on a drained node is billed up to its confirmed health.
					let cu = nodes[&m.node].confirmed_until();
					let end = m.end.unwrap_or(cu).min(cu);
					m.end = Some(end);
					prop_assert_eq!(
						charged + owed,
						m.expected(nodes),
						"closed contract {} billed wrongly",
						contract
					);
					m.closed = true;
					self.closed_charged += charged;
				},
				_ => {},
			}
		}
		self.events_seen = all.len();
		Ok(())
	}

	fn check(&mut self, initial_issuance: u128) -> Result<(), TestCaseError> {
		self.observe_events()?;
		prop_assert_eq!(Balances::total_issuance(), initial_issuance);
		Pallet::<Test>::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;

		let mut charged_total = self.closed_charged;
		let mut reserved: BTreeMap<NodeId, (u64, u64)> = BTreeMap::new();
		for m in self.contracts.iter().filter(|m| !m.closed) {
			let view = Pallet::<Test>::contract_view(m.id).expect("live contract has a record");
			prop_assert_eq!(
				view.charged + view.owed,
				m.expected(&self.nodes),
				"contract {} billed wrongly",
				m.id
			);
			// Charged as of the node's confirmed health, settled or not.
			charged_total += view.charged;
			if !matches!(view.state, ContractState::Deleted { .. }) {
				let r = reserved.entry(m.node).or_default();
				match m.volume.disk_type {
					DiskType::Ssd => r.0 += m.volume.size_gib,
					DiskType::Hdd => r.1 += m.volume.size_gib,
				}
			}
		}
		// Users: what they hold plus what they were charged is what they started with.
		let users: u128 = USERS.iter().map(|u| free(*u) + held(*u)).sum();
		prop_assert_eq!(users + charged_total, 3 * INITIAL, "users' funds leak");
		// The escrow holds the users' funds and what was charged and not yet paid out.
		let paid = free(PAYOUT) + free(PAYOUT2) + free(TREASURY);
		let escrow: u128 = USERS.iter().map(|u| held(*u)).sum();
		let pot = Balances::balance(&Pallet::<Test>::pot()) - ED;
		prop_assert_eq!(pot + paid, charged_total + escrow, "charged funds leak");
		let ledgers = FarmPayouts::<Test>::get(0).paid
			+ FarmPayouts::<Test>::get(1).paid
			+ TreasuryPayouts::<Test>::get().paid;
		prop_assert_eq!(ledgers, paid);
		for node in NODES {
			if let Some(n) = pallet_sc4it_registry::Nodes::<Test>::get(node) {
				let r = reserved.get(&node).copied().unwrap_or_default();
				prop_assert_eq!(
					(n.reserved.ssd_gib, n.reserved.hdd_gib),
					r,
					"node {} reservations",
					node
				);
			}
			if let Some(cu) = Pallet::<Test>::confirmed_until(node) {
				prop_assert_eq!(cu, self.nodes[&node].confirmed_until());
			}
		}
		Ok(())
	}

	fn apply(&mut self, op: Op) {
		let now = System::block_number();
		match op {
			Op::Create { user, node, ssd, size, blocks, extra } => {
				let volume = Volume {
					size_gib: size,
					disk_type: if ssd { DiskType::Ssd } else { DiskType::Hdd },
				};
				let rate = size as u128 * if ssd { SSD_PRICE } else { HDD_PRICE };
				let deposit = rate * blocks as u128 + extra as u128;
				let id = NextContractId::<Test>::get();
				let owner = USERS[user];
				if Pallet::<Test>::create_contract(
					RuntimeOrigin::signed(owner),
					NODES[node],
					volume,
					deposit,
				)
				.is_ok()
				{
					self.contracts.push(ContractModel {
						id,
						owner,
						node: NODES[node],
						rate,
						volume,
						start: None,
						end: None,
						closed: false,
					});
				}
			},
			Op::TopUp { payer, contract, amount } => {
				if let Some(m) = self.contract(contract) {
					let _ =
						Pallet::<Test>::top_up(RuntimeOrigin::signed(USERS[payer]), m.id, amount);
				}
			},
			Op::Cancel { contract, by_owner } => {
				if let Some(m) = self.contract(contract) {
					let who = if by_owner {
						m.owner
					} else {
						USERS.iter().copied().find(|u| *u != m.owner).unwrap()
					};
					let _ = Pallet::<Test>::cancel(RuntimeOrigin::signed(who), m.id);
				}
			},
			Op::Deploy { contract, now: at_now, pick } => {
				let Some(m) = self.contract(contract) else {
					return;
				};
				let (id, node_id) = (m.id, m.node);
				let created = Contracts::<Test>::get(id).map(|c| c.created_at).unwrap_or(now);
				let node = &self.nodes[&node_id];
				let low = node.segment_start.max(created);
				let cu = node.confirmed_until();
				let at = if at_now || low > cu { now } else { low + pick % (cu - low + 1) };
				if Pallet::<Test>::record_deployed(id, at, report(now)).is_ok() {
					let i = contract % self.contracts.len();
					self.contracts[i].start = Some(at.max(created));
				}
			},
			Op::Fail { contract } => {
				if let Some(m) = self.contract(contract) {
					let _ = Pallet::<Test>::record_failed(
						m.id,
						FailureReason::Internal,
						now,
						report(now),
					);
				}
			},
			Op::Remove { contract } => {
				if let Some(m) = self.contract(contract) {
					let _ = Pallet::<Test>::record_removed(m.id, now, report(now));
				}
			},
			Op::Health { node, blocks, healthy, removed } => {
				let node_id = NODES[node];
				let n = self.nodes.get_mut(&node_id).unwrap();
				let from = n.confirmed_until();
				let to = (from + blocks).min(now);
				if n.removed || to <= from {
					return;
				}
				// The oracle reports the contract events a report saw before the health of the
				// period they fall in, as the UsageOracle trait asks.
				let on_node: Vec<_> =
					self.contracts.iter().filter(|m| m.node == node_id && !m.closed).collect();
				if let (Some((i, pick)), false) = (removed, on_node.is_empty()) {
					let m = on_node[i % on_node.len()];
					let low = from.max(m.start.unwrap_or(from));
					if low <= to {
						let _ = Pallet::<Test>::record_removed(
							m.id,
							low + pick % (to - low + 1),
							report(to),
						);
					}
				}
				let n = self.nodes.get_mut(&node_id).unwrap();
				if let Ok(applied) = Pallet::<Test>::record_health(
					node_id,
					from,
					to,
					health_of(healthy),
					report(to),
					u32::MAX,
				)
				.map(|r| r.until)
				{
					assert!(applied >= from, "a report never moves the timeline back");
					let same_stretch = n.health.last() == Some(&healthy);
					if !same_stretch {
						n.segment_start = from;
					}
					n.health.extend(core::iter::repeat_n(healthy, (applied - from) as usize));
				}
			},
			Op::Advance { blocks } => run_to(now + blocks),
			Op::RemoveNode { node } => {
				let node_id = NODES[node];
				if Registry::remove_node(RuntimeOrigin::signed(FARMER), node_id).is_ok() {
					self.nodes.get_mut(&node_id).unwrap().removed = true;
				}
			},
		}
	}
}

fn cases() -> u32 {
	std::env::var("SC4IT_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000)
}

proptest! {
	#![proptest_config(ProptestConfig {
		cases: cases(),
		failure_persistence: None,
		..ProptestConfig::default()
	})]

	#[test]
	fn billing_conserves_funds_and_charges_exactly_the_healthy_deployed_blocks(
		ops in prop::collection::vec(op(), 1..60),
		max_work in 1..4u32,
	) {
		new_test_ext().execute_with(|| {
			// Small per-report budgets exercise reports that stop early and resume.
			MaxWorkPerReport::set(max_work);
			let issuance = Balances::total_issuance();
			let mut model = Model::new();
			model.check(issuance)?;
			for op in ops {
				model.apply(op);
				model.check(issuance)?;
			}
			Ok::<(), TestCaseError>(())
		})?;
	}
}

/// Runs one sequence through the model, printing each step: for investigating a failure that
/// the property test shrank.
#[allow(dead_code)]
fn replay(ops: Vec<Op>, max_work: u32) -> Result<(), TestCaseError> {
	new_test_ext().execute_with(|| {
		MaxWorkPerReport::set(max_work);
		let issuance = Balances::total_issuance();
		let mut model = Model::new();
		for op in ops {
			println!("block {}: {op:?}", System::block_number());
			model.apply(op);
			let outcome = model.check(issuance);
			for e in &events()[model.events_seen.saturating_sub(8)..] {
				println!("    {e:?}");
			}
			outcome?;
		}
		Ok(())
	})
}
