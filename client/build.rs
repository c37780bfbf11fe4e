//! The chain's types are generated from `metadata.scale` by a macro that cargo cannot see read
//! it: this tells cargo to rebuild the crate when the file changes.

fn main() {
	println!("cargo:rerun-if-changed=metadata.scale");
}
