//! A test for every call of the registry and every error it can return.

use crate::{mock::*, Error, Event, FarmIdByName, Farms, HoldReason, NodeIdByKey, Nodes, Pricing};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sc4it_primitives::{DiskType, FarmId, GridRegistry, NodeLifecycle as _, Volume};
use sp_runtime::{DispatchError, Perbill};

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

#[test]
fn genesis_builds_farm_node_and_pricing() {
	new_test_ext().execute_with(|| {
		let farm = Farms::<Test>::get(0).unwrap();
		assert_eq!((farm.owner, farm.payout_account, farm.node_count), (ALICE, PAYOUT, 1));
		let node = Nodes::<Test>::get(0).unwrap();
		assert_eq!(node.capacity, capacity(100, 200));
		assert_eq!(NodeIdByKey::<Test>::get(key(1)), Some(0));
		assert_eq!(Pricing::<Test>::get(), Some(pricing()));
		assert_eq!(LIFECYCLE.with(|l| l.borrow().clone()), vec![("registered", 0)]);
	});
}

#[test]
#[should_panic(expected = "registry genesis: invalid node of farm 0")]
fn genesis_with_an_invalid_url_refuses_to_build() {
	use sp_runtime::BuildStorage;
	let _ = RuntimeGenesisConfig {
		system: Default::default(),
		balances: Default::default(),
		registry: crate::GenesisConfig {
			farms: vec![(ALICE, b"demo".to_vec(), PAYOUT)],
			nodes: vec![(0, key(1), b"ftp://x".to_vec(), capacity(1, 1))],
			pricing: Some(pricing()),
			..Default::default()
		},
	}
	.build_storage();
}

#[test]
fn create_farm_works_and_names_are_unique_and_valid() {
	new_test_ext().execute_with(|| {
		assert_ok!(Registry::create_farm(signed(BOB), b"bob-farm_2".to_vec(), BOB));
		assert_eq!(
			last_event(),
			Event::FarmCreated {
				farm: 1,
				owner: BOB,
				name: b"bob-farm_2".to_vec().try_into().unwrap(),
				payout_account: BOB
			}
			.into()
		);
		assert_noop!(
			Registry::create_farm(signed(BOB), b"demo".to_vec(), BOB),
			Error::<Test>::FarmNameTaken
		);
		assert_noop!(
			Registry::create_farm(signed(BOB), vec![b'a'; 17], BOB),
			Error::<Test>::FarmNameTooLong
		);
		assert_noop!(
			Registry::create_farm(signed(BOB), b"".to_vec(), BOB),
			Error::<Test>::InvalidFarmName
		);
		assert_noop!(
			Registry::create_farm(signed(BOB), b"a b".to_vec(), BOB),
			Error::<Test>::InvalidFarmName
		);
		assert_noop!(
			Registry::create_farm(RuntimeOrigin::root(), b"x".to_vec(), BOB),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn payout_account_is_changed_by_the_owner_only() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Registry::set_payout_account(signed(BOB), 0, BOB),
			Error::<Test>::NotFarmOwner
		);
		assert_noop!(
			Registry::set_payout_account(signed(ALICE), 9, BOB),
			Error::<Test>::UnknownFarm
		);
		assert_ok!(Registry::set_payout_account(signed(ALICE), 0, 77));
		assert_eq!(Registry::farm_payout_account(0), Some(77));
		assert_eq!(
			last_event(),
			Event::FarmPayoutAccountChanged { farm: 0, payout_account: 77 }.into()
		);
	});
}

#[test]
fn a_farm_with_nodes_or_owed_payouts_cannot_be_removed() {
	new_test_ext().execute_with(|| {
		assert_noop!(Registry::remove_farm(signed(ALICE), 0), Error::<Test>::FarmHasNodes);
		assert_noop!(Registry::remove_farm(signed(BOB), 0), Error::<Test>::NotFarmOwner);
		assert_noop!(Registry::remove_farm(signed(ALICE), 5), Error::<Test>::UnknownFarm);
		assert_ok!(Registry::remove_node(signed(ALICE), 0));
		FARMS_OWED.with(|f| f.borrow_mut().push(0));
		assert_noop!(
			Registry::remove_farm(signed(ALICE), 0),
			DispatchError::Other("farm is owed payouts")
		);
		FARMS_OWED.with(|f| f.borrow_mut().clear());
		assert_ok!(Registry::remove_farm(signed(ALICE), 0));
		assert_eq!(last_event(), Event::FarmRemoved { farm: 0, deposit_returned: 100 }.into());
		assert!(Farms::<Test>::get(0).is_none());
		// The name is free again.
		assert_ok!(Registry::create_farm(signed(BOB), b"demo".to_vec(), BOB));
	});
}

