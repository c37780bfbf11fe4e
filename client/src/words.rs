//! A contract's state and end, and a motion's call, in words: the same in the command line and
//! the dashboard.

use crate::{
	governance::RuntimeCall,
	runtime::runtime_types::pallet_sc4it_contracts::types::{ContractState, DeleteReason},
	AccountId,
};

/// A contract's state for people: `deployed`, `grace period since block 5, ends at block 9`...
pub fn contract_state(state: &ContractState<u32>) -> String {
	match state {
		ContractState::Created => "created (waiting for deployment)".into(),
		ContractState::Deployed => "deployed".into(),
		ContractState::GracePeriod { since, ends } => {
			format!("grace period since block {since}, ends at block {ends}")
		},
		ContractState::Deleted { at, reason } => {
			format!("deleted at block {at}: {}", delete_reason(reason))
		},
	}
}

/// Why a contract ended, for people.
pub fn delete_reason(reason: &DeleteReason) -> String {
	match reason {
		DeleteReason::CanceledByUser => "cancelled by its owner".into(),
		DeleteReason::OutOfFunds => "out of funds".into(),
		DeleteReason::NodeDown => "its node was down too long".into(),
		DeleteReason::NodeRemoved => "its node was removed".into(),
		DeleteReason::DeploymentFailed(why) => format!("deployment failed ({why:?})"),
		DeleteReason::VolumeRemoved => "its volume was removed by the node".into(),
		DeleteReason::VolumeFailed(why) => format!("its volume failed ({why:?})"),
	}
}

/// What a call does, in one line: the shortcuts' calls by name and account, others by their
/// pallet and call names (and fields, cut at 100 characters).
pub fn call_summary(call: &RuntimeCall) -> String {
	use crate::runtime::runtime_types::{
		pallet_membership::pallet::Call as Membership,
		pallet_sc4it_validators::pallet::Call as Validators,
	};
	let member = |who: &subxt::utils::MultiAddress<AccountId, ()>| match who {
		subxt::utils::MultiAddress::Id(id) => id.to_string(),
		other => format!("{other:?}"),
	};
	match call {
		RuntimeCall::Validators(Validators::add_validator { who }) => {
			format!("add validator {who}")
		},
		RuntimeCall::Validators(Validators::remove_validator { who }) => {
			format!("remove validator {who}")
		},
		RuntimeCall::CouncilMembership(Membership::add_member { who }) => {
			format!("add council member {}", member(who))
		},
		RuntimeCall::CouncilMembership(Membership::remove_member { who }) => {
			format!("remove council member {}", member(who))
		},
		other => {
			let text = format!("{other:?}");
			match text.char_indices().nth(100) {
				Some((cut, _)) => format!("{}…", &text[..cut]),
				None => text,
			}
		},
	}
}
