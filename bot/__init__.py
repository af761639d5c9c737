"""The running program: settings, wiring, channel adapters, the job runner and the CLI."""