#[test]
fn register_node_validates_owner_url_and_key() {
	new_test_ext().execute_with(|| {
		let url = b"https://93.184.215.2:8443/r".to_vec();
		assert_noop!(
			Registry::register_node(
				signed(BOB),
				0,
				key(2),
				proof(2, BOB),
				url.clone(),
				capacity(1, 1)
			),
			Error::<Test>::NotFarmOwner
		);
		assert_noop!(
			Registry::register_node(
				signed(ALICE),
				3,
				key(2),
				proof(2, ALICE),
				url.clone(),
				capacity(1, 1)
			),
			Error::<Test>::UnknownFarm
		);
		assert_noop!(
			Registry::register_node(
				signed(ALICE),
				0,
				key(1),
				proof(1, ALICE),
				url.clone(),
				capacity(1, 1)
			),
			Error::<Test>::NodeKeyInUse
		);
		for (bad, err) in [
			(vec![b'h'; 65], Error::<Test>::UrlTooLong),
			(b"ftp://host".to_vec(), Error::<Test>::UrlSchemeNotHttp),
			(b"http://bad host".to_vec(), Error::<Test>::UrlInvalidHost),
			(b"http://93.184.215.2:99999".to_vec(), Error::<Test>::UrlInvalidPort),
			(b"http://93.184.215.2/a\nb".to_vec(), Error::<Test>::UrlInvalidPath),
			(b"https://n2.example.org:8443/r".to_vec(), Error::<Test>::UrlHostName),
		] {
			assert_noop!(
				Registry::register_node(
					signed(ALICE),
					0,
					key(2),
					proof(2, ALICE),
					bad,
					capacity(1, 1)
				),
				err
			);
		}
		assert_ok!(Registry::register_node(
			signed(ALICE),
			0,
			key(2),
			proof(2, ALICE),
			url.clone(),
			capacity(1, 1)
		));
		assert_eq!(Farms::<Test>::get(0).unwrap().node_count, 2);
		assert_eq!(Registry::node_farm(1), Some(0));
		assert_eq!(
			LIFECYCLE.with(|l| l.borrow().clone()),
			vec![("registered", 0), ("registered", 1)]
		);
	});
}

#[test]
fn update_node_changes_url_and_key() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Registry::update_node(signed(BOB), 0, None, Some((key(3), proof(3, BOB)))),
			Error::<Test>::NotFarmOwner
		);
		assert_noop!(
			Registry::update_node(signed(ALICE), 7, None, None),
			Error::<Test>::UnknownNode
		);
		assert_noop!(
			Registry::update_node(
				signed(ALICE),
				0,
				Some(b"gopher://x".to_vec()),
				Some((key(3), proof(3, ALICE)))
			),
			Error::<Test>::UrlSchemeNotHttp
		);
		assert_ok!(Registry::update_node(
			signed(ALICE),
			0,
			Some(b"http://203.0.113.1:9/".to_vec()),
			Some((key(3), proof(3, ALICE)))
		));
		let node = Nodes::<Test>::get(0).unwrap();
		assert_eq!(
			(node.report_url.to_vec(), node.public_key),
			(b"http://203.0.113.1:9/".to_vec(), key(3))
		);
		assert_eq!(NodeIdByKey::<Test>::get(key(1)), None);
		assert_eq!(NodeIdByKey::<Test>::get(key(3)), Some(0));
		assert_eq!(last_event(), Event::NodeKeyChanged { node: 0, public_key: key(3) }.into());
		// A key another node uses is refused.
		assert_ok!(Registry::register_node(
			signed(ALICE),
			0,
			key(4),
			proof(4, ALICE),
			b"http://93.184.215.1".to_vec(),
			capacity(1, 1)
		));
		assert_noop!(
			Registry::update_node(signed(ALICE), 0, None, Some((key(4), proof(4, ALICE)))),
			Error::<Test>::NodeKeyInUse
		);
	});
}

