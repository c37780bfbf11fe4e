use crate::{mock::*, Error, Event};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_runtime::{traits::Hash, DispatchError, TokenError};

fn council() -> RuntimeOrigin {
	RuntimeOrigin::signed(COUNCIL)
}

fn force_balance(who: u64, free: u128) -> Box<RuntimeCall> {
	Box::new(RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
		who,
		new_free: free,
	}))
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Governance(e) => Some(e),
			_ => None,
		})
		.expect("an event of this pallet")
}

#[test]
fn a_council_motion_runs_a_root_call_and_says_so() {
	new_test_ext().execute_with(|| {
		let call = force_balance(ALICE, 42);
		let hash = <Test as frame_system::Config>::Hashing::hash_of(&call);
		assert_ok!(Governance::dispatch_as_root(council(), call));
		assert_eq!(Balances::balance(&ALICE), 42);
		assert_eq!(last_event(), Event::DispatchedAsRoot { call_hash: hash, result: Ok(()) });
	});
}

#[test]
fn nobody_else_reaches_root() {
	new_test_ext().execute_with(|| {
		for who in [ALICE, TREASURY] {
			assert_noop!(
				Governance::dispatch_as_root(
					RuntimeOrigin::signed(who),
					force_balance(who, 10_000)
				),
				DispatchError::BadOrigin
			);
		}
		assert_noop!(
			Governance::dispatch_as_root(RuntimeOrigin::none(), force_balance(ALICE, 10_000)),
			DispatchError::BadOrigin
		);
		assert!(System::events().is_empty());
	});
}

#[test]
fn a_failing_root_call_is_reported_not_hidden() {
	new_test_ext().execute_with(|| {
		// Root cannot make a call that wants a signed origin.
		let call = Box::new(RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
			dest: ALICE,
			value: 1,
		}));
		assert_ok!(Governance::dispatch_as_root(council(), call));
		assert!(matches!(
			last_event(),
			Event::DispatchedAsRoot { result: Err(DispatchError::BadOrigin), .. }
		));
		assert_eq!(Balances::balance(&ALICE), 100);
	});
}

#[test]
fn the_council_spends_from_the_treasury_with_an_event() {
	new_test_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		assert_ok!(Governance::spend(council(), ALICE, 300));
		assert_eq!(Balances::balance(&ALICE), 400);
		assert_eq!(Balances::balance(&TREASURY), TREASURY_FUNDS - 300);
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(last_event(), Event::TreasurySpent { to: ALICE, amount: 300 });
	});
}

#[test]
fn only_the_council_spends_and_never_the_treasury_away() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Governance::spend(RuntimeOrigin::signed(ALICE), ALICE, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(Governance::spend(council(), ALICE, 0), Error::<Test>::ZeroSpend);
		// All of it would reap the treasury; more than all of it does not exist.
		assert_noop!(
			Governance::spend(council(), ALICE, TREASURY_FUNDS),
			TokenError::NotExpendable
		);
		assert_noop!(
			Governance::spend(council(), ALICE, TREASURY_FUNDS + 1),
			TokenError::FundsUnavailable
		);
		assert_ok!(Governance::spend(council(), ALICE, TREASURY_FUNDS - ED));
		assert_eq!(Balances::balance(&TREASURY), ED);
	});
}
