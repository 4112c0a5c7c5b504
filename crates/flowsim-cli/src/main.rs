//! The `flowsim` binary: see the crate's library for what it does.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let code = flowsim_cli::main_with(&args, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}