#[test]
fn capacity_is_never_overbooked() {
	new_test_ext().execute_with(|| {
		let ssd = |size_gib| Volume { size_gib, disk_type: DiskType::Ssd };
		assert_ok!(Registry::reserve_capacity(0, &ssd(60)));
		assert_noop!(Registry::reserve_capacity(0, &ssd(41)), Error::<Test>::NodeFull);
		assert_noop!(Registry::reserve_capacity(0, &ssd(u64::MAX)), Error::<Test>::NodeFull);
		assert_noop!(Registry::reserve_capacity(0, &ssd(0)), Error::<Test>::ZeroSizedVolume);
		assert_noop!(Registry::reserve_capacity(9, &ssd(1)), Error::<Test>::UnknownNode);
		assert_ok!(Registry::reserve_capacity(
			0,
			&Volume { size_gib: 200, disk_type: DiskType::Hdd }
		));
		assert_ok!(Registry::reserve_capacity(0, &ssd(40)));
		assert_eq!(Nodes::<Test>::get(0).unwrap().reserved, capacity(100, 200));
		// Capacity cannot shrink below what is reserved.
		assert_noop!(
			Registry::set_node_capacity(signed(ALICE), 0, capacity(99, 500)),
			Error::<Test>::CapacityBelowReserved
		);
		assert_noop!(
			Registry::set_node_capacity(signed(BOB), 0, capacity(500, 500)),
			Error::<Test>::NotFarmOwner
		);
		assert_ok!(Registry::release_capacity(0, &ssd(50)));
		assert_ok!(Registry::set_node_capacity(signed(ALICE), 0, capacity(50, 200)));
		assert_eq!(
			last_event(),
			Event::NodeCapacityChanged { node: 0, capacity: capacity(50, 200) }.into()
		);
		// Releasing more than is reserved is an error, never a silent wrap.
		assert_noop!(Registry::release_capacity(0, &ssd(51)), Error::<Test>::Overflow);
	});
}

#[test]
fn remove_node_tells_the_contracts_pallet_and_frees_the_key() {
	new_test_ext().execute_with(|| {
		assert_noop!(Registry::remove_node(signed(BOB), 0), Error::<Test>::NotFarmOwner);
		assert_noop!(Registry::remove_node(signed(ALICE), 1), Error::<Test>::UnknownNode);
		assert_ok!(Registry::remove_node(signed(ALICE), 0));
		assert_eq!(
			last_event(),
			Event::NodeRemoved { node: 0, farm: 0, deposit_returned: 1_000 }.into()
		);
		assert_eq!(LIFECYCLE.with(|l| l.borrow().clone()), vec![("registered", 0), ("removed", 0)]);
		assert_eq!(Farms::<Test>::get(0).unwrap().node_count, 0);
		assert_eq!(NodeIdByKey::<Test>::get(key(1)), None);
		assert_eq!(Registry::node_farm(0), None);
		// Releasing capacity on a removed node is not an error.
		assert_ok!(Registry::release_capacity(
			0,
			&Volume { size_gib: 1, disk_type: DiskType::Ssd }
		));
		// Node ids are never reused.
		assert_ok!(Registry::register_node(
			signed(ALICE),
			0,
			key(1),
			proof(1, ALICE),
			b"http://93.184.215.1".to_vec(),
			capacity(1, 1)
		));
		assert_eq!(Registry::node_farm(1), Some(0));
	});
}

#[test]
fn pricing_is_set_by_root_within_bounds() {
	new_test_ext().execute_with(|| {
		let mut new = pricing();
		new.ssd_per_gib_block = 9;
		assert_noop!(Registry::set_pricing(signed(ALICE), new), DispatchError::BadOrigin);
		assert_ok!(Registry::set_pricing(RuntimeOrigin::root(), new));
		assert_eq!(Pricing::<Test>::get(), Some(new));
		assert_eq!(last_event(), Event::PricingChanged { pricing: new }.into());
		let mut zero = new;
		zero.hdd_per_gib_block = 0;
		assert_noop!(Registry::set_pricing(RuntimeOrigin::root(), zero), Error::<Test>::ZeroPrice);
		let mut greedy = new;
		greedy.protocol_fee = Perbill::from_percent(51);
		assert_noop!(
			Registry::set_pricing(RuntimeOrigin::root(), greedy),
			Error::<Test>::FeeTooHigh
		);
	});
}

#[test]
fn lifecycle_mock_is_what_the_registry_calls() {
	// Guards the mock itself: removal is refused only for farms marked as owed.
	new_test_ext().execute_with(|| {
		FARMS_OWED.with(|f| f.borrow_mut().push(3));
		assert!(RecordingLifecycle::ensure_farm_removable(3).is_err());
		assert!(RecordingLifecycle::ensure_farm_removable(0).is_ok());
	});
}

// ---------------------------------------------------------------- deposits and bounds

fn free(who: u64) -> u128 {
	use frame_support::traits::fungible::Inspect;
	Balances::balance(&who)
}

fn on_hold(reason: HoldReason, who: u64) -> u128 {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&reason.into(), &who)
}

#[test]
fn farms_and_nodes_hold_a_deposit_returned_when_they_go() {
	new_test_ext().execute_with(|| {
		// Genesis: Alice's farm and node hold theirs.
		assert_eq!(on_hold(HoldReason::FarmDeposit, ALICE), 100);
		assert_eq!(on_hold(HoldReason::NodeDeposit, ALICE), 1_000);
		assert_eq!(free(ALICE), INITIAL - 1_100);
		assert_ok!(Registry::create_farm(signed(BOB), b"bobs".to_vec(), BOB));
		assert_ok!(Registry::register_node(
			signed(BOB),
			1,
			key(7),
			proof(7, BOB),
			b"http://127.0.0.1:1".to_vec(),
			capacity(1, 1)
		));
		assert_eq!(free(BOB), INITIAL - 1_100);
		assert_eq!(Nodes::<Test>::get(1).map(|n| n.deposit), Some(1_000));
		assert_ok!(Registry::remove_node(signed(BOB), 1));
		assert_ok!(Registry::remove_farm(signed(BOB), 1));
		assert_eq!(free(BOB), INITIAL);
		assert_eq!(on_hold(HoldReason::NodeDeposit, BOB), 0);
		// Governance changes the deposits of what comes next; what exists keeps its own.
		let cheaper = crate::DepositPolicy { farm: 1, node: 2 };
		assert_noop!(Registry::set_deposits(signed(ALICE), cheaper), DispatchError::BadOrigin);
		assert_ok!(Registry::set_deposits(RuntimeOrigin::root(), cheaper));
		assert_eq!(Nodes::<Test>::get(0).map(|n| n.deposit), Some(1_000));
		assert_ok!(Registry::create_farm(signed(BOB), b"bobs2".to_vec(), BOB));
		assert_eq!(free(BOB), INITIAL - 1);
	});
}

#[test]
fn a_farmer_who_cannot_pay_the_deposit_registers_nothing() {
	new_test_ext().execute_with(|| {
		let poor = 42;
		assert_noop!(
			Registry::create_farm(signed(poor), b"poor".to_vec(), poor),
			sp_runtime::TokenError::FundsUnavailable
		);
		assert!(FarmIdByName::<Test>::get(BoundedVec::truncate_from(b"poor".to_vec())).is_none());
	});
}

#[test]
fn a_farm_has_at_most_max_nodes_per_farm() {
	new_test_ext().execute_with(|| {
		// Node 0 is the first of the three allowed.
		for seed in [2, 3] {
			assert_ok!(Registry::register_node(
				signed(ALICE),
				0,
				key(seed),
				proof(seed, ALICE),
				b"http://127.0.0.1:1".to_vec(),
				capacity(1, 1)
			));
		}
		assert_noop!(
			Registry::register_node(
				signed(ALICE),
				0,
				key(4),
				proof(4, ALICE),
				b"http://127.0.0.1:1".to_vec(),
				capacity(1, 1)
			),
			Error::<Test>::TooManyNodes
		);
	});
}

#[test]
fn report_urls_must_be_public_unless_the_chain_allows_otherwise() {
	new_test_ext().execute_with(|| {
		assert_ok!(Registry::set_url_policy(RuntimeOrigin::root(), Default::default()));
		assert_noop!(
			Registry::set_url_policy(signed(ALICE), Default::default()),
			DispatchError::BadOrigin
		);
		let register_key = |url: &str, seed: u8| {
			Registry::register_node(
				signed(ALICE),
				0,
				key(seed),
				proof(seed, ALICE),
				url.as_bytes().to_vec(),
				capacity(1, 1),
			)
		};
		let register = |url: &str| register_key(url, 9);
		assert_noop!(register("http://127.0.0.1:3030"), Error::<Test>::UrlLoopbackHost);
		assert_noop!(register("http://localhost:3030"), Error::<Test>::UrlLoopbackHost);
		assert_noop!(register("http://192.168.0.10"), Error::<Test>::UrlPrivateHost);
		assert_noop!(register("http://169.254.169.254"), Error::<Test>::UrlPrivateHost);
		assert_noop!(register("http://0.0.0.0:80"), Error::<Test>::UrlNotAHost);
		assert_noop!(register("http://198.18.0.1:8700"), Error::<Test>::UrlPrivateHost);
		assert_noop!(register("http://[64:ff9b:1::1]"), Error::<Test>::UrlPrivateHost);
		assert_noop!(register("http://192.0.0.8"), Error::<Test>::UrlNotAHost);
		assert_noop!(register("http://[2001:db8::1]:8700"), Error::<Test>::UrlNotAHost);
		assert_noop!(
			Registry::update_node(signed(ALICE), 0, Some(b"http://[::1]:1".to_vec()), None),
			Error::<Test>::UrlLoopbackHost
		);
		// Host names are refused whatever the policy: validators would resolve them where
		// their oracle's deadline cannot stop it. `localhost` is loopback.
		assert_noop!(register("https://node.farm.example.org"), Error::<Test>::UrlHostName);
		assert_noop!(
			Registry::update_node(
				signed(ALICE),
				0,
				Some(b"http://node.example:8700".to_vec()),
				None
			),
			Error::<Test>::UrlHostName
		);
		assert_ok!(register("https://93.184.215.14"));
		assert_ok!(register_key("http://[2a01:4f8:c17:1::7]:8700/r", 10));
		let everything = crate::url::UrlPolicy { allow_loopback: true, allow_private: true };
		assert_ok!(Registry::set_url_policy(RuntimeOrigin::root(), everything));
		let update = |url: &str| {
			Registry::update_node(signed(ALICE), 0, Some(url.as_bytes().to_vec()), None)
		};
		assert_noop!(update("http://node.localhost"), Error::<Test>::UrlHostName);
		assert_noop!(update("http://farm.lan:8700"), Error::<Test>::UrlHostName);
		assert_ok!(update("http://localhost:8701"));
		assert_ok!(update("http://198.18.0.1:8700"));
	});
}

#[test]
fn nobody_registers_a_node_key_they_do_not_hold() {
	new_test_ext().execute_with(|| {
		let url = || b"http://93.184.215.2:8700".to_vec();
		assert_ok!(Registry::create_farm(signed(BOB), b"bobs".to_vec(), BOB));
		// Bob saw Alice's registration of key 2 in the pool and copies her proof: it names Alice.
		assert_noop!(
			Registry::register_node(signed(BOB), 1, key(2), proof(2, ALICE), url(), capacity(1, 1)),
			Error::<Test>::BadKeyProof
		);
		// Nor does a proof by another key, or one made for another chain.
		assert_noop!(
			Registry::register_node(signed(BOB), 1, key(2), proof(3, BOB), url(), capacity(1, 1)),
			Error::<Test>::BadKeyProof
		);
		let elsewhere = sp_core::Pair::sign(
			&pair(2),
			&sc4it_primitives::node_key::proof_payload(&[7; 32], &BOB),
		);
		assert_noop!(
			Registry::register_node(signed(BOB), 1, key(2), elsewhere, url(), capacity(1, 1)),
			Error::<Test>::BadKeyProof
		);
		// Moving his own node to Alice's key fails the same way.
		assert_ok!(Registry::register_node(
			signed(BOB),
			1,
			key(5),
			proof(5, BOB),
			url(),
			capacity(1, 1)
		));
		assert_noop!(
			Registry::update_node(signed(BOB), 1, None, Some((key(2), proof(2, ALICE)))),
			Error::<Test>::BadKeyProof
		);
		// Alice, who holds key 2, registers it.
		assert_ok!(Registry::register_node(
			signed(ALICE),
			0,
			key(2),
			proof(2, ALICE),
			url(),
			capacity(1, 1)
		));
		assert_eq!(NodeIdByKey::<Test>::get(key(2)), Some(2));
	});
}

// ---------------------------------------------------------------- farms' prices

fn farm_prices(ssd: u128, hdd: u128) -> sc4it_primitives::DiskPrices<u128> {
	sc4it_primitives::DiskPrices { ssd_per_gib_block: ssd, hdd_per_gib_block: hdd }
}

fn ssd_price_of(farm: FarmId) -> u128 {
	Registry::pricing_of(farm).expect("the grid has a pricing policy").ssd_per_gib_block
}

#[test]
fn a_farm_sets_its_prices_within_bounds_and_a_rise_waits_the_notice() {
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		// Genesis farm 0 is ALICE's; the grid's SSD price is 5 and bounds are 1..=100.
		assert_eq!(ssd_price_of(0), 5);
		assert_noop!(
			Registry::set_farm_prices(signed(BOB), 0, farm_prices(3, 2)),
			Error::<Test>::NotFarmOwner
		);
		assert_noop!(
			Registry::set_farm_prices(signed(ALICE), 0, farm_prices(101, 2)),
			Error::<Test>::PriceOutOfBounds
		);
		assert_noop!(
			Registry::set_farm_prices(signed(ALICE), 0, farm_prices(0, 2)),
			Error::<Test>::PriceOutOfBounds
		);
		assert_noop!(
			Registry::set_farm_prices(signed(ALICE), 9, farm_prices(3, 2)),
			Error::<Test>::UnknownFarm
		);
		// Lower: at once.
		assert_ok!(Registry::set_farm_prices(signed(ALICE), 0, farm_prices(3, 2)));
		assert_eq!(
			last_event(),
			Event::FarmPricesSet {
				farm: 0,
				prices: farm_prices(3, 2),
				from: 1,
				until_then: farm_prices(3, 2)
			}
			.into()
		);
		assert_eq!(ssd_price_of(0), 3);
		// Higher: from 10 blocks on (the mock's notice).
		assert_ok!(Registry::set_farm_prices(signed(ALICE), 0, farm_prices(8, 2)));
		assert_eq!(
			last_event(),
			Event::FarmPricesSet {
				farm: 0,
				prices: farm_prices(8, 2),
				from: 11,
				until_then: farm_prices(3, 2)
			}
			.into()
		);
		System::set_block_number(10);
		assert_eq!(ssd_price_of(0), 3);
		System::set_block_number(11);
		assert_eq!(ssd_price_of(0), 8);
		// Lowering again before a rise applies cancels the rise.
		System::set_block_number(12);
		assert_ok!(Registry::set_farm_prices(signed(ALICE), 0, farm_prices(9, 2)));
		assert_ok!(Registry::set_farm_prices(signed(ALICE), 0, farm_prices(4, 2)));
		System::set_block_number(30);
		assert_eq!(ssd_price_of(0), 4);
	});
}

#[test]
fn price_bounds_are_governance_s_and_bound_every_price_a_contract_pays() {
	new_test_ext().execute_with(|| {
		let bounds =
			sc4it_primitives::PriceBounds { min: farm_prices(2, 2), max: farm_prices(4, 4) };
		assert_noop!(Registry::set_price_bounds(signed(ALICE), bounds), DispatchError::BadOrigin);
		let upside_down =
			sc4it_primitives::PriceBounds { min: farm_prices(5, 5), max: farm_prices(4, 4) };
		assert_noop!(
			Registry::set_price_bounds(RuntimeOrigin::root(), upside_down),
			Error::<Test>::PriceOutOfBounds
		);
		assert_ok!(Registry::set_farm_prices(signed(ALICE), 0, farm_prices(50, 50)));
		System::set_block_number(100);
		assert_ok!(Registry::set_price_bounds(RuntimeOrigin::root(), bounds));
		// The farm's 50 is brought within the new bounds, and so is the grid's 5 for farms
		// without prices: every price a new contract pays is within them.
		assert_eq!(ssd_price_of(0), 4);
		assert_eq!(ssd_price_of(7), 4);
	});
}

#[test]
fn a_mixed_change_lowers_at_once_and_raises_after_the_notice() {
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		assert_ok!(Registry::set_farm_prices(signed(ALICE), 0, farm_prices(4, 2)));
		// SSD down to 3, HDD up to 6: SSD 3 at once, HDD 2 until block 11, then 6.
		assert_ok!(Registry::set_farm_prices(signed(ALICE), 0, farm_prices(3, 6)));
		assert_eq!(
			last_event(),
			Event::FarmPricesSet {
				farm: 0,
				prices: farm_prices(3, 6),
				from: 11,
				until_then: farm_prices(3, 2)
			}
			.into()
		);
		let hdd = || Registry::pricing_of(0).unwrap().hdd_per_gib_block;
		assert_eq!((ssd_price_of(0), hdd()), (3, 2));
		System::set_block_number(11);
		assert_eq!((ssd_price_of(0), hdd()), (3, 6));
	});
}
